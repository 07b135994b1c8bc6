using System.Globalization;
using Encaisse.Localization;

namespace Encaisse.Ledger;

/// <summary>
/// The company's registration mentions printed on letters (code de commerce R123-237: legal form and share capital,
/// "RCS" + city + SIREN) from the settings' company page. The facts (form, capital, city, numbers) are data; the words
/// around them come from the catalogue (<c>mentions.*</c>) in the reader's language.
/// </summary>
public static class CompanyMentions
{
    /// <summary>"SAS au capital de 50 000 € — RCS Lyon 732 829 320 — SIRET 732 829 320 00009", or null when none is set.</summary>
    public static string? Registration(Tenant t) => Registration(t, Catalogue.French);

    /// <summary>The mentions in <paramref name="language"/> (fr or en), or null when none is set.</summary>
    public static string? Registration(Tenant t, string language)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.LegalForm is null && t.ShareCapitalMinor is null && t.RegistrationCity is null && t.Siret is null)
        {
            return null;
        }

        string T(string key, params (string Name, object? Value)[] args) => Catalogue.Text(language, "mentions." + key, args);
        var parts = new List<string>();
        var form = t.LegalForm ?? T("company");
        parts.Add(t.ShareCapitalMinor is { } capital ? T("capital", ("form", form), ("capital", Capital(capital, t.Currency, language))) : form);
        if (t.RegistrationCity is not null && t.Siren is not null)
        {
            parts.Add(T("rcs", ("city", t.RegistrationCity), ("siren", Grouped(t.Siren))));
        }
        else if (t.Siren is not null)
        {
            parts.Add(T("siren", ("siren", Grouped(t.Siren))));
        }

        if (t.Siret is { Length: 14 } siret)
        {
            parts.Add(T("siret", ("siret", Grouped(siret[..9]) + " " + siret[9..])));
        }

        return string.Join(" — ", parts);
    }

    /// <summary>The share capital as written in the language, without cents when it is a whole amount.</summary>
    private static string Capital(long minor, string currency, string language) =>
        language == Catalogue.English
            ? Catalogue.Format(new Money(minor, currency), language).Replace(".00 ", " ", StringComparison.Ordinal)
            : Currencies.FormatFrench(minor, currency).Replace(",00 ", " ", StringComparison.Ordinal);

    private static string Grouped(string siren) =>
        siren.Length == 9 ? string.Create(CultureInfo.InvariantCulture, $"{siren[..3]} {siren[3..6]} {siren[6..]}") : siren;
}
