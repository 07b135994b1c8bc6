using System.Globalization;
using System.Text;

namespace Encaisse.Risk;

/// <summary>
/// Whether the name and address a tenant holds for a customer are the registry's, compared the way a person would:
/// case, accents, punctuation and spacing do not count, nor the legal form written before or after the name
/// ("SARL Dupont" = "DUPONT"), nor the usual street abbreviations ("bd" = "boulevard").
/// </summary>
public static class RegistryComparison
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "SA", "SAS", "SASU", "SARL", "SARLU", "EURL", "SNC", "SCS", "SCA", "SCI", "SCP", "SCM", "SEL", "SELARL", "SELAS", "SELAFA", "SELCA",
        "SCOP", "SCIC", "GIE", "GAEC", "EARL", "EI", "EIRL", "ME", "SEM", "SPL", "SOCIETE", "STE", "STE.", "ETS", "ETABLISSEMENTS", "CIE", "ET",
        "ANONYME", "SIMPLIFIEE", "PAR", "ACTIONS", "RESPONSABILITE", "LIMITEE", "UNIPERSONNELLE", "A",
    };

    private static readonly Dictionary<string, string> Street = new(StringComparer.Ordinal)
    {
        ["BD"] = "BOULEVARD", ["BLD"] = "BOULEVARD", ["BVD"] = "BOULEVARD", ["AV"] = "AVENUE", ["AVE"] = "AVENUE", ["R"] = "RUE",
        ["PL"] = "PLACE", ["CHE"] = "CHEMIN", ["CH"] = "CHEMIN", ["RTE"] = "ROUTE", ["IMP"] = "IMPASSE", ["ALL"] = "ALLEE",
        ["FG"] = "FAUBOURG", ["FBG"] = "FAUBOURG", ["QU"] = "QUAI", ["SQ"] = "SQUARE", ["CRS"] = "COURS", ["PASS"] = "PASSAGE",
        ["ST"] = "SAINT", ["STE"] = "SAINTE", ["BIS"] = "B", ["TER"] = "T", ["ZA"] = "ZONE", ["ZI"] = "ZONE", ["ZAC"] = "ZONE",
    };

    /// <summary>Upper case, no accents, punctuation as spaces, single spaces.</summary>
    public static string Normalise(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var c = ch switch { 'œ' or 'Œ' => 'O', 'æ' or 'Æ' => 'A', _ => ch };
            result.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }

        return string.Join(' ', result.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The words of a company name that identify it (legal-form words and parenthesised acronyms removed).</summary>
    public static string NameKey(string? name)
    {
        var withoutParentheses = RemoveParentheses(name ?? "");
        var words = Normalise(withoutParentheses).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Initials written with dots ("S.A.R.L.") become single letters: drop them when together they spell a legal form.
        var initials = string.Concat(words.Where(w => w.Length == 1));
        if (initials.Length > 1 && LegalForms.Contains(initials))
        {
            words = words.Where(w => w.Length > 1).ToList();
        }

        words = words.Where(w => !LegalForms.Contains(w)).ToList();
        return string.Join(' ', words);
    }

    /// <summary>True when the names are the same company name once normalised (or one is empty: nothing to compare).</summary>
    public static bool SameName(string? ours, string? registry)
    {
        var a = NameKey(ours);
        var b = NameKey(registry);
        return a.Length == 0 || b.Length == 0 || a == b;
    }

    /// <summary>The street part of an address, normalised with the usual abbreviations spelled out.</summary>
    public static string StreetKey(string? street) =>
        string.Join(' ', Normalise(street).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => Street.GetValueOrDefault(w, w)));

    /// <summary>
    /// True when our address is the registry's head office: same postal code and same street once normalised (our second line
    /// is looked at too: "Bâtiment B" then the street). Registry addresses come as one line ending with the postal code and
    /// city ("7 RUE DU NIL 75002 PARIS"); that end is removed before comparing. Nothing to compare (either side empty) is a match.
    /// </summary>
    public static bool SameAddress(string? line1, string? line2, string? postalCode, string? registryAddress, string? registryPostalCode)
    {
        if (string.IsNullOrWhiteSpace(line1) || string.IsNullOrWhiteSpace(registryAddress))
        {
            return true;
        }

        var postal = Normalise(registryPostalCode);
        if (postal.Length > 0 && Normalise(postalCode) is { Length: > 0 } ours && ours != postal)
        {
            return false;
        }

        var street = StreetKey(registryAddress);
        if (postal.Length > 0)
        {
            var at = street.IndexOf(" " + postal, StringComparison.Ordinal);
            street = at >= 0 ? street[..at] : street;
        }

        var first = StreetKey(line1);
        var second = StreetKey(line2);
        return first == street || (second.Length > 0 && (second == street || $"{first} {second}" == street || $"{second} {first}" == street))
            || street.EndsWith(" " + first, StringComparison.Ordinal);
    }

    private static string RemoveParentheses(string text)
    {
        var result = new StringBuilder(text.Length);
        var depth = 0;
        foreach (var c in text)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0)
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
