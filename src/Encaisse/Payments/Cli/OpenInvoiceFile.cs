using Encaisse.Cli;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Payments.Matching;

namespace Encaisse.Payments.Cli;

/// <summary>
/// Open invoices for <c>encaisse match</c>, read from a file in the invoice import format (CSV or .xlsx) with the
/// shared import reader: the same columns, synonyms, separators, encodings and validation as <c>import invoices</c>.
/// The amount incl. tax of each invoice is taken as what remains open; credit notes are left out.
/// </summary>
internal static class OpenInvoiceFile
{
    public static IReadOnlyList<OpenInvoice> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file.");
        }

        var content = InvoiceFile.Read(path);
        if (content.FileRejected || content.Issues.Count > 0)
        {
            var first = content.Issues.Take(5).Select(i => $"line {i.Line}{(i.Column is null ? "" : $", column {i.Column}")}: {i.Reason}");
            throw new UsageException($"{path}: {string.Join("; ", first)}");
        }

        return content.Invoices
            .Where(i => i.Kind == DocumentKind.Invoice)
            .Select(i => new OpenInvoice(i.Number, i.CustomerRef, i.Customer?.LegalName, i.IssueDate, i.DueDate, i.GrossMinor, i.Currency))
            .ToList();
    }
}
