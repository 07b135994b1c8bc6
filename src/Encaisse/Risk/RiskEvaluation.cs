using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk;

/// <summary>A customer's risk as shown by the CLI and the API.</summary>
public sealed record CustomerRisk(
    string CustomerRef,
    int Score,
    string RiskClass,
    IReadOnlyList<ScoreReason> Reasons,
    decimal? AverageDaysLate,
    decimal? LateShare,
    decimal? RecentDaysLate,
    string Currency,
    decimal? CreditLimit,
    decimal? RecommendedLimit,
    decimal OpenInvoices,
    decimal UnbilledOrders,
    decimal Exposure,
    bool DepositRequired,
    IReadOnlyList<AdviceReason> DepositReasons,
    IReadOnlyList<BuyerLimitView> BuyerLimits)
{
    /// <summary>
    /// When both a limit set by a person (<see cref="CreditLimit"/>) and the recommended one exist and differ: "own" or
    /// "recommended", whichever is higher, so an own limit above the recommendation is never a silent override.
    /// </summary>
    public string? HigherLimitSetBy { get; init; }

    /// <summary>The deposit and terms the class advises, with every reason (ADR 1830).</summary>
    public CreditAdvice? Advice { get; init; }

    /// <summary>What the latest onboarding check advised (class, starting limit, terms, deposit, credit refused), if checked.</summary>
    public OnboardingAdvice? Onboarding { get; init; }

    /// <summary>When the customer's own limit is above the recommended one: who set it (audit trail), "unknown" when not recorded (import, older data).</summary>
    public string? OwnLimitSetBy { get; init; }

    public DateTimeOffset? OwnLimitSetAt { get; init; }
}

public sealed record BuyerLimitView(string Insurer, string? PolicyNumber, decimal Amount, string Currency, DateOnly StartsOn, DateOnly? ExpiresOn, int DeclarationDays);

/// <summary>
/// Scores every customer (or one), stores the class in <see cref="Customer.RiskClass"/>, and keeps the risk.*
/// alerts in step with the positions (raised once, resolved when the condition is gone). With apply false it
/// only computes (for reads).
/// </summary>
public static class RiskEvaluation
{
    public static async Task<IReadOnlyList<CustomerRisk>> RunAsync(
        EncaisseDb db, Tenant tenant, DateOnly asOf, TimeProvider clock, CancellationToken ct, string? customerRef = null, bool apply = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        // Read-only evaluations leave the customers untracked: nothing they compute can be saved by a caller's unit of work.
        var query = db.Customers.Where(c => customerRef == null || c.ExternalRef == customerRef);
        var customers = await (apply ? query : query.AsNoTracking()).OrderBy(c => c.ExternalRef).ToListAsync(ct);
        if (customerRef is not null && customers.Count == 0)
        {
            throw new KeyNotFoundException($"No customer '{customerRef}'.");
        }

        Guid? only = customerRef is null ? null : customers[0].Id;
        var (results, drafts) = await EvaluateAsync(db, tenant, customers, only, asOf, null, ct);
        if (apply)
        {
            await AlertBook.SyncAsync(db, drafts, asOf, clock, ct, "risk.", customers.Select(c => c.Id).ToList());
            await db.SaveChangesAsync(ct);
        }

        return results;
    }

    /// <summary>
    /// The risk of one customer the caller has already read, with the rows it holds about it (<see cref="CustomerRiskInputs"/>):
    /// the same evaluation as <see cref="RunAsync"/> for that customer with apply false (read-only, nothing stored), without
    /// reading the customer, its checks, the policies and its buyer limits again (the customer page, ADR 1570).
    /// </summary>
    public static async Task<CustomerRisk> ForCustomerAsync(EncaisseDb db, Tenant tenant, Customer customer, CustomerRiskInputs inputs, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(inputs);
        return (await EvaluateAsync(db, tenant, [customer], customer.Id, asOf, inputs, ct)).Results.Single();
    }

    /// <summary>Reads what the scores, limits and alerts need for <paramref name="customers"/> (all of them, or the one <paramref name="only"/>) and computes them.</summary>
    private static async Task<(List<CustomerRisk> Results, List<AlertDraft> Drafts)> EvaluateAsync(EncaisseDb db, Tenant tenant, IReadOnlyList<Customer> customers,
        Guid? only, DateOnly asOf, CustomerRiskInputs? known, CancellationToken ct)
    {
        // One customer: the caller has read it, the loader does not read it again.
        var invoices = (only is null ? await PortfolioLoader.LoadAsync(db, ct) : await PortfolioLoader.LoadAsync(db, customers[0], ct)).ToLookup(i => i.CustomerId);
        var promises = (known?.PromiseOutcomes ?? await PortfolioLoader.LoadPromisesAsync(db, ct, only)).ToLookup(p => p.CustomerId);
        var disputes = known?.DisputeOpenings is { } openings
            ? openings.ToLookup(_ => customers[0].Id)
            : (await db.Set<Dispute>().AsNoTracking().Where(d => only == null || d.CustomerId == only)
                .Select(d => new { d.CustomerId, d.OpenedOn }).ToListAsync(ct)).ToLookup(d => d.CustomerId, d => d.OpenedOn);
        var orders = (await db.Set<UnbilledOrder>().AsNoTracking()
                .Where(o => o.Status == UnbilledOrderStatus.Open && o.Currency == tenant.Currency && (only == null || o.CustomerId == only))
                .Select(o => new { o.CustomerId, o.AmountMinor }).ToListAsync(ct))
            .GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Sum(o => o.AmountMinor));
        var policy = known is not null ? known.Insurance : await db.Set<InsurancePolicy>().AsNoTracking().SingleOrDefaultAsync(ct);
        var buyerLimitRows = known is not null
            ? known.BuyerLimits
            : await db.Set<BuyerLimit>().AsNoTracking().Where(l => only == null || l.CustomerId == only).ToListAsync(ct);
        // The alerts name the open invoices they speak of and the declared ones (read once, only when insurance is in use:
        // without a policy or a buyer limit no insurance alert is raised).
        var insured = policy is not null || buyerLimitRows.Count > 0;
        var declaredCovered = !insured ? new Dictionary<Guid, long>()
            : await db.Set<InsuranceDeclaration>().AsNoTracking().Where(d => only == null || d.CustomerId == only)
                .ToDictionaryAsync(d => d.InvoiceId, d => d.CoveredMinor, ct);
        var declared = declaredCovered.Keys.ToHashSet();
        var numbers = !insured
            ? new Dictionary<Guid, string>()
            : await db.Invoices.AsNoTracking()
                .Where(i => i.CancelledOn == null && i.GrossMinor > EF.Property<long>(i, "SettledMinor") && (only == null || i.CustomerId == only))
                .Select(i => new { i.Id, i.Number })
                .ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        var limits = buyerLimitRows.ToLookup(l => l.CustomerId);

        var policy2 = known?.Rules ?? await Onboarding.RiskPolicies.LoadAsync(db, ct);
        var checkRows = known is not null
            ? known.Checks
            : await db.Set<Onboarding.CompanyCheck>().AsNoTracking().Where(c => only == null || c.CustomerId == only).ToListAsync(ct);
        var checks = checkRows
            .GroupBy(c => c.CustomerId).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).First());
        var results = new List<CustomerRisk>();
        var drafts = new List<AlertDraft>();
        foreach (var customer in customers)
        {
            var own = invoices[customer.Id].ToList();
            var score = BehaviourScore.Compute(
                new CustomerHistory(customer.Id, own.Where(i => i.Currency == tenant.Currency).ToList(), disputes[customer.Id].ToList(), promises[customer.Id].ToList())
                {
                    InsolvencyOpenedOn = customer.InsolvencyOpenedOn,
                    CeasedOn = customer.CeasedOn,
                },
                asOf);
            if (known is null)
            {
                // Stored by RunAsync with apply; a caller's own customer (ForCustomerAsync) is left as it was read.
                customer.RiskClass = score.RiskClass;
            }

            // A ceased or insolvent company is scored without looking at its history: the onboarding check counts then too.
            var hasHistory = score.Reasons.All(r => r.Code is not ("no-history" or "ceased" or "insolvency"));
            var onboarding = checks.TryGetValue(customer.Id, out var check) ? OnboardingRule.Assess(Onboarding.OnboardingChecks.FactsOf(check), asOf, policy2) : null;
            var advice = CreditAdvice.For(score.RiskClass, hasHistory, onboarding, policy2);
            // Without sales yet, the recommendation is the starting limit of the onboarding check (ADR 1830).
            var recommended = CreditLimits.Recommended(own, score.RiskClass, tenant.Currency, asOf)
                ?? (onboarding is not null && !hasHistory ? Currencies.ToMinor(onboarding.StartingLimit, tenant.Currency) : null);
            var exposure = CreditLimits.ExposureOf(own, orders.GetValueOrDefault(customer.Id), tenant.Currency, asOf);
            var limit = customer.CreditLimitMinor ?? recommended;
            var decision = CreditLimits.ForNewOrder(exposure, 0, limit, advice.RiskClass, customer.InsolvencyOpenedOn is not null || customer.CeasedOn is not null
                || onboarding?.CreditRefused == true);
            var (setBy, setAt) = customer.CreditLimitMinor is { } ownLimit && (recommended is null || ownLimit > recommended)
                ? await LimitSetByAsync(db, customer.Id, ct) : (null, null);
            var buyerLimits = limits[customer.Id].ToList();
            drafts.AddRange(RiskAlerts.Evaluate(new CustomerPosition(customer.Id, customer.ExternalRef, exposure, limit, buyerLimits, own)
            {
                Policy = policy, InvoiceNumbers = numbers, Declared = declared, DeclaredCovered = declaredCovered,
            }, asOf));
            decimal A(long m) => Currencies.FromMinor(m, tenant.Currency);
            results.Add(new CustomerRisk(customer.ExternalRef, score.Score, score.RiskClass, score.Reasons, score.AverageDaysLate, score.LateShare,
                score.RecentDaysLate, tenant.Currency, customer.CreditLimitMinor is { } l ? A(l) : null, recommended is { } r ? A(r) : null,
                A(exposure.OpenInvoicesMinor), A(exposure.UnbilledOrdersMinor), A(exposure.TotalMinor), decision.DepositRequired, decision.Reasons,
                buyerLimits.Select(b => new BuyerLimitView(b.Insurer, b.PolicyNumber, Currencies.FromMinor(b.AmountMinor, b.Currency), b.Currency,
                    b.StartsOn, b.ExpiresOn, b.DeclarationDays)).ToList())
            {
                HigherLimitSetBy = customer.CreditLimitMinor is { } mine && recommended is { } rec && mine != rec ? (mine > rec ? "own" : "recommended") : null,
                Advice = advice,
                Onboarding = onboarding,
                OwnLimitSetBy = setBy,
                OwnLimitSetAt = setAt,
            });
        }

        return (results, drafts);
    }

    /// <summary>Who last set the customer's own limit, from the audit trail ("unknown" when no entry says: an import, older data).</summary>
    private static async Task<(string? By, DateTimeOffset? At)> LimitSetByAsync(EncaisseDb db, Guid customerId, CancellationToken ct)
    {
        var entries = await db.Set<Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.ObjectType == "customer" && a.After != null && a.After.Contains("CreditLimitMinor"))
            .Select(a => new { a.ActorKind, a.ActorId, a.At }).ToListAsync(ct);
        var latest = entries.OrderByDescending(a => a.At).FirstOrDefault();
        return latest is null ? ("unknown", null) : ($"{latest.ActorId} ({latest.ActorKind})", latest.At);
    }
}
