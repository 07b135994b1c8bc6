using Encaisse.Ledger;
using Encaisse.Risk.Registries;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Onboarding;

/// <summary>A queued check: when it was asked, how many attempts failed, when the next one is.</summary>
public sealed record PendingCheck(string Trigger, DateTimeOffset RequestedAt, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>One stored check as the page and the API show it.</summary>
public sealed record CheckView(
    Guid Id, DateOnly CheckedOn, DateTimeOffset CheckedAt, string Trigger, string? RequestedBy, string Siren, bool Found, bool Active,
    string? RegistryName, string? LegalForm, DateOnly? CreatedOn, DateOnly? CeasedOn, string? ActivityCode, string? HeadcountBand,
    string? HeadOfficeSiret, string? HeadOfficeAddress, string? HeadOfficePostalCode, string? HeadOfficeCity,
    IReadOnlyList<InsolvencyNotice> Procedures, IReadOnlyList<BodaccPublication> Publications, IReadOnlyList<PublishedAccounts> Accounts,
    bool NameDiffers, bool AddressDiffers, string RiskClass, bool CreditRefused);

/// <summary>A credit override as shown: who, when, why, what.</summary>
public sealed record OverrideView(string By, DateTimeOffset At, string Reason, string Refusal, decimal? CreditLimit, string? PaymentTerms);

/// <summary>
/// A customer's onboarding: <c>status</c> none (not a business with a SIREN), pending (queued, no complete check yet or a new
/// one waiting) or done; the latest check and the advice derived from it today with the tenant's policy; earlier checks; the
/// credit overrides.
/// </summary>
public sealed record OnboardingView(
    string CustomerRef, string Status, PendingCheck? Pending, CheckView? Latest, OnboardingAdvice? Advice, IReadOnlyList<CheckView> History,
    IReadOnlyList<OverrideView> Overrides, string? CreditRefusal, string? CustomerName, string? CustomerAddress)
{
    public static async Task<OnboardingView?> LoadAsync(EncaisseDb db, Tenant tenant, string customerRef, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        return customer is null ? null : await LoadAsync(db, tenant, customer, today, ct);
    }

    /// <summary>
    /// The view of <paramref name="customer"/>; with <paramref name="inputs"/> (the customer page reads them once for its risk
    /// cards) its checks and the credit policy are not read again.
    /// </summary>
    public static async Task<OnboardingView> LoadAsync(EncaisseDb db, Tenant tenant, Customer customer, DateOnly today, CancellationToken ct,
        CustomerRiskInputs? inputs = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        var checks = (inputs?.Checks ?? await db.Set<CompanyCheck>().AsNoTracking().Where(c => c.CustomerId == customer.Id).ToListAsync(ct))
            .OrderByDescending(c => c.CheckedAt).ThenByDescending(c => c.Id).ToList();
        var request = await db.Set<CompanyCheckRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.CustomerId == customer.Id, ct);
        var overrides = (await db.Set<CreditOverride>().AsNoTracking().Where(o => o.CustomerId == customer.Id).ToListAsync(ct))
            .OrderByDescending(o => o.At).Select(o => new OverrideView(o.By, o.At, o.Reason, o.Refusal,
                o.CreditLimitMinor is { } l ? Currencies.FromMinor(l, tenant.Currency) : null, o.PaymentTerms)).ToList();
        var policy = inputs?.Rules ?? await RiskPolicies.LoadAsync(db, ct);
        var latest = checks.FirstOrDefault();
        var advice = latest is null ? null : OnboardingRule.Assess(OnboardingChecks.FactsOf(latest), today, policy);
        var status = request is not null ? "pending" : latest is not null ? "done" : OnboardingChecks.SirenOf(customer) is null ? "none" : "pending";
        var address = string.Join(" ", new[] { customer.BillingAddress.Line1, customer.BillingAddress.Line2, customer.BillingAddress.PostalCode, customer.BillingAddress.City }
            .Where(x => !string.IsNullOrWhiteSpace(x)));
        return new OnboardingView(customer.ExternalRef, status,
            request is null ? null : new PendingCheck(request.Trigger, request.RequestedAt, request.Attempts, request.NextAttemptAt, request.LastError),
            latest is null ? null : View(latest), advice, checks.Skip(1).Select(View).ToList(), overrides,
            CreditGrants.RefusalOf(customer, checks), customer.LegalName, address);
    }

    private static CheckView View(CompanyCheck c)
    {
        var facts = OnboardingChecks.FactsOf(c);
        return new CheckView(c.Id, c.CheckedOn, c.CheckedAt, c.Trigger, c.RequestedBy, c.Siren, c.Found, c.Active, c.RegistryName, c.LegalForm, c.CreatedOn,
            c.CeasedOn, c.ActivityCode, c.HeadcountBand, c.HeadOfficeSiret, c.HeadOfficeAddress, c.HeadOfficePostalCode, c.HeadOfficeCity,
            facts.Notices.OrderByDescending(n => n.PublishedOn).ToList(), OnboardingChecks.PublicationsOf(c), facts.Accounts.OrderByDescending(a => a.Year).ToList(),
            c.NameDiffers, c.AddressDiffers, c.RiskClass, c.CreditRefused);
    }
}
