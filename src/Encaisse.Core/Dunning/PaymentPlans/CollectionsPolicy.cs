namespace Encaisse.Dunning.PaymentPlans;

/// <summary>
/// A tenant's collections settings (one row per tenant): the grace period of promises and payment plans, and
/// the rules within which a customer's payment-plan request is accepted without a person reviewing it.
/// A tenant without a row uses <see cref="Defaults"/>.
/// </summary>
public sealed class CollectionsPolicy : Ledger.ITenantOwned
{
    public const int DefaultPromiseGraceDays = 3;

    public Guid TenantId { get; set; }
    /// <summary>Days after the promised date before a promise without payment is broken.</summary>
    public int PromiseGraceDays { get; set; } = DefaultPromiseGraceDays;
    /// <summary>Days after an instalment's due date before the plan is defaulted.</summary>
    public int InstalmentGraceDays { get; set; } = 5;
    /// <summary>Accept customer requests automatically when they satisfy every rule below.</summary>
    public bool AutoAcceptPlans { get; set; } = true;
    public int MaxInstalments { get; set; } = 6;
    /// <summary>Days from the request to the last instalment.</summary>
    public int MaxDurationDays { get; set; } = 180;
    /// <summary>The first instalment must be at least this share of the total, in percent (0 = no rule).</summary>
    public int MinFirstInstalmentPercent { get; set; } = 10;
    /// <summary>Largest total accepted automatically, in minor units of the tenant currency; null = no limit.</summary>
    public long? MaxAutoAcceptMinor { get; set; } = 1_000_000;
    /// <summary>Days from the request to the first instalment.</summary>
    public int MaxDaysToFirstInstalment { get; set; } = 30;
    public DateTimeOffset UpdatedAt { get; set; }

    public static CollectionsPolicy Defaults(Guid tenantId) => new() { TenantId = tenantId };
}
