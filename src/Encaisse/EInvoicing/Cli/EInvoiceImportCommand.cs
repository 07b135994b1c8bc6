using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Formats.EInvoice;

namespace Encaisse.EInvoicing.Cli;

/// <summary><c>encaisse import einvoice FILE|DIR</c>: the company's e-invoices (CII, UBL, Factur-X PDF) into the ledger.</summary>
internal static class EInvoiceImportCommand
{
    public static Command Build()
    {
        var target = new Argument<string>("FILE|DIR") { Description = "An e-invoice (XML or Factur-X PDF) or a directory of them" };
        var command = new Command("einvoice", "Import e-invoices and credit notes (CII / Factur-X / UBL): invoices, buyers as customers, original files kept (see docs/einvoicing.md)") { target };
        command.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(target)!;
            IReadOnlyList<string> paths = Directory.Exists(path) ? EInvoiceFiles.InDirectory(path)
                : File.Exists(path) ? [path]
                : throw new UsageException($"File or directory not found: {Path.GetFullPath(path)}");
            if (paths.Count == 0)
            {
                throw new UsageException($"No .xml or .pdf file in {Path.GetFullPath(path)}");
            }

            var files = new List<(string, byte[])>();
            foreach (var p in paths)
            {
                files.Add((Path.GetFileName(p), await File.ReadAllBytesAsync(p, ct)));
            }

            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            var database = await ctx.DatabaseAsync(ct);
            var report = await EInvoiceImport.RunAsync(database, tenant, files, "cli", ctx.Clock, ct);
            if (ctx.Json)
            {
                CliJson.Write(report);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{report.Files} file(s): {report.Imported} imported, {report.Unchanged} unchanged (already imported), {report.Refused} refused.");
                foreach (var item in report.Items)
                {
                    await Console.Out.WriteLineAsync($"  {item.File}: {item.Outcome} {item.Kind} {item.Number} {item.AmountDue} {item.Currency} customer {item.CustomerRef}{(item.CustomerCreated ? " (new)" : "")}");
                    foreach (var issue in item.Issues)
                    {
                        var writer = issue.Severity == EInvoiceIssue.Error ? Console.Error : Console.Out;
                        await writer.WriteLineAsync($"    {issue.Severity} [{issue.Code}]: {issue.Message}");
                    }

                    if (item.MissingMentions.Count > 0)
                    {
                        await Console.Out.WriteLineAsync($"    missing mentions: {string.Join(", ", item.MissingMentions)}");
                    }
                }
            }

            return report.Refused > 0 ? ExitCodes.BadInput : ExitCodes.Success;
        });
        return command;
    }
}
