using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Operations;
using Encaisse.Ledger.Api;
using Encaisse.Ledger.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Cli;

internal static class LedgerCommands
{
    public static Command Build()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Date (yyyy-mm-dd) of the position; default today in the tenant's time zone" };
        var reference = new Argument<string>("REF") { Description = "Customer reference (external key, e.g. 411DUPONT)" };
        var customer = new Command("customer", "A customer's identity, open items and balance per currency") { reference, asOf };
        customer.SetHandler(async (ctx, ct) =>
        {
            StartupTrace.Mark("verb");
            var tenant = await ctx.TenantAsync(ct);
            StartupTrace.Mark("tenant read");
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            // The customer's position through the one reader of positions, on a plain connection: no EF context (ADR 1170).
            await using var connection = await ctx.RawConnectionAsync(ct);
            var reader = new PositionReader(connection, (await ctx.DatabaseAsync(ct)).Target.Provider, tenant.Id);
            var customerRef = ctx.Parse.GetValue(reference)!;
            var (found, position) = await CustomerPositions.ForRefAsync(reader, customerRef, date, open: true, ct)
                ?? throw new UsageException($"No customer '{customerRef}' in tenant '{tenant.Code}'.");
            StartupTrace.Mark("position read");
            var items = position.OpenItems;
            var balances = position.Balances;
            var openItems = items.OrderBy(i => i.DueDate).ThenBy(i => i.Number).Select(OpenItemDto.From).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new CustomerSheetJson(date, CustomerDto.From(found, tenant.Currency, balances), openItems), LedgerCliJson.Shape.CustomerSheetJson);
                StartupTrace.Mark("json written");
                return ExitCodes.Success;
            }

            await Console.Out.WriteLineAsync($"{found.ExternalRef}  {found.LegalName}  ({found.Kind}, SIREN {found.Siren ?? "-"})");
            foreach (var b in balances)
            {
                await Console.Out.WriteLineAsync($"  {b.Currency}: open {Currencies.FormatInvariant(b.OpenInvoicesMinor, b.Currency)}, overdue {Currencies.FormatInvariant(b.OverdueMinor, b.Currency)}, credit {Currencies.FormatInvariant(b.CreditMinor, b.Currency)}, balance {Currencies.FormatInvariant(b.BalanceMinor, b.Currency)}");
            }

            foreach (var i in openItems)
            {
                await Console.Out.WriteLineAsync($"  {i.Number,-18} due {i.DueDate:yyyy-MM-dd}  {i.Open,12:F2} {i.Currency}  {i.Status}{(i.DaysOverdue > 0 ? $" ({i.DaysOverdue} days)" : "")}");
            }

            return ExitCodes.Success;
        });

        var openItems = new Command("open-items", "Every open item of the tenant on a date (oldest due first)") { asOf };
        openItems.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var refs = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.ExternalRef }).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
            var items = await LedgerQueries.OpenItemsAsync(db, LedgerQueries.OpenDocuments(db, date), date, ct);
            var rows = items.OrderBy(i => i.DueDate).ThenBy(i => i.Number)
                .Select(i => new { customerRef = refs[i.CustomerId], item = OpenItemDto.From(i) }).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new
                {
                    asOf = date,
                    count = rows.Count,
                    totals = items.GroupBy(i => i.Currency).Select(g => new { currency = g.Key, open = Currencies.FromMinor(g.Sum(i => i.OpenMinor), g.Key) }),
                    items = rows.Select(r => new
                    {
                        r.customerRef, r.item.Number, r.item.Kind, r.item.Instalment, r.item.IssueDate, r.item.DueDate, r.item.Currency,
                        r.item.Original, r.item.Open, r.item.DaysOverdue, r.item.Status,
                    }),
                });
                return ExitCodes.Success;
            }

            foreach (var r in rows)
            {
                await Console.Out.WriteLineAsync($"{r.customerRef,-18} {r.item.Number,-18} due {r.item.DueDate:yyyy-MM-dd} {r.item.Open,12:F2} {r.item.Currency} {r.item.Status}");
            }

            await Console.Out.WriteLineAsync($"{rows.Count} open items.");
            return ExitCodes.Success;
        });

        var creditNotes = new Option<string?>("--credit-notes") { Description = "How open credit notes settle invoices: automatic (oldest open invoices first) or manual" };
        var settings = new Command("settings", "Show or change the ledger rules of the tenant") { creditNotes };
        settings.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            CreditNoteApplication? rule = ctx.Parse.GetValue(creditNotes) switch
            {
                null => null,
                "automatic" or "auto" => CreditNoteApplication.Automatic,
                "manual" => CreditNoteApplication.Manual,
                var other => throw new UsageException($"--credit-notes: '{other}' (use automatic or manual)."),
            };
            var result = (await new LedgerOperations(db, tenant, ctx.Clock).UpdateSettingsAsync(new LedgerSettingsWrite(rule), "cli", ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(result);
            }
            else
            {
                await Console.Out.WriteLineAsync($"credit notes: {result.CreditNotes.ToString().ToLowerInvariant()}");
            }

            return ExitCodes.Success;
        });

        return new Command("ledger", "Read the receivables ledger and set its rules") { customer, openItems, settings, InvoicePdfCommand.Build() };
    }
}
