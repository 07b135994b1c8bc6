using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Promises;

namespace Encaisse.Dunning.Timeline;

/// <summary>What the daily job runs before planning reminders: promises and plans brought up to date.</summary>
public sealed record CollectionsCheckResult(DateOnly AsOf, IReadOnlyList<PromiseChange> Promises, IReadOnlyList<PaymentPlanView> Plans);

/// <summary>
/// Refreshes the stored statuses that the dunning planner reads: pending promises become kept or broken, active
/// payment plans completed or defaulted, as of a date. Idempotent; call it once per day before planning.
/// </summary>
public static class CollectionsChecks
{
    public static async Task<CollectionsCheckResult> RunAsync(CollectionsScope scope, DateOnly? asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var date = asOf ?? scope.Today;
        var promises = await PromiseOperations.CheckAsync(scope, date, ct);
        var plans = await PaymentPlanOperations.CheckAsync(scope, date, ct);
        return new CollectionsCheckResult(date, promises, plans);
    }
}
