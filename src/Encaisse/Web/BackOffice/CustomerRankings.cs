using Encaisse.Reporting;
using Encaisse.Storage;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// The customers list sorted by open or overdue amount, largest first, with no filter (the credit manager's "who owes the
/// most"), takes its order from a ranking kept per tenant, currency, day and amount (ADR 1562): ranking every customer of
/// the position snapshot reads a few hundred thousand rows at 100,000 customers, which every request of the list paid.
/// The ranking is kept <see cref="KeepFactor"/> times what it took to compute, between <see cref="ShortestKeep"/> and
/// <see cref="LongestKeep"/>, and refreshed in the background after that; a new day is ranked before it is shown. The
/// amounts on the page are always read for its customers (<see cref="CustomerDirectory"/>), so a payment shows at once;
/// only the order may be that old, and the page says when it was computed.
/// </summary>
public sealed class CustomerRankings(DatabaseFactory factory, TimeProvider clock)
{
    public const int KeepFactor = 20;

    public static readonly TimeSpan ShortestKeep = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan LongestKeep = TimeSpan.FromMinutes(2);

    private readonly KeptValues<(Guid Tenant, string Currency, CustomerSort Sort), CustomerRanking> kept = new(clock, KeepFor);

    /// <summary>How long a ranking that took <paramref name="took"/> is used without a refresh.</summary>
    public static TimeSpan KeepFor(TimeSpan took) => KeepTimes.Proportional(took, KeepFactor, ShortestKeep, LongestKeep);

    public Task<CustomerRanking> GetAsync(Guid tenantId, string currency, DateOnly today, CustomerSort sort, CancellationToken ct) =>
        kept.GetAsync((tenantId, currency, sort), r => r.AsOf == today, async () =>
        {
            await using var db = factory.Create(tenantId);
            return await CustomerDirectory.RankAsync(db, tenantId, currency, today, sort, clock, CancellationToken.None);
        }, ct);
}
