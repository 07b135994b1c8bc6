using System.Globalization;
using System.Text;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Payments.Matching;

namespace Encaisse.Payments.Cli;

/// <summary>
/// Minimal reader of the open-invoice CSV (invoice number, customer reference, customer name, issue date, due date,
/// amount incl. tax, currency; French or English headers; ';' or ','; decimal comma or point) for
/// <c>encaisse match</c>. TEMPORARY: to be replaced by the shared invoice import reader (Formats) at merge time.
/// </summary>
internal static class OpenInvoiceCsv
{
    private static readonly (string Field, string[] Names)[] Columns =
    [
        ("number", ["invoicenumber", "numerofacture", "nfacture", "nofacture", "facture", "invoice", "numero", "number", "invoiceno"]),
        ("customerRef", ["customerreference", "customerref", "referenceclient", "refclient", "codeclient", "customercode", "customerid", "client", "customer"]),
        ("customerName", ["customername", "nomclient", "raisonsociale", "clientname", "nom", "name"]),
        ("issueDate", ["issuedate", "invoicedate", "datefacture", "dateemission", "datedemission", "date"]),
        ("dueDate", ["duedate", "dateecheance", "datedecheance", "echeance"]),
        ("amount", ["amountincltax", "amountincludingtax", "totalincltax", "montantttc", "totalttc", "ttc", "grossamount", "amount", "montant"]),
        ("currency", ["currency", "devise"]),
    ];

    public static IReadOnlyList<OpenInvoice> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file.");
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0)
        {
            throw new UsageException($"{path}: empty file; expected a header line.");
        }

        var header = lines[0].TrimStart('\uFEFF');
        var separator = header.Count(c => c == ';') >= header.Count(c => c == ',') ? ';' : ',';
        var names = Split(header, separator).Select(Normalize).ToList();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, candidates) in Columns)
        {
            var position = candidates.Select(c => names.FindIndex(n => n == c)).FirstOrDefault(i => i >= 0, -1);
            if (position < 0)
            {
                position = names.FindIndex(n => candidates.Any(c => c.Length >= 5 && n.Contains(c, StringComparison.Ordinal)) && !positions.ContainsValue(names.IndexOf(n)));
            }

            if (position >= 0 && !positions.ContainsValue(position))
            {
                positions[field] = position;
            }
        }

        foreach (var required in new[] { "number", "customerRef", "dueDate", "amount" })
        {
            if (!positions.ContainsKey(required))
            {
                throw new UsageException($"{path} line 1: no column for {required} in the header '{header}'.");
            }
        }

        var invoices = new List<OpenInvoice>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = Split(lines[i], separator);
            string Cell(string field) => positions.TryGetValue(field, out var p) && p < cells.Count ? cells[p].Trim() : "";
            var where = $"{path} line {i + 1}";
            var currency = Cell("currency") is { Length: 3 } c ? c.ToUpperInvariant() : "EUR";
            if (!Currencies.IsKnown(currency))
            {
                throw new UsageException($"{where}: unknown currency '{currency}'.");
            }

            var due = Date(Cell("dueDate"), where, "due date");
            var issue = Cell("issueDate") is { Length: > 0 } issueText ? Date(issueText, where, "issue date") : due;
            invoices.Add(new OpenInvoice(Cell("number"), Cell("customerRef"), Cell("customerName") is { Length: > 0 } n ? n : null, issue, due,
                Currencies.ToMinor(Amount(Cell("amount"), where), currency), currency));
        }

        return invoices;
    }

    private static string Normalize(string header)
    {
        var decomposed = header.Trim().Trim('"').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static List<string> Split(string line, char separator)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == separator && !quoted)
            {
                cells.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }

        cells.Add(sb.ToString());
        return cells;
    }

    private static DateOnly Date(string text, string where, string what) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new UsageException($"{where}: {what} '{text}' is not a date (yyyy-mm-dd or dd/mm/yyyy).");

    private static decimal Amount(string text, string where)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal);
        var lastComma = compact.LastIndexOf(',');
        var lastPoint = compact.LastIndexOf('.');
        compact = lastComma > lastPoint
            ? compact.Replace(".", "", StringComparison.Ordinal).Replace(',', '.')
            : compact.Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new UsageException($"{where}: amount '{text}' is not a number.");
    }
}
