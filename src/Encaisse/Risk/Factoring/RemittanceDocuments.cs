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
        return remittance.Lines.Select(l => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["remittance"] = remittance.Reference,
            ["invoice"] = l.Number,
            ["customerRef"] = l.CustomerRef,
            ["customerName"] = l.CustomerName,
            ["siren"] = l.Siren,
            ["issueDate"] = l.IssueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueDate"] = l.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = l.Currency,
            ["gross"] = decimal.Parse(Currencies.FormatInvariant(l.GrossMinor, l.Currency), CultureInfo.InvariantCulture),
            ["open"] = decimal.Parse(Currencies.FormatInvariant(l.OpenMinor, l.Currency), CultureInfo.InvariantCulture),
        }).ToList();
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
            Sender = LegalText.Creditor(tenant),
            Recipient = new LetterParty(factor.Name, []),
            PlaceAndDate = LegalText.PlaceAndDate(tenant, remittance.RemittedOn),
            References = factor.ContractNumber is { } contract
                ? [T("reference", ("reference", remittance.Reference)), T("contract", ("contract", contract))]
                : [T("reference", ("reference", remittance.Reference))],
            Subject = T("subject", ("reference", remittance.Reference)),
            Paragraphs = [T("intro", ("count", remittance.Lines.Count), ("factor", factor.Name))],
            Columns =
            [
                new LetterColumn(T("col.invoice"), 70), new LetterColumn(T("col.customer"), 130), new LetterColumn(T("col.siren"), 70),
                new LetterColumn(T("col.issued"), 60), new LetterColumn(T("col.due"), 60), new LetterColumn(T("col.amount"), 75, ColumnAlign.Right),
            ],
            Rows = remittance.Lines.Select(l => (IReadOnlyList<string>)
            [
                l.Number, l.CustomerName, l.Siren is { } s ? LegalText.Siren(s) : "", LegalText.Date(l.IssueDate), LegalText.Date(l.DueDate),
                Currencies.FormatFrench(l.GrossMinor, l.Currency),
            ]).ToList(),
            Totals = [(T("total"), Currencies.FormatFrench(remittance.TotalMinor, remittance.Currency))],
            ClosingParagraphs = [T("closing", ("factor", factor.Name))],
            SignatureName = tenant.Name,
            Footer = LegalText.Footer(tenant),
        };
        return LetterPdf.Render(letter);
    }
}
