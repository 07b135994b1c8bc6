using System.CommandLine;
using Encaisse.Cli;
using Spectre.Console;

namespace Encaisse.Formats.Cli;

/// <summary><c>encaisse import customers|invoices|payments|fec FILE [--skip-invalid]</c>.</summary>
internal static class ImportCommand
{
    public static Command Build()
    {
        var import = new Command("import", "Import customers, invoices, payments (CSV or .xlsx) or a FEC into the ledger (see docs/import.md)");
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            import.Subcommands.Add(Verb(kind));
        }

        import.Subcommands.Add(EInvoicing.Cli.EInvoiceImportCommand.Build());

        return import;
    }

    private static Command Verb(ImportKind kind)
    {
        var file = new Argument<FileInfo>("FILE") { Description = kind == ImportKind.Fec ? "FEC file (tab or pipe separated)" : "CSV or .xlsx file" };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Write the valid rows and report the invalid ones (default: reject the whole file)" };
        var name = kind.ToString().ToLowerInvariant();
        var command = new Command(name, Describe(kind)) { file, skipInvalid };
        command.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"File not found: {path.FullName}");
            }

            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            var database = await ctx.DatabaseAsync(ct);
            var showProgress = !ctx.Json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && path.Length > 4_000_000;
            var options = new ImportOptions { SkipInvalid = ctx.Parse.GetValue(skipInvalid) };
            ImportReport report;
            var startedAt = ctx.Clock.GetUtcNow();
            if (showProgress)
            {
                report = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask($"Importing {path.Name}", maxValue: 1.0);
                        return await LedgerImport.RunAsync(database, tenant, kind, path.FullName,
                            options with { Progress = f => task.Value = f }, ctx.Clock, ct);
                    });
            }
            else
            {
                report = await LedgerImport.RunAsync(database, tenant, kind, path.FullName, options, ctx.Clock, ct);
            }

            await Runs.ImportRuns.RecordAsync(database, tenant.Id, "cli", path.Name, path.Length, startedAt, report, ctx.Clock.GetUtcNow(), ct);
            if (ctx.Json)
            {
                CliJson.Write(report);
            }
            else
            {
                await PrintAsync(report);
            }

            return report.Written ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }

    private static string Describe(ImportKind kind) => kind switch
    {
        ImportKind.Customers => "Import customers (reference, name, SIREN/SIRET, VAT, address...)",
        ImportKind.Invoices => "Import invoices and credit notes (may carry the customer columns too)",
        ImportKind.Payments => "Import payments received",
        _ => "Import a FEC: customers (411 accounts), invoices, payments and their lettering",
    };

    private static async Task PrintAsync(ImportReport report)
    {
        var output = Console.Out;
        if (report.Written)
        {
            await output.WriteLineAsync($"{report.File}: {report.Records} records read, {report.Created} created, {report.Updated} updated, {report.Rejected} rejected.");
            foreach (var (label, counts) in new[] { ("customers", report.Customers), ("invoices", report.Invoices), ("payments", report.Payments), ("allocations", report.Allocations) })
            {
                if (counts is not null)
                {
                    await output.WriteLineAsync($"  {label}: {counts.Created} created, {counts.Updated} updated");
                }
            }

            if (report.OpenInvoicesMinor is { } open)
            {
                await output.WriteLineAsync($"  open invoices: {report.OpenInvoices}, {Ledger.Currencies.FormatInvariant(open, "EUR")} EUR");
            }

            if (report.Factoring is { } sold)
            {
                await output.WriteLineAsync($"  sold to factors: {sold.Assigned} invoice(s), {sold.AlreadyAssigned} already sold to them");
                foreach (var refused in sold.Refused)
                {
                    await Console.Error.WriteLineAsync($"warning: {refused.Invoice} not sold to {refused.Factor} ({refused.Code}): {refused.Reason}");
                }
            }

            if (report.Mentions is { InvoicesWithGaps: > 0 } mentions)
            {
                await Console.Error.WriteLineAsync($"warning: {mentions.InvoicesWithGaps} of {mentions.InvoicesChecked} invoice(s) lack mandatory mentions (imported anyway):");
                foreach (var (code, count) in mentions.ByMention)
                {
                    await Console.Error.WriteLineAsync($"  {code}: {count} invoice(s) — {mentions.Labels.GetValueOrDefault(code)}");
                }

                foreach (var invoice in mentions.Invoices.Take(10))
                {
                    await Console.Error.WriteLineAsync($"  {invoice.Number} ({invoice.CustomerRef}): {string.Join(", ", invoice.Missing)}");
                }
            }
        }
        else
        {
            await Console.Error.WriteLineAsync($"encaisse: {report.File} rejected, nothing was written ({report.ErrorCount} problem(s) on {report.Rejected} line(s); use --skip-invalid to import the valid rows).");
        }

        foreach (var issue in report.Errors.Take(30))
        {
            var where = issue.Column is null ? $"line {issue.Line}" : $"line {issue.Line}, column \"{issue.Column}\"";
            var value = issue.Value is null ? "" : $" '{issue.Value}'";
            await Console.Error.WriteLineAsync($"  {where}:{value} {issue.Reason}");
        }

        if (report.ErrorCount > 30)
        {
            await Console.Error.WriteLineAsync($"  ... and {report.ErrorCount - 30} more (use --json for the full list, up to {ImportIssues.MaxKept}).");
        }
    }
}
