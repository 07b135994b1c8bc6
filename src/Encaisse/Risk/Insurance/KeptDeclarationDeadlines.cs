using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Insurance;

/// <summary>
/// The invoices to declare to the credit insurer (covered, not declared, within 30 days of their deadline or past it), as
/// the dashboard counts them per stage and the declarations queue lists them, most urgent first.
/// </summary>
/// <param name="ComputedAt">When the list was computed; the invoices declared since are already left out.</param>
public sealed record DeclarationDeadlines(DateOnly AsOf, DateTimeOffset ComputedAt, IReadOnlyList<Deadline> Deadlines)
{
    /// <summary>How many invoices wait per stage (≤ 30, ≤ 15, ≤ 7 days, missed); a stage without any is absent.</summary>
    public IReadOnlyDictionary<DeadlineStage, int> Stages => Deadlines.GroupBy(d => d.Row.Stage).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>
/// Keeps each tenant's <see cref="DeclarationDeadlines"/> of the day in the server process (ADR 1594): giving the cover
/// needs every open invoice due early enough to be near its deadline, with its customer's earlier ones (thirteen thousand at a
/// million invoices), which the dashboard and the queue paid on every request. The list is kept <see cref="KeepFactor"/>
/// times what it took to compute, between <see cref="ShortestKeep"/> and <see cref="LongestKeep"/>, then refreshed in the
/// background; a new day is computed before it is shown. Each read leaves out the invoices declared since the list was
/// computed, so a claim leaves the queue and the dashboard at once; a payment, a new invoice or a new limit shows at the
/// next refresh, and the queue says when the list was computed.
/// </summary>
public sealed class KeptDeclarationDeadlines(DatabaseFactory factory, TimeProvider clock)
{
    public const int KeepFactor = 20;

    public static readonly TimeSpan ShortestKeep = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan LongestKeep = TimeSpan.FromMinutes(2);

    private readonly KeptValues<Guid, DeclarationDeadlines> kept = new(clock, KeepFor);

    /// <summary>How long a list that took <paramref name="took"/> is used without a refresh.</summary>
    public static TimeSpan KeepFor(TimeSpan took) => KeepTimes.Proportional(took, KeepFactor, ShortestKeep, LongestKeep);

    /// <summary>
    /// The tenant's invoices to declare on <paramref name="today"/>, without those declared since they were computed (read
    /// with <paramref name="db"/>, the request's context).
    /// </summary>
    public async Task<DeclarationDeadlines> GetAsync(EncaisseDb db, Tenant tenant, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        var list = await kept.GetAsync(tenant.Id, l => l.AsOf == today, async () =>
        {
            // Its own context: the request that started the refresh may be over before it ends.
            await using var own = factory.Create(tenant.Id);
            var at = clock.GetUtcNow();
            return new DeclarationDeadlines(today, at, await InsuranceOperations.ApproachingAsync(own, tenant, today, CancellationToken.None));
        }, ct);
        if (list.Deadlines.Count == 0)
        {
            return list;
        }

        var declared = await db.Set<InsuranceDeclaration>().AsNoTracking().Where(d => d.DeclaredOn >= list.AsOf).Select(d => d.InvoiceId).ToListAsync(ct);
        if (declared.Count == 0)
        {
            return list;
        }

        var left = declared.ToHashSet();
        return list with { Deadlines = list.Deadlines.Where(d => !left.Contains(d.InvoiceId)).ToList() };
    }
}
