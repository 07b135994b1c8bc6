using Encaisse.Dunning.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.PaymentPlans;

/// <summary>Reads and saves the tenant's <see cref="CollectionsPolicy"/>.</summary>
public static class CollectionsPolicyOperations
{
    public static Task<CollectionsPolicy> GetAsync(CollectionsScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.PolicyAsync(ct);
    }

    public static async Task<CollectionsPolicy> SaveAsync(CollectionsScope scope, CollectionsPolicy policy, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new RequestErrors();
        if (policy.PromiseGraceDays is < 0 or > 90)
        {
            errors.Add("promiseGraceDays", "collectionsPolicy.days", ("min", 0), ("max", 90));
        }

        if (policy.InstalmentGraceDays is < 0 or > 90)
        {
            errors.Add("instalmentGraceDays", "collectionsPolicy.days", ("min", 0), ("max", 90));
        }

        if (policy.MaxInstalments is < 1 or > 120)
        {
            errors.Add("maxInstalments", "collectionsPolicy.between", ("min", 1), ("max", 120));
        }

        if (policy.MaxDurationDays is < 1 or > 3660)
        {
            errors.Add("maxDurationDays", "collectionsPolicy.days", ("min", 1), ("max", 3660));
        }

        if (policy.MinFirstInstalmentPercent is < 0 or > 100)
        {
            errors.Add("minFirstInstalmentPercent", "collectionsPolicy.between", ("min", 0), ("max", 100));
        }

        if (policy.MaxDaysToFirstInstalment is < 0 or > 3660)
        {
            errors.Add("maxDaysToFirstInstalment", "collectionsPolicy.days", ("min", 0), ("max", 3660));
        }

        if (policy.MaxAutoAcceptMinor is < 0)
        {
            errors.Add("maxAutoAcceptMinor", "collectionsPolicy.negative");
        }

        errors.ThrowIfAny();
        var stored = await scope.Db.Set<CollectionsPolicy>().SingleOrDefaultAsync(ct);
        if (stored is null)
        {
            stored = new CollectionsPolicy { TenantId = scope.Tenant.Id };
            scope.Db.Add(stored);
        }

        stored.PromiseGraceDays = policy.PromiseGraceDays;
        stored.InstalmentGraceDays = policy.InstalmentGraceDays;
        stored.AutoAcceptPlans = policy.AutoAcceptPlans;
        stored.MaxInstalments = policy.MaxInstalments;
        stored.MaxDurationDays = policy.MaxDurationDays;
        stored.MinFirstInstalmentPercent = policy.MinFirstInstalmentPercent;
        stored.MaxAutoAcceptMinor = policy.MaxAutoAcceptMinor;
        stored.MaxDaysToFirstInstalment = policy.MaxDaysToFirstInstalment;
        stored.UpdatedAt = scope.Now;
        await scope.Db.SaveChangesAsync(ct);
        return stored;
    }
}
