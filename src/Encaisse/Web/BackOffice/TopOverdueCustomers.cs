using System.Collections.Concurrent;
using Encaisse.Reporting;
using Encaisse.Storage;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// The reports page's customers most overdue, kept with the portfolio figures they are shown beside (ADR 1580): ranked
/// again only when the tenant's <see cref="PortfolioFigures"/> are computed again (another figures object), once for
/// concurrent requests, on its own context, as of the figures' day. Ranking every overdue customer of the position
/// snapshot costs tens of milliseconds at 100,000 customers, which every request of the page paid; the page already
/// says when its figures were computed. The CSV/XLSX export still ranks them afresh.
/// </summary>
public sealed class TopOverdueCustomers(DatabaseFactory factory)
{
    private readonly ConcurrentDictionary<Guid, Kept> kept = new();

    /// <summary>The <paramref name="count"/> customers most overdue (the customers list sorted by overdue amount, overdue only).</summary>
    public static async Task<IReadOnlyList<CustomerLine>> RankAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, int count, CancellationToken ct) =>
        (await CustomerDirectory.SearchAsync(db, tenantId, currency, today,
            new CustomerQuery(OverdueOnly: true, Sort: CustomerSort.Overdue, Descending: true, PageSize: count), ct)).Lines;

    public async Task<IReadOnlyList<CustomerLine>> GetAsync(Guid tenantId, PortfolioFigures figures, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var entry = kept.AddOrUpdate(tenantId, _ => New(tenantId, figures, count),
            (_, old) => ReferenceEquals(old.Figures, figures) && old.Count == count ? old : New(tenantId, figures, count));
        try
        {
            return await entry.Lines.Value.WaitAsync(ct);
        }
        catch (Exception) when (entry.Lines.Value.IsFaulted)
        {
            // Not kept: the next request ranks them again.
            kept.TryRemove(new KeyValuePair<Guid, Kept>(tenantId, entry));
            throw;
        }
    }

    private Kept New(Guid tenantId, PortfolioFigures figures, int count) => new(figures, count, new Lazy<Task<IReadOnlyList<CustomerLine>>>(() => Task.Run(async () =>
    {
        // Its own context: the request that started it may be over before it ends.
        await using var db = factory.Create(tenantId);
        return await RankAsync(db, tenantId, figures.Currency, figures.AsOf, count, CancellationToken.None);
    })));

    private sealed record Kept(PortfolioFigures Figures, int Count, Lazy<Task<IReadOnlyList<CustomerLine>>> Lines);
}
