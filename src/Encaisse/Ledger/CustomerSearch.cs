using System.Collections.Concurrent;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>
/// The customers a text names, found once (<see cref="CustomerSearch.FindAsync(EncaisseDb, string, CancellationToken)"/>):
/// their ids, or null when more than <see cref="CustomerSearch.IdLimit"/> match (the lists then read them as a sub-query).
/// </summary>
public sealed record CustomerMatches(string Text, IReadOnlyList<Guid>? Ids);

/// <summary>
/// The customers a list's text search names: reference equal to the text, or legal name containing it (any case).
/// The invoices and payments lists search "by customer" through <see cref="IdsAsync"/>: the customers are found first
/// (on their trigram index, <see cref="SearchIndexes"/>), then their documents by the customer index, instead of a
/// join that tests every document of the ledger against the customer's name.
/// </summary>
public static class CustomerSearch
{
    /// <summary>Above this many customers, the lists test the name on the join (the same answer, read the long way).</summary>
    public const int IdLimit = 5000;

    public static IQueryable<Customer> Matching(EncaisseDb db, string text)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(text);
        var lower = text.ToLowerInvariant();
        return db.Customers.AsNoTracking().Where(c => c.ExternalRef == text || c.LegalName.ToLower().Contains(lower));
    }

    /// <summary>The ids of the customers matching <paramref name="text"/>, or null when there are more than <see cref="IdLimit"/>.</summary>
    public static Task<IReadOnlyList<Guid>?> IdsAsync(EncaisseDb db, string text, CancellationToken ct) => IdsAsync(db, text, IdLimit, ct);

    /// <summary>The customers <paramref name="text"/> (trimmed) names, to pass to several lists searching the same text.</summary>
    public static Task<CustomerMatches> FindAsync(EncaisseDb db, string text, CancellationToken ct) => FindAsync(db, text, IdLimit, ct);

    internal static async Task<CustomerMatches> FindAsync(EncaisseDb db, string text, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        return new CustomerMatches(trimmed, await IdsAsync(db, trimmed, limit, ct));
    }

    /// <summary>
    /// The customers a list's text <paramref name="search"/> names (null without a text), unless <paramref name="found"/>
    /// already holds them for the same text: the invoices and payments lists share this rule.
    /// </summary>
    internal static async Task<CustomerMatches?> ForListAsync(EncaisseDb db, string? search, CustomerMatches? found, int limit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var text = search.Trim();
        return found is not null && found.Text == text ? found : await FindAsync(db, text, limit, ct);
    }

    /// <summary>
    /// The customers found for a text, kept while the tenant's <see cref="CustomerNameVersions"/> number is the one read
    /// before they were searched (ADR 1553): finding them reads every match's row to test its name (3-5 ms for a common
    /// name at 100,000 customers, the largest part of a list's search), and the same text comes back as the reader
    /// pages, filters, exports or goes from the global search to a list. The number is read before the search, so a
    /// customer written in between is either in the kept answer or moves the number; any change of a name, a
    /// reference, a SIREN or the customers themselves moves it, from whatever process.
    /// </summary>
    private static readonly ConcurrentDictionary<(string? Database, Guid Tenant, string Rule, string Text, int Limit), (long? Version, IReadOnlyList<Guid>? Ids)> Kept = new();

    /// <summary>How many texts are kept (all tenants and rules); beyond, the kept answers are dropped and found again.</summary>
    internal const int KeptTexts = 256;

    internal static Task<IReadOnlyList<Guid>?> IdsAsync(EncaisseDb db, string text, int limit, CancellationToken ct) =>
        KeptAsync(db, nameof(Matching), text, limit, () => Matching(db, text).Select(c => c.Id).Take(limit + 1).ToListAsync(ct), ct);

    /// <summary>
    /// The ids <paramref name="find"/> gives for <paramref name="text"/> under a <paramref name="rule"/> that reads only the
    /// customers' names, references and SIRENs (in the order <paramref name="find"/> gives them; at most
    /// <paramref name="limit"/> + 1 asked), kept while the tenant's <see cref="CustomerNameVersions"/> number has not moved;
    /// null when more than <paramref name="limit"/> match. The customers list keeps its text search in name order this way
    /// (ADR 1557).
    /// </summary>
    internal static async Task<IReadOnlyList<Guid>?> KeptAsync(EncaisseDb db, string rule, string text, int limit, Func<Task<List<Guid>>> find, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(find);
        if (db.Database.CurrentTransaction is not null)
        {
            // Inside a transaction the number may count changes that are then rolled back: found, not kept.
            return Found(await find(), limit);
        }

        var key = (db.Database.GetConnectionString(), db.TenantId, rule, text, limit);
        var version = await CustomerNameVersions.CurrentAsync(db, ct);
        if (Kept.TryGetValue(key, out var kept) && kept.Version == version)
        {
            return kept.Ids;
        }

        var found = Found(await find(), limit);
        if (Kept.Count >= KeptTexts)
        {
            Kept.Clear();
        }

        Kept[key] = (version, found);
        return found;
    }

    private static IReadOnlyList<Guid>? Found(List<Guid> ids, int limit) => ids.Count > limit ? null : ids.ToArray();
}
