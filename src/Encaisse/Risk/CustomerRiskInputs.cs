using Encaisse.Reporting;
using Encaisse.Risk.Insurance;
using Encaisse.Risk.Onboarding;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk;

/// <summary>
/// What the risk cards of one customer all need, read once (the customer page): the customer's registry checks (newest first,
/// by <see cref="CompanyCheck.CheckedAt"/> then id), the tenant's credit policy, the credit-insurance policy and the customer's
/// buyer limits. The onboarding view, <see cref="RiskEvaluation.ForCustomerAsync"/> and the insurance card take it instead of
/// each reading the same rows again (ADR 1570).
/// </summary>
public sealed record CustomerRiskInputs(IReadOnlyList<CompanyCheck> Checks, CreditPolicy Rules, InsurancePolicy? Insurance, IReadOnlyList<BuyerLimit> BuyerLimits)
{
    /// <summary>
    /// The opening dates of every dispute of the customer, when the caller holds them all (null: the evaluation reads them).
    /// </summary>
    public IReadOnlyList<DateOnly>? DisputeOpenings { get; init; }

    /// <summary>Every resolved promise of the customer (<see cref="PortfolioLoader.Outcomes"/>), when the caller holds them all (null: read).</summary>
    public IReadOnlyList<PromiseOutcome>? PromiseOutcomes { get; init; }

    public static async Task<CustomerRiskInputs> LoadAsync(EncaisseDb db, Guid customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var checks = (await db.Set<CompanyCheck>().AsNoTracking().Where(c => c.CustomerId == customerId).ToListAsync(ct))
            .OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).ToList();
        var rules = await RiskPolicies.LoadAsync(db, ct);
        var insurance = await InsuranceOperations.PolicyAsync(db, ct);
        var limits = await db.Set<BuyerLimit>().AsNoTracking().Where(l => l.CustomerId == customerId).ToListAsync(ct);
        return new CustomerRiskInputs(checks, rules, insurance, limits);
    }
}
