using System.Globalization;
using System.Text.Json;

namespace Encaisse.Risk.Registries;

/// <summary>
/// Client of the BODACC open data (DILA on Opendatasoft, Explore API v2.1, dataset annonces-commerciales):
/// the "procédures collectives" notices of a SIREN. Handles the documented pitfalls: <c>registre</c> as a comma
/// string or an array, <c>jugement</c> as a JSON string or an object, judgment dates in ISO or French text.
/// </summary>
public sealed class BodaccRegistry(RegistryHttp http, RegistryOptions options)
{
    public const string RecordsPath = "api/explore/v2.1/catalog/datasets/annonces-commerciales/records";

    public async Task<IReadOnlyList<InsolvencyNotice>> CollectiveNoticesAsync(string siren, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(siren);
        if (siren.Length != 9 || !siren.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A SIREN has 9 digits.", nameof(siren));
        }

        var where = Uri.EscapeDataString($"search(registre, \"{siren}\") and familleavis=\"collective\"");
        var url = $"{RecordsPath}?where={where}&order_by={Uri.EscapeDataString("dateparution desc")}&limit=100";
        using var document = await http.GetJsonAsync(url, options.NoticesCacheFor, ct);
        if (document is null || !document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var notices = new List<InsolvencyNotice>();
        foreach (var record in results.EnumerateArray())
        {
            if (Parse(record, siren) is { } notice)
            {
                notices.Add(notice);
            }
        }

        return notices.OrderBy(n => n.PublishedOn).ToList();
    }

    /// <summary>
    /// The latest BODACC publications about <paramref name="siren"/>, every family (sales, changes, accounts filed, removals,
    /// procedures), newest first, at most <paramref name="limit"/>: what the onboarding check shows as "recent publications".
    /// </summary>
    public async Task<IReadOnlyList<BodaccPublication>> PublicationsAsync(string siren, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(siren);
        if (siren.Length != 9 || !siren.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A SIREN has 9 digits.", nameof(siren));
        }

        var where = Uri.EscapeDataString($"search(registre, \"{siren}\")");
        var url = $"{RecordsPath}?where={where}&order_by={Uri.EscapeDataString("dateparution desc")}&limit={Math.Clamp(limit, 1, 100)}";
        using var document = await http.GetJsonAsync(url, options.NoticesCacheFor, ct);
        if (document is null || !document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var publications = new List<BodaccPublication>();
        foreach (var record in results.EnumerateArray())
        {
            var published = CompanyRegistry.Text(record, "dateparution");
            if (!Registres(record).Contains(siren) || published is null
                || !DateOnly.TryParseExact(published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
            {
                continue;
            }

            publications.Add(new BodaccPublication(CompanyRegistry.Text(record, "id") ?? $"{siren}-{published}", on,
                CompanyRegistry.Text(record, "familleavis") ?? "", CompanyRegistry.Text(record, "familleavis_lib"), CompanyRegistry.Text(record, "typeavis_lib")));
        }

        return publications.OrderByDescending(p => p.PublishedOn).ToList();
    }

    /// <summary>A notice of the collective family about <paramref name="siren"/>, or null for anything else.</summary>
    internal static InsolvencyNotice? Parse(JsonElement record, string siren)
    {
        if (CompanyRegistry.Text(record, "familleavis") is { } family && family != "collective")
        {
            return null;
        }

        if (!Registres(record).Contains(siren))
        {
            return null;
        }

        var published = CompanyRegistry.Text(record, "dateparution");
        if (published is null || !DateOnly.TryParseExact(published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var publishedOn))
        {
            return null;
        }

        string? judgmentFamily = null, nature = null, date = null;
        if (record.TryGetProperty("jugement", out var j))
        {
            var judgment = j;
            JsonDocument? inner = null;
            if (j.ValueKind == JsonValueKind.String)
            {
                try
                {
                    inner = JsonDocument.Parse(j.GetString() ?? "{}");
                    judgment = inner.RootElement;
                }
                catch (JsonException)
                {
                    judgment = default;
                }
            }

            if (judgment.ValueKind == JsonValueKind.Object)
            {
                judgmentFamily = CompanyRegistry.Text(judgment, "famille");
                nature = CompanyRegistry.Text(judgment, "nature");
                date = CompanyRegistry.Text(judgment, "date");
            }

            inner?.Dispose();
        }

        return new InsolvencyNotice(CompanyRegistry.Text(record, "id") ?? $"{siren}-{published}", siren, publishedOn,
            CompanyRegistry.Text(record, "tribunal"), judgmentFamily, nature, InsolvencyNotices.ParseJudgmentDate(date));
    }

    private static HashSet<string> Registres(JsonElement record)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (!record.TryGetProperty("registre", out var r))
        {
            return values;
        }

        IEnumerable<string> raw = r.ValueKind switch
        {
            JsonValueKind.Array => r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!),
            JsonValueKind.String => (r.GetString() ?? "").Split(','),
            _ => [],
        };
        foreach (var value in raw)
        {
            values.Add(new string(value.Where(char.IsAsciiDigit).ToArray()));
        }

        return values;
    }
}

/// <summary>One BODACC publication about a company (any family: vente, modification, dpc (accounts filed), radiation, collective...).</summary>
public sealed record BodaccPublication(string Id, DateOnly PublishedOn, string Family, string? FamilyLabel, string? TypeLabel);
