using System.CommandLine;
using Encaisse.Cli;

namespace Encaisse.Legal.Cli;

/// <summary><c>encaisse legal due-date</c> and <c>encaisse legal check-id</c>: pure checks, no database.</summary>
internal static class TermsCommands
{
    public static Command DueDate()
    {
        var invoiceDate = new Option<string>("--invoice-date") { Description = "Invoice issue date (yyyy-mm-dd)", Required = true };
        var terms = new Option<string>("--terms") { Description = "net30, 45eom, eom+15 or fixed:yyyy-mm-dd", Required = true };
        var method = new Option<string>("--method") { Description = "For NNeom: end-then-45 (default) or 45-then-end", DefaultValueFactory = _ => "end-then-45" };
        var sector = new Option<string>("--sector") { Description = "general (default), transport, perishable, livestock, alcohol, periodic", DefaultValueFactory = _ => "general" };
        var delivery = new Option<string?>("--delivery-date") { Description = "Delivery date, for sector caps counted from delivery" };
        var command = new Command("due-date", "Due date from payment terms, checked against the legal maximum") { invoiceDate, terms, method, sector, delivery };
        command.SetHandler((ctx, ct) =>
        {
            var p = ctx.Parse;
            var issued = LegalCli.RequiredDate(p.GetValue(invoiceDate), "--invoice-date");
            if (!PaymentTerms.TryParse(p.GetValue(terms), out var parsed))
            {
                throw new UsageException($"--terms: '{p.GetValue(terms)}' is not net30, 45eom, eom+15 or fixed:yyyy-mm-dd.");
            }

            var m = p.GetValue(method) switch
            {
                "end-then-45" or "end-then-days" or "a" => EndOfMonthMethod.EndThenDays,
                "45-then-end" or "days-then-end" or "b" => EndOfMonthMethod.DaysThenEnd,
                var other => throw new UsageException($"--method: '{other}' is not end-then-45 or 45-then-end."),
            };
            var s = p.GetValue(sector) switch
            {
                "general" => TermsSector.General,
                "transport" => TermsSector.Transport,
                "perishable" => TermsSector.PerishableFood,
                "livestock" => TermsSector.Livestock,
                "alcohol" => TermsSector.Alcohol,
                "periodic" => TermsSector.PeriodicInvoice,
                var other => throw new UsageException($"--sector: '{other}' is not general, transport, perishable, livestock, alcohol or periodic."),
            };
            var check = PaymentTermsRules.DueDate(issued, parsed, m, s, CliRunner.ParseDate(p.GetValue(delivery), "--delivery-date"));
            if (ctx.Json)
            {
                CliJson.Write(new { dueDate = check.DueDate, withinLegalCap = check.WithinLegalCap, legalCap = check.LegalCap, warnings = check.Warnings.Select(w => w.ToString()).ToList() });
            }
            else
            {
                Console.Out.WriteLine($"Due date: {check.DueDate:yyyy-MM-dd} ({(check.WithinLegalCap ? "within" : "PAST")} the legal maximum {check.LegalCap:yyyy-MM-dd})");
                foreach (var warning in check.Warnings)
                {
                    Console.Out.WriteLine("warning: " + warning);
                }
            }

            _ = ct;
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    public static Command CheckId()
    {
        var value = new Argument<string>("value") { Description = "SIREN (9 digits), SIRET (14 digits) or French VAT number (FR..)" };
        var command = new Command("check-id", "Check a SIREN, SIRET or French VAT number and derive the VAT number") { value };
        command.SetHandler((ctx, ct) =>
        {
            var check = FrenchIdentifiers.Check(ctx.Parse.GetValue(value) ?? "");
            if (check.Kind == IdentifierKind.Unknown)
            {
                throw new UsageException(check.Reason ?? "Not a SIREN, SIRET or French VAT number.");
            }

            var kind = check.Kind.ToString().ToLowerInvariant();
            if (ctx.Json)
            {
                CliJson.Write(new { kind, valid = check.Valid, vat = check.Vat, reason = check.Reason });
            }
            else
            {
                Console.Out.WriteLine($"{kind}: {(check.Valid ? "valid" : "INVALID")}{(check.Vat is null ? "" : ", VAT " + check.Vat)}{(check.Reason is null ? "" : " — " + check.Reason)}");
            }

            _ = ct;
            return Task.FromResult(check.Valid ? ExitCodes.Success : ExitCodes.Failure);
        });
        return command;
    }
}
