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

    internal static async Task<IReadOnlyList<Guid>?> IdsAsync(EncaisseDb db, string text, int limit, CancellationToken ct)
    {
        var ids = await Matching(db, text).Select(c => c.Id).Take(limit + 1).ToListAsync(ct);
        return ids.Count > limit ? null : ids;
    }
}
