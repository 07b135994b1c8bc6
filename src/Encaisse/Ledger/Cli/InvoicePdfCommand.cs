using Encaisse.Operations;
using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Ledger.Documents;

namespace Encaisse.Ledger.Cli;

/// <summary><c>encaisse ledger attach-pdf NUMBER FILE</c>: stores the PDF of an invoice (reminders attach it).</summary>
internal static class InvoicePdfCommand
{
    public static Command Build()
    {
        var number = new Argument<string>("NUMBER") { Description = "Invoice number, e.g. FA-2026-001" };
        var file = new Argument<string>("FILE") { Description = "The invoice PDF (at most 5 MiB)" };
        var command = new Command("attach-pdf", "Store the PDF of an invoice; dunning e-mails attach the PDFs of the invoices they list") { number, file };
        command.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"No file '{path}'.");
            }

            if (new FileInfo(path).Length > InvoicePdfRules.MaxBytes)
            {
                throw new UsageException($"'{path}' is larger than {InvoicePdfRules.MaxBytes:N0} bytes (5 MiB), the limit for an invoice PDF.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var outcome = await InvoicePdfs.AttachAsync(db, ctx.Parse.GetValue(number)!, await File.ReadAllBytesAsync(path, ct), path,
                "cli:" + Environment.UserName, ctx.Clock.GetUtcNow(), ct);
            if (!outcome.IsOk && outcome.Error!.Fields.Count > 0)
            {
                throw new UsageException($"'{path}' refused: {string.Join("; ", outcome.Error.Fields.Select(e => e.Reason))}.");
            }

            var info = outcome.OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(info);
            }
            else
            {
                await Console.Out.WriteLineAsync($"Stored {info.FileName} for invoice {info.Invoice} ({info.SizeBytes:N0} bytes, sha256 {info.Sha256}).");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
