using System.Globalization;
using Encaisse.Documents;
using Encaisse.Ledger;
using Encaisse.Legal.Documents;
using Encaisse.Localization;
using Encaisse.Reporting;

namespace Encaisse.Risk.Factoring;

/// <summary>The files of a bordereau de cession: a CSV for the factor's systems (the one export writer) and a PDF to sign and send (the one PDF layout).</summary>
public static class RemittanceDocuments
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Table(RemittanceView remittance)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        decimal Amount(long minor, string currency) => decimal.Parse(Currencies.FormatInvariant(minor, currency), CultureInfo.InvariantCulture);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var invoices = remittance.Lines.Select(l => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["remittance"] = remittance.Reference,
            ["invoice"] = l.Number,
            ["customerRef"] = l.CustomerRef,
            ["customerName"] = l.CustomerName,
            ["siren"] = l.Siren,
            ["issueDate"] = Day(l.IssueDate),
            ["dueDate"] = Day(l.DueDate),
            ["currency"] = l.Currency,
            ["gross"] = Amount(l.GrossMinor, l.Currency),
            ["open"] = Amount(l.OpenMinor, l.Currency),
            ["creditNote"] = null,
            ["deduction"] = null,
        });
        // Credit notes on invoices already sold: one row each, the amount deducted (never reported twice).
        var deductions = remittance.Deductions.Select(d => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["remittance"] = remittance.Reference,
            ["invoice"] = d.Invoice,
            ["customerRef"] = d.CustomerRef,
            ["customerName"] = d.CustomerName,
            ["siren"] = null,
            ["issueDate"] = Day(d.CreditNoteDate),
            ["dueDate"] = null,
            ["currency"] = d.Currency,
            ["gross"] = null,
            ["open"] = null,
            ["creditNote"] = d.CreditNote,
            ["deduction"] = Amount(d.AmountMinor, d.Currency),
        });
        return invoices.Concat(deductions).ToList();
    }

    public static async Task<byte[]> CsvAsync(RemittanceView remittance, CancellationToken ct)
    {
        using var output = new MemoryStream();
        await ReportExport.WriteAsync(output, Table(remittance), ExportFormat.Csv, ct);
        return output.ToArray();
    }

    public static byte[] Pdf(RemittanceView remittance, Tenant tenant, Factor factor)
    {
        ArgumentNullException.ThrowIfNull(remittance);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(factor);
        string T(string key, params (string, object?)[] args) => Catalogue.Text(Catalogue.French, "factoring.doc." + key, args);
        var letter = new LetterDocument
        {
            // The words of the letter's layout ("Objet :") in the letter's language: for the factor, written in French (factoring.doc.* in French).
            Language = Encaisse.Localization.Catalogue.French,
            Sender = LegalText.Creditor(tenant),
            Recipient = new LetterParty(factor.Name, []),
            PlaceAndDate = LegalText.PlaceAndDate(tenant, remittance.RemittedOn),
            References = factor.ContractNumber is { } contract
                ? [T("reference", ("reference", remittance.Reference)), T("contract", ("contract", contract))]
                : [T("reference", ("reference", remittance.Reference))],
            Subject = T("subject", ("reference", remittance.Reference)),
            Paragraphs = remittance.Deductions.Count == 0
                ? [T("intro", ("count", remittance.Lines.Count), ("factor", factor.Name))]
                : [T("intro", ("count", remittance.Lines.Count), ("factor", factor.Name)), T("deductions", ("count", remittance.Deductions.Count))],
            Columns =
            [
                new LetterColumn(T("col.invoice"), 70), new LetterColumn(T("col.customer"), 130), new LetterColumn(T("col.siren"), 70),
                new LetterColumn(T("col.issued"), 60), new LetterColumn(T("col.due"), 60), new LetterColumn(T("col.amount"), 75, ColumnAlign.Right),
            ],
            Rows = remittance.Lines.Select(l => (IReadOnlyList<string>)
            [
                l.Number, l.CustomerName, l.Siren is { } s ? LegalText.Siren(s) : "", LegalText.Date(l.IssueDate), LegalText.Date(l.DueDate),
                Currencies.FormatFrench(l.GrossMinor, l.Currency),
            ]).Concat(remittance.Deductions.Select(d => (IReadOnlyList<string>)
            [
                T("creditNote", ("creditNote", d.CreditNote)), d.CustomerName, T("onInvoice", ("invoice", d.Invoice)), LegalText.Date(d.CreditNoteDate), "",
                Currencies.FormatFrench(-d.AmountMinor, d.Currency),
            ])).ToList(),
            Totals = remittance.Deductions.Count == 0
                ? [(T("total"), Currencies.FormatFrench(remittance.TotalMinor, remittance.Currency))]
                : [(T("total"), Currencies.FormatFrench(remittance.TotalMinor, remittance.Currency)),
                   (T("deducted"), Currencies.FormatFrench(-remittance.DeductionMinor, remittance.Currency)),
                   (T("net"), Currencies.FormatFrench(remittance.NetMinor, remittance.Currency))],
            ClosingParagraphs = [T("closing", ("factor", factor.Name))],
            SignatureName = tenant.Name,
            Footer = LegalText.Footer(tenant),
        };
        return LetterPdf.Render(letter);
    }
}
