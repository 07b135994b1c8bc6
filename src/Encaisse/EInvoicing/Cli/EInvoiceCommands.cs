using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Formats.EInvoice;

namespace Encaisse.EInvoicing.Cli;

/// <summary><c>encaisse einvoice parse|statuses</c>: read e-invoices (no database needed for parse).</summary>
internal static class EInvoiceCommands
{
    public static Command Build()
    {
        var einvoice = new Command("einvoice", "E-invoices (CII / Factur-X / ZUGFeRD / UBL): parse, lifecycle statuses (see docs/einvoicing.md)");
        einvoice.Subcommands.Add(BuildParse());
        einvoice.Subcommands.Add(FacturXIssueCommand.Build());
        einvoice.Subcommands.Add(EInvoiceStatusCommands.BuildStatuses());
        einvoice.Subcommands.Add(EInvoiceStatusCommands.BuildReceive());
        einvoice.Subcommands.Add(EInvoiceStatusCommands.BuildSend());
        einvoice.Subcommands.Add(EInvoiceStatusCommands.BuildFetch());
        einvoice.Subcommands.Add(EInvoiceStatusCommands.BuildSettings());
        return einvoice;
    }

    private static Command BuildParse()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CII or UBL XML, or a Factur-X / ZUGFeRD PDF" };
        var noSchema = new Option<bool>("--no-schema") { Description = "Skip the XSD validation" };
        var parse = new Command("parse", "Read an e-invoice, check its EN 16931 totals and its XSD, print what it says (exit 2 when it is refused)") { file, noSchema };
        parse.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"File not found: {path.FullName}");
            }

            var read = EInvoiceFiles.Read(path.Name, await File.ReadAllBytesAsync(path.FullName, ct), !ctx.Parse.GetValue(noSchema));
            if (ctx.Json)
            {
                CliJson.Write(EInvoiceJson.Of(read));
            }
            else
            {
                await PrintAsync(read);
            }

            if (read.Result.Refused)
            {
                foreach (var error in read.Result.Issues.Where(i => i.Severity == EInvoiceIssue.Error))
                {
                    await Console.Error.WriteLineAsync($"encaisse: {path.Name} refused: {error.Message} [{error.Code}]");
                }

                return ExitCodes.BadInput;
            }

            return ExitCodes.Success;
        });
        return parse;
    }

    private static async Task PrintAsync(EInvoiceFile file)
    {
        var d = file.Result.Document;
        var output = Console.Out;
        if (d is not null)
        {
            var inv = CultureInfo.InvariantCulture;
            await output.WriteLineAsync($"{file.Name}: {d.Syntax} {d.Profile}{(file.Attachment is null ? "" : $" (PDF attachment {file.Attachment})")}");
            await output.WriteLineAsync($"  {(d.IsCreditNote ? "credit note" : "invoice")} {d.Number} (type {d.TypeCode}) issued {d.IssueDate?.ToString("yyyy-MM-dd", inv)} due {d.DueDate?.ToString("yyyy-MM-dd", inv) ?? "-"}");
            await output.WriteLineAsync($"  seller {d.Seller.Name} SIREN {d.Seller.Siren ?? "-"} VAT {d.Seller.VatNumber ?? "-"}");
            await output.WriteLineAsync($"  buyer  {d.Buyer.Name} SIREN {d.Buyer.Siren ?? "-"} VAT {d.Buyer.VatNumber ?? "-"}");
            await output.WriteLineAsync($"  {d.Currency} lines {d.Totals.LineTotal?.ToString(inv) ?? "-"}, tax basis {d.Totals.TaxBasisTotal?.ToString(inv) ?? "-"}, VAT {d.Totals.TaxTotal?.ToString(inv) ?? "-"}, total {d.Totals.GrandTotal?.ToString(inv) ?? "-"}, prepaid {d.Totals.Prepaid?.ToString(inv) ?? "-"}, due {d.Totals.DuePayable?.ToString(inv) ?? "-"}");
        }

        foreach (var issue in file.Result.Warnings)
        {
            await Console.Error.WriteLineAsync($"warning [{issue.Code}]: {issue.Message}");
        }
    }
}
