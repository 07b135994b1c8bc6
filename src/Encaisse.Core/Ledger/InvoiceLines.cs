using System.Globalization;
using Encaisse.Operations;

namespace Encaisse.Ledger;

/// <summary>The VAT of one category and rate (EN 16931 BG-23): the sum of its lines' net amounts and the VAT on it.</summary>
public sealed record VatBreakdown(string Category, decimal Rate, long BasisMinor, long TaxMinor, string? ExemptionReason);

/// <summary>Checked lines with the totals they make: net (BT-106/109), VAT per category (BG-23), VAT (BT-110), gross (BT-112).</summary>
public sealed record CheckedLines(IReadOnlyList<InvoiceLineItem> Lines, IReadOnlyList<VatBreakdown> Vat, long NetMinor, long TaxMinor, long GrossMinor);

/// <summary>
/// The arithmetic of invoice lines, as EN 16931 states it and the EN 16931 schematron checks it: a line's net amount is
/// its quantity × net unit price rounded to the cent (BR-LIN), the invoice net is the sum of the lines (BR-CO-10), each
/// VAT category and rate carries its basis × rate rounded to the cent (BR-CO-17, BR-S-08/09), the VAT total is their
/// sum (BR-CO-14) and the gross is net + VAT (BR-CO-15). Lines that do not add up to the invoice's amounts are refused
/// with a coded error naming the first difference; nothing is rounded away silently. Pure.
/// </summary>
public static class InvoiceLines
{
    public const int MaxLines = 500;

    /// <summary>The VAT categories Encaisse issues: standard rate, zero rate, exempt (with its legal reference), reverse charge.</summary>
    public static readonly IReadOnlyList<string> Categories = ["S", "Z", "E", "AE"];

    /// <summary>Units of UN/ECE Recommendations 20 and 21 accepted on a line (the schematron's list is larger; these
    /// cover services and goods sold by SMEs).</summary>
    public static readonly IReadOnlyList<string> Units =
    [
        "C62", "H87", "EA", "XPP", "SET", "XPK", "XBX", "PR",
        "HUR", "MIN", "DAY", "WEE", "MON", "ANN", "QAN",
        "KGM", "GRM", "TNE", "MTR", "KMT", "MTK", "MTQ", "LTR", "KWH", "E48", "LS",
    ];

    /// <summary>French VAT rates (CGI art. 278 to 281 nonies) and the usual EU standard rates; any other rate is refused
    /// as a likely typo (19.6 was the French rate until 2013).</summary>
    public static bool IsPlausibleRate(decimal rate) => rate > 0 && rate <= 30 && decimal.Round(rate, 2) == rate;

    /// <summary>
    /// Checks <paramref name="lines"/> and the invoice amounts given with them (each may be null, then it is taken from the
    /// lines; when given it must equal them).
    /// </summary>
    public static Result<CheckedLines> Check(string currency, IReadOnlyList<InvoiceLineWrite> lines, decimal? net, decimal? tax, decimal? gross)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return OperationError.InvalidField("lines", null, "invoice.lines.empty");
        }

        if (lines.Count > MaxLines)
        {
            return OperationError.InvalidField("lines", lines.Count.ToString(CultureInfo.InvariantCulture), "invoice.lines.tooMany", ("max", MaxLines));
        }

        var digits = Currencies.MinorDigits(currency);
        var checkedLines = new List<InvoiceLineItem>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i] ?? new InvoiceLineWrite(null, null, null, null);
            var n = i + 1;
            string F(string field) => string.Create(CultureInfo.InvariantCulture, $"lines[{i}].{field}");
            var description = l.Description?.Trim();
            if (string.IsNullOrEmpty(description) || description.Length > 500)
            {
                return OperationError.InvalidField(F("description"), description, "invoice.lines.description", ("line", n));
            }

            if (l.Quantity is not { } quantity || quantity == 0 || decimal.Round(quantity, 4) != quantity || Math.Abs(quantity) >= 1_000_000_000m)
            {
                return OperationError.InvalidField(F("quantity"), Text(l.Quantity), "invoice.lines.quantity", ("line", n));
            }

            if (l.UnitPrice is not { } price || price < 0 || decimal.Round(price, 4) != price || price >= 1_000_000_000m)
            {
                return OperationError.InvalidField(F("unitPrice"), Text(l.UnitPrice), "invoice.lines.unitPrice", ("line", n));
            }

            var unit = string.IsNullOrWhiteSpace(l.UnitCode) ? "C62" : l.UnitCode.Trim().ToUpperInvariant();
            if (!Units.Contains(unit))
            {
                return OperationError.InvalidField(F("unitCode"), unit, "invoice.lines.unitCode", ("line", n), ("units", string.Join(", ", Units)));
            }

            var category = string.IsNullOrWhiteSpace(l.VatCategory) ? "S" : l.VatCategory.Trim().ToUpperInvariant();
            if (!Categories.Contains(category))
            {
                return OperationError.InvalidField(F("vatCategory"), category, "invoice.lines.vatCategory", ("line", n));
            }

            var rate = l.VatRate ?? (category == "S" ? -1 : 0);
            if (category == "S" ? !IsPlausibleRate(rate) : rate != 0)
            {
                return OperationError.InvalidField(F("vatRate"), Text(l.VatRate), "invoice.lines.vatRate", ("line", n), ("category", category));
            }

            var reason = string.IsNullOrWhiteSpace(l.VatExemptionReason) ? null : l.VatExemptionReason.Trim();
            if (category is "E" or "AE" && (reason is null || reason.Length > 300))
            {
                return OperationError.InvalidField(F("vatExemptionReason"), reason, "invoice.lines.exemptionReason", ("line", n), ("category", category));
            }

            var lineNet = Math.Round(quantity * price, digits, MidpointRounding.AwayFromZero);
            if (l.LineAmount is { } given && given != lineNet)
            {
                return OperationError.InvalidField(F("lineAmount"), Text(given), "invoice.lines.lineAmount",
                    ("line", n), ("given", given), ("expected", lineNet));
            }

            checkedLines.Add(new InvoiceLineItem
            {
                LineNumber = n,
                Description = description,
                Quantity = quantity,
                UnitCode = unit,
                UnitPrice = price,
                NetMinor = Currencies.ToMinor(lineNet, currency),
                VatCategory = category,
                VatRate = rate,
                VatExemptionReason = category is "S" or "Z" ? null : reason,
            });
        }

        var vat = Breakdown(checkedLines, currency);
        var netMinor = checkedLines.Sum(l => l.NetMinor);
        var taxMinor = vat.Sum(v => v.TaxMinor);
        var grossMinor = netMinor + taxMinor;
        if (netMinor <= 0)
        {
            var total = Currencies.FormatInvariant(netMinor, currency);
            return OperationError.InvalidField("lines", total, "invoice.lines.notPositive");
        }

        if (net is { } givenNet && Currencies.ToMinor(givenNet, currency) != netMinor)
        {
            return OperationError.InvalidField("amountExclTax", Text(givenNet), "invoice.lines.net",
                ("given", givenNet), ("expected", Currencies.FromMinor(netMinor, currency)));
        }

        if (tax is { } givenTax && Currencies.ToMinor(givenTax, currency) != taxMinor)
        {
            return OperationError.InvalidField("tax", Text(givenTax), "invoice.lines.tax",
                ("given", givenTax), ("expected", Currencies.FromMinor(taxMinor, currency)),
                ("breakdown", string.Join("; ", vat.Select(v => string.Create(CultureInfo.InvariantCulture,
                    $"{v.Category} {v.Rate}%: {Currencies.FormatInvariant(v.BasisMinor, currency)} → {Currencies.FormatInvariant(v.TaxMinor, currency)}")))));
        }

        if (gross is { } givenGross && Currencies.ToMinor(givenGross, currency) != grossMinor)
        {
            return OperationError.InvalidField("amountInclTax", Text(givenGross), "invoice.lines.gross",
                ("given", givenGross), ("expected", Currencies.FromMinor(grossMinor, currency)));
        }

        return Result.Ok(new CheckedLines(checkedLines, vat, netMinor, taxMinor, grossMinor));
    }

    /// <summary>VAT per (category, rate), in the order the categories first appear: basis = sum of the lines,
    /// VAT = basis × rate / 100 rounded to the minor unit, half away from zero.</summary>
    public static IReadOnlyList<VatBreakdown> Breakdown(IEnumerable<InvoiceLineItem> lines, string currency) =>
        lines.GroupBy(l => (l.VatCategory, l.VatRate))
            .Select(g =>
            {
                var basis = g.Sum(l => l.NetMinor);
                var tax = Currencies.ToMinor(Currencies.FromMinor(basis, currency) * g.Key.VatRate / 100m, currency);
                return new VatBreakdown(g.Key.VatCategory, g.Key.VatRate, basis, tax, g.Select(l => l.VatExemptionReason).FirstOrDefault(r => r is not null));
            })
            .ToList();

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
