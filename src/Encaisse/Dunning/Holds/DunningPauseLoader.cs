using Encaisse.Dunning.PaymentPlans;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Holds;

/// <summary>
/// Loads, in four set-based queries, only the holds, disputes, promises and plans that can matter on a date,
/// and evaluates <see cref="DunningPauses"/> per customer. For the dunning planner: customers absent from the
/// result have nothing that pauses them.
/// </summary>
public static class DunningPauseLoader
{
    /// <param name="customerIds">Restrict to these customers; null = every customer of the tenant.</param>
    public static async Task<Dictionary<Guid, DunningPauseState>> PausedOnAsync(
        EncaisseDb db, DateOnly asOf, IReadOnlyCollection<Guid>? customerIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var policy = await db.Set<CollectionsPolicy>().AsNoTracking().SingleOrDefaultAsync(ct) ?? CollectionsPolicy.Defaults(db.TenantId);
        var graceStart = asOf.AddDays(-policy.PromiseGraceDays);

        var holds = db.Set<DunningHold>().AsNoTracking().Where(h => h.From <= asOf && (h.Until == null || h.Until >= asOf));
        var disputes = db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices)
            .Where(d => d.OpenedOn <= asOf && (d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview || d.ClosedOn > asOf));
        var promises = db.Set<PromiseToPay>().AsNoTracking()
            .Where(p => p.Status != PromiseStatus.Cancelled && p.RecordedOn <= asOf && p.PromisedDate >= graceStart
                && (p.Status == PromiseStatus.Pending || p.ResolvedOn > asOf));
        var plans = db.Set<PaymentPlan>().AsNoTracking().Include(p => p.Instalments)
            .Where(p => p.Status == PaymentPlanStatus.Active || p.Status == PaymentPlanStatus.Requested || p.ClosedOn > asOf);
        if (customerIds is not null)
        {
            holds = holds.Where(h => customerIds.Contains(h.CustomerId));
            disputes = disputes.Where(d => customerIds.Contains(d.CustomerId));
            promises = promises.Where(p => customerIds.Contains(p.CustomerId));
            plans = plans.Where(p => customerIds.Contains(p.CustomerId));
        }

        var holdsBy = (await holds.ToListAsync(ct)).ToLookup(h => h.CustomerId);
        var disputesBy = (await disputes.AsSplitQuery().ToListAsync(ct)).ToLookup(d => d.CustomerId);
        var promisesBy = (await promises.ToListAsync(ct)).ToLookup(p => p.CustomerId);
        var plansBy = (await plans.AsSplitQuery().ToListAsync(ct)).ToLookup(p => p.CustomerId);
        var result = new Dictionary<Guid, DunningPauseState>();
        foreach (var customerId in holdsBy.Select(g => g.Key).Concat(disputesBy.Select(g => g.Key))
                     .Concat(promisesBy.Select(g => g.Key)).Concat(plansBy.Select(g => g.Key)).Distinct())
        {
            var state = DunningPauses.Evaluate(asOf, holdsBy[customerId], disputesBy[customerId], promisesBy[customerId], plansBy[customerId], policy.PromiseGraceDays);
            if (state.CustomerPaused || state.InvoiceReasons.Count > 0)
            {
                result[customerId] = state;
            }
        }

        return result;
    }
}
