using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Operations;

namespace Encaisse.Risk.Factoring.Cli;

/// <summary><c>encaisse factoring factor|factors|assign|unassign|remit|transfers|transfer-done</c>: factors, invoices sold to them, bordereaux de cession.</summary>
internal static class FactoringCommands
{
    public static Command Build()
    {
        var command = new Command("factoring", "Factoring (affacturage): factors, invoices sold to them, remittances");
        command.Subcommands.Add(FactorCommand());
        command.Subcommands.Add(FactorsCommand());
        command.Subcommands.Add(AssignCommand());
        command.Subcommands.Add(UnassignCommand());
        command.Subcommands.Add(RemitCommand());
        command.Subcommands.Add(TransfersCommand());
        command.Subcommands.Add(TransferDoneCommand());
        return command;
    }

    private static string Actor => "cli:" + Environment.UserName;

    private static Command FactorCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The factor's name (unique; used by assign and remit)" };
        var iban = new Option<string>("--iban") { Description = "Account subrogated payments go to", Required = true };
        var bic = new Option<string?>("--bic") { Description = "BIC of that account" };
        var contract = new Option<string?>("--contract") { Description = "Factoring contract number" };
        var mode = new Option<string>("--mode")
        {
            Description = "notified (the customer pays the factor; the invoice leaves dunning) or confidential (the seller keeps collecting)",
            DefaultValueFactory = _ => "notified",
        };
        var command = new Command("factor", "Create or update a factor") { name, iban, bic, contract, mode };
        command.SetHandler(async (ctx, ct) =>
        {
            var modeText = ctx.Parse.GetValue(mode);
            if (!Enum.TryParse<FactoringMode>(modeText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new UsageException($"--mode: '{modeText}' is not notified or confidential.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var factor = (await FactoringOperations.SetFactorAsync(db,
                new FactorInput(ctx.Parse.GetValue(name), ctx.Parse.GetValue(iban), ctx.Parse.GetValue(bic), ctx.Parse.GetValue(contract), parsed), ctx.Clock, ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(View(factor));
            }
            else
            {
                await Console.Out.WriteLineAsync($"{factor.Name}: {factor.Mode.ToString().ToLowerInvariant()} factoring, payments to {factor.Iban}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command FactorsCommand()
    {
        var command = new Command("factors", "List the factors");
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var factors = await FactoringOperations.FactorsAsync(db, ct);
            if (ctx.Json)
            {
                CliJson.Write(factors.Select(View));
            }
            else
            {
                foreach (var f in factors)
                {
                    await Console.Out.WriteLineAsync($"{f.Name}\t{f.Mode.ToString().ToLowerInvariant()}\t{f.Iban}\t{f.ContractNumber}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AssignCommand()
    {
        var invoices = new Argument<string[]>("INVOICE") { Description = "Invoice numbers", Arity = ArgumentArity.OneOrMore };
        var factor = new Option<string>("--factor") { Description = "The factor's name", Required = true };
        var command = new Command("assign", "Sell invoices to a factor (all or nothing; already assigned to it: unchanged)") { invoices, factor };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var summary = (await FactoringOperations.AssignAsync(db, ctx.Parse.GetValue(factor), ctx.Parse.GetValue(invoices)!, Actor, ctx.Clock, ctx.Today(tenant), ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(summary);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{summary.Assigned.Count} invoice(s) assigned to {summary.Factor} ({summary.Mode.ToString().ToLowerInvariant()}), "
                    + $"{summary.AlreadyAssigned.Count} already assigned to it");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command UnassignCommand()
    {
        var invoices = new Argument<string[]>("INVOICE") { Description = "Invoice numbers", Arity = ArgumentArity.OneOrMore };
        var repurchase = new Option<string?>("--repurchase")
        {
            Description = "The factor's reference of its repurchase (rétrocession), required for an invoice already remitted on a bordereau",
        };
        var command = new Command("unassign", "Take invoices back from their factor (all or nothing): before a bordereau, or as the factor's repurchase after one")
        {
            invoices, repurchase,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var summary = (await FactoringOperations.UnassignAsync(db, ctx.Parse.GetValue(invoices)!, ctx.Parse.GetValue(repurchase), Actor, ctx.Clock, ctx.Today(tenant), ct))
                .OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(summary);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{summary.Unassigned.Count} invoice(s) taken back before remittance, {summary.Repurchased.Count} repurchased by the factor; "
                    + $"back in the seller's dunning: {(summary.BackInDunning.Count == 0 ? "none" : string.Join(", ", summary.BackInDunning))}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RemitCommand()
    {
        var factor = new Option<string>("--factor") { Description = "The factor's name", Required = true };
        var output = new Option<string>("--output") { Description = "Folder the bordereau files (CSV and PDF) are written to", Required = true };
        var command = new Command("remit", "Write the bordereau de cession of the invoices assigned and not yet remitted, and mark them remitted") { factor, output };
        command.SetHandler(async (ctx, ct) =>
        {
            var folder = ctx.Parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var remittances = (await FactoringOperations.RemitAsync(db, ctx.Parse.GetValue(factor), Actor, ctx.Clock, ctx.Today(tenant), ct)).OrThrow();
            var files = new List<object>();
            if (remittances.Count > 0)
            {
                var factorRow = (await FactoringOperations.FactorsAsync(db, ct)).Single(f => f.Name == remittances[0].Factor);
                foreach (var r in remittances)
                {
                    var csv = Path.Combine(folder, r.Reference + ".csv");
                    var pdf = Path.Combine(folder, r.Reference + ".pdf");
                    await File.WriteAllBytesAsync(csv, await RemittanceDocuments.CsvAsync(r, ct), ct);
                    await File.WriteAllBytesAsync(pdf, RemittanceDocuments.Pdf(r, tenant, factorRow), ct);
                    files.Add(new
                    {
                        reference = r.Reference, invoices = r.Lines.Count, total = Currencies.FromMinor(r.TotalMinor, r.Currency),
                        creditNotes = r.Deductions.Select(d => new { creditNote = d.CreditNote, invoice = d.Invoice, amount = Currencies.FromMinor(d.AmountMinor, d.Currency) }),
                        deducted = Currencies.FromMinor(r.DeductionMinor, r.Currency), net = Currencies.FromMinor(r.NetMinor, r.Currency), currency = r.Currency, csv, pdf,
                    });
                }
            }

            if (ctx.Json)
            {
                CliJson.Write(new { remittances = files });
            }
            else if (remittances.Count == 0)
            {
                await Console.Out.WriteLineAsync("Nothing to remit: every assigned invoice is already on a bordereau.");
            }
            else
            {
                foreach (var r in remittances)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Reference}: {r.Lines.Count} invoice(s), {Currencies.FormatInvariant(r.TotalMinor, r.Currency)} {r.Currency}, {r.Deductions.Count} credit note(s) deducted ({Currencies.FormatInvariant(r.DeductionMinor, r.Currency)}) ({r.Reference}.csv, {r.Reference}.pdf)"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command TransfersCommand()
    {
        var all = new Option<bool>("--all") { Description = "Also list the invoices whose receipts were transferred in full" };
        var command = new Command("transfers", "Payments the seller received for factored invoices, still to transfer to the factor") { all };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var rows = await FactoringTransfers.DueAsync(db, ct, includeDone: ctx.Parse.GetValue(all));
            if (ctx.Json)
            {
                CliJson.Write(rows.Select(TransferView));
                return ExitCodes.Success;
            }

            if (rows.Count == 0)
            {
                await Console.Out.WriteLineAsync("Nothing to transfer to a factor.");
            }

            foreach (var r in rows)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Invoice}\t{r.CustomerRef}\t{r.Factor}\t{Currencies.FormatInvariant(r.DueMinor, r.Currency)} {r.Currency} to transfer (received {Currencies.FormatInvariant(r.ReceivedMinor, r.Currency)}, last on {r.LastReceivedOn:yyyy-MM-dd}: {string.Join(", ", r.Payments)})"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command TransferDoneCommand()
    {
        var invoices = new Argument<string[]>("INVOICE") { Description = "Invoice numbers whose receipts were transferred to the factor", Arity = ArgumentArity.OneOrMore };
        var amount = new Option<decimal?>("--amount") { Description = "Amount transferred (one invoice only; default: all that is due)" };
        var on = new Option<DateOnly?>("--on") { Description = "Date of the transfer (default today)" };
        var reference = new Option<string?>("--reference") { Description = "Bank reference of the transfer" };
        var command = new Command("transfer-done", "Record that what the seller received for factored invoices was transferred to the factor") { invoices, amount, on, reference };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var done = (await FactoringTransfers.RecordAsync(db, ctx.Parse.GetValue(invoices)!, ctx.Parse.GetValue(amount), ctx.Parse.GetValue(on), ctx.Parse.GetValue(reference),
                Actor, ctx.Clock, ctx.Today(tenant), ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(done.Select(d => new { invoice = d.Invoice, factor = d.Factor, amount = Currencies.FromMinor(d.AmountMinor, d.Currency), currency = d.Currency,
                    transferredOn = d.TransferredOn, reference = d.Reference, left = Currencies.FromMinor(d.LeftMinor, d.Currency) }));
            }
            else
            {
                foreach (var d in done)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{d.Invoice}: {Currencies.FormatInvariant(d.AmountMinor, d.Currency)} {d.Currency} transferred to {d.Factor} on {d.TransferredOn:yyyy-MM-dd}; {Currencies.FormatInvariant(d.LeftMinor, d.Currency)} left"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static object TransferView(TransferDue r) => new
    {
        invoice = r.Invoice, customerRef = r.CustomerRef, customerName = r.CustomerName, factor = r.Factor, mode = r.Mode, currency = r.Currency,
        received = Currencies.FromMinor(r.ReceivedMinor, r.Currency), transferred = Currencies.FromMinor(r.TransferredMinor, r.Currency),
        toTransfer = Currencies.FromMinor(r.DueMinor, r.Currency), lastReceivedOn = r.LastReceivedOn, payments = r.Payments,
    };

    private static object View(Factor f) => new { name = f.Name, mode = f.Mode, iban = f.Iban, bic = f.Bic, contractNumber = f.ContractNumber };
}
