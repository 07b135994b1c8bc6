using System.Globalization;

namespace Encaisse.Ledger;

/// <summary>
/// The company's registration mentions printed on letters (code de commerce R123-237: legal form and share capital,
/// "RCS" + city + SIREN) from the settings' company page.
/// </summary>
public static class CompanyMentions
{
    /// <summary>"SAS au capital de 50 000 € — RCS Lyon 732 829 320 — SIRET 732 829 320 00009", or null when none is set.</summary>
    public static string? Registration(Tenant t)
    {
        if (t.LegalForm is null && t.ShareCapitalMinor is null && t.RegistrationCity is null && t.Siret is null)
        {
            return null;
        }

        var parts = new List<string>();
        var form = t.LegalForm ?? "Société";
        parts.Add(t.ShareCapitalMinor is { } capital ? $"{form} au capital de {Currencies.FormatFrench(capital, t.Currency)}".Replace(",00 ", " ", StringComparison.Ordinal) : form);
        if (t.RegistrationCity is not null && t.Siren is not null)
        {
            parts.Add($"RCS {t.RegistrationCity} {Grouped(t.Siren)}");
        }
        else if (t.Siren is not null)
        {
            parts.Add("SIREN " + Grouped(t.Siren));
        }

        if (t.Siret is { Length: 14 } siret)
        {
            parts.Add("SIRET " + Grouped(siret[..9]) + " " + siret[9..]);
        }

        return string.Join(" — ", parts);
    }

    private static string Grouped(string siren) =>
        siren.Length == 9 ? string.Create(CultureInfo.InvariantCulture, $"{siren[..3]} {siren[3..6]} {siren[6..]}") : siren;
}
