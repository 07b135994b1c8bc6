using Encaisse.Ledger;

namespace Encaisse.Formats;

/// <summary>The invoices of a CSV or .xlsx file, with the problems found (nothing is written anywhere).</summary>
public sealed record InvoiceFileContent(IReadOnlyList<ParsedInvoice> Invoices, IReadOnlyList<ImportIssue> Issues, bool FileRejected);

/// <summary>Reads an invoice file into parsed rows, for verbs that need the invoices without importing them (matching).</summary>
public static class InvoiceFile
{
    public static InvoiceFileContent Read(string path, string defaultCurrency = "EUR")
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(path, stream, defaultCurrency);
    }

    public static InvoiceFileContent Read(string name, Stream stream, string defaultCurrency = "EUR")
    {
        var issues = new ImportIssues();
        using var file = TabularFile.Open(name, stream);
        var rows = LedgerRows.Create(ImportKind.Invoices, file.Headers, issues, Currencies.IsKnown(defaultCurrency) ? defaultCurrency : "EUR");
        var invoices = issues.FileRejected ? [] : rows.Invoices(file.Rows).ToList();
        return new InvoiceFileContent(invoices, issues.Items, issues.FileRejected);
    }
}
