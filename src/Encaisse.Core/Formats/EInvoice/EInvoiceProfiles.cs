namespace Encaisse.Formats.EInvoice;

/// <summary>Short names of the profiles an e-invoice declares in BT-24 (specification identifier).</summary>
public static class EInvoiceProfiles
{
    public const string Minimum = "MINIMUM";
    public const string BasicWl = "BASIC WL";
    public const string Basic = "BASIC";
    public const string En16931 = "EN 16931";
    public const string Extended = "EXTENDED";

    public static string Name(string? guideline, bool zugferdV1 = false)
    {
        var g = (guideline ?? "").Trim();
        var lower = g.ToLowerInvariant();
        if (zugferdV1 || lower.StartsWith("urn:ferd:crossindustrydocument", StringComparison.Ordinal))
        {
            var level = lower.EndsWith(":basic", StringComparison.Ordinal) ? "BASIC"
                : lower.EndsWith(":comfort", StringComparison.Ordinal) ? "COMFORT"
                : lower.EndsWith(":extended", StringComparison.Ordinal) ? "EXTENDED" : "?";
            return zugferdV1 ? $"ZUGFeRD 1.0 {level}" : level switch
            {
                // ZUGFeRD 2 files that kept a 1.0 guideline: COMFORT is the EN 16931 level.
                "COMFORT" => En16931,
                "BASIC" => Basic,
                "EXTENDED" => Extended,
                _ => g,
            };
        }

        if (lower.Contains("factur-x.eu:1p0:minimum", StringComparison.Ordinal))
        {
            return Minimum;
        }

        if (lower.Contains("factur-x.eu:1p0:basicwl", StringComparison.Ordinal))
        {
            return BasicWl;
        }

        if (lower.Contains("factur-x.eu:1p0:basic", StringComparison.Ordinal))
        {
            return Basic;
        }

        if (lower.Contains("factur-x.eu:1p0:extended", StringComparison.Ordinal))
        {
            return Extended;
        }

        if (lower.Contains("extended-ctc-fr", StringComparison.Ordinal))
        {
            return "EXTENDED-CTC-FR";
        }

        if (lower.Contains("xrechnung", StringComparison.Ordinal))
        {
            return "XRECHNUNG";
        }

        if (lower.Contains("peppol", StringComparison.Ordinal))
        {
            return "PEPPOL BIS 3";
        }

        if (lower == "urn:cen.eu:en16931:2017")
        {
            return En16931;
        }

        return g.Length == 0 ? "?" : g;
    }
}
