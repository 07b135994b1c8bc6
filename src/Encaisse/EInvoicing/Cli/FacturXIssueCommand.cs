using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Operations;

namespace Encaisse.EInvoicing.Cli;

/// <summary><c>encaisse einvoice issue INVOICE --output FILE.pdf [--xml FILE.xml]</c>: the Factur-X of an invoice created with its lines.</summary>
internal static class FacturXIssueCommand
{
    public static Command Build()
    {
        var invoice = new Argument<string>("INVOICE") { Description = "Number of an invoice or credit note created with its lines" };
        var output = new Option<FileInfo>("--output") { Description = "Where to write the Factur-X PDF/A-3", Required = true };
        var xml = new Option<FileInfo?>("--xml") { Description = "Also write the embedded CII XML (EN 16931) to this file" };
        var command = new Command("issue", "Issue the Factur-X (EN 16931 PDF/A-3 with its CII XML) of an invoice created with its lines; issued once, then the same file") { invoice, output, xml };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var issued = (await FacturXIssue.IssueAsync(db, tenant, ctx.Parse.GetValue(invoice)!, "cli:" + Environment.UserName, ctx.Clock, ct)).OrThrow();
            var pdfFile = ctx.Parse.GetValue(output)!;
            await File.WriteAllBytesAsync(pdfFile.FullName, issued.Pdf, ct);
            var xmlFile = ctx.Parse.GetValue(xml);
            if (xmlFile is not null)
            {
                await File.WriteAllBytesAsync(xmlFile.FullName, issued.Xml, ct);
            }

            if (ctx.Json)
            {
                CliJson.Write(new
                {
                    invoice = issued.Number,
                    created = issued.Created,
                    pdf = pdfFile.FullName,
                    pdfBytes = issued.Pdf.Length,
                    xml = xmlFile?.FullName,
                    profile = "EN 16931",
                    storedAsInvoicePdf = issued.StoredAsInvoicePdf,
                });
            }
            else
            {
                await Console.Out.WriteLineAsync(
                    $"{(issued.Created ? "Issued" : "Already issued:")} Factur-X EN 16931 of {issued.Number} → {pdfFile.FullName} ({issued.Pdf.Length:N0} bytes)"
                    + (xmlFile is null ? "" : $", XML → {xmlFile.FullName}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
