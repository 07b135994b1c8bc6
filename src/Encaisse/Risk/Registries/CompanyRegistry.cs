using System.Globalization;
using System.Text.Json;

namespace Encaisse.Risk.Registries;

/// <summary>
/// Client of the API Recherche d'entreprises (DINUM): <c>GET /search?q=SIREN|SIRET</c>, no key, 7 calls/s per
/// IP. Reads the documented fields tolerantly (the service adds fields without notice).
/// </summary>
public sealed class CompanyRegistry(RegistryHttp http, RegistryOptions options)
{
    /// <summary>The company of a SIREN (9 digits) or SIRET (14 digits); null when the registry does not know it.</summary>
    public async Task<CompanyRecord?> FindAsync(string sirenOrSiret, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sirenOrSiret);
        var digits = new string(sirenOrSiret.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length is not (9 or 14))
        {
            throw new ArgumentException("A SIREN has 9 digits and a SIRET 14.", nameof(sirenOrSiret));
        }

        using var document = await http.GetJsonAsync($"search?q={digits}&page=1&per_page=1", options.CompanyCacheFor, ct);
        if (document is null || !document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var siren = digits[..9];
        foreach (var result in results.EnumerateArray())
        {
            if (Text(result, "siren") == siren)
            {
                return Parse(result);
            }
        }

        return null;
    }

    internal static CompanyRecord Parse(JsonElement r)
    {
        var siege = r.TryGetProperty("siege", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        return new CompanyRecord(
            Text(r, "siren") ?? "",
            Text(r, "nom_raison_sociale") ?? Text(r, "nom_complet") ?? "",
            Text(r, "etat_administratif") != "C",
            Date(Text(r, "date_creation")),
            Date(Text(r, "date_fermeture")),
            Text(r, "nature_juridique"),
            Text(r, "tranche_effectif_salarie"),
            Text(r, "activite_principale"),
            siege.ValueKind == JsonValueKind.Object ? Text(siege, "siret") : null,
            siege.ValueKind == JsonValueKind.Object ? Text(siege, "adresse") : null,
            siege.ValueKind == JsonValueKind.Object ? Text(siege, "code_postal") : null,
            siege.ValueKind == JsonValueKind.Object ? Text(siege, "libelle_commune") : null)
        {
            Accounts = Finances(r),
        };
    }

    /// <summary><c>finances</c>: an object keyed by year, each with <c>ca</c> (revenue) and <c>resultat_net</c>; absent for most companies.</summary>
    private static List<PublishedAccounts> Finances(JsonElement r)
    {
        var accounts = new List<PublishedAccounts>();
        if (!r.TryGetProperty("finances", out var finances) || finances.ValueKind != JsonValueKind.Object)
        {
            return accounts;
        }

        foreach (var year in finances.EnumerateObject())
        {
            if (int.TryParse(year.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && year.Value.ValueKind == JsonValueKind.Object)
            {
                accounts.Add(new PublishedAccounts(y, Amount(year.Value, "ca"), Amount(year.Value, "resultat_net")));
            }
        }

        return accounts.OrderBy(a => a.Year).ToList();
    }

    private static decimal? Amount(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    internal static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static DateOnly? Date(string? text) =>
        text is not null && text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
