namespace Encaisse.Formats.EInvoice;

/// <summary>SIREN and SIRET as e-invoices carry them (ISO 6523 schemes 0002 = SIREN, 0009 = SIRET).</summary>
internal static class FrenchIds
{
    public const string SirenScheme = "0002";
    public const string SiretScheme = "0009";

    public static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    public static string? Siren(string? legalId, string? legalScheme, string? siret, string? vat)
    {
        if (legalId is not null && legalScheme == SirenScheme && Digits(legalId) is { Length: 9 } siren)
        {
            return siren;
        }

        if (legalId is not null && legalScheme == SiretScheme && Digits(legalId) is { Length: 14 } fromLegalSiret)
        {
            return fromLegalSiret[..9];
        }

        if (siret is not null && Digits(siret) is { Length: 14 } s)
        {
            return s[..9];
        }

        // A French VAT number is FR + 2-character key + SIREN.
        if (vat is not null)
        {
            var compact = new string(vat.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
            if (compact.Length == 13 && compact.StartsWith("FR", StringComparison.Ordinal) && compact[4..].All(char.IsAsciiDigit))
            {
                return compact[4..];
            }
        }

        return null;
    }
}
