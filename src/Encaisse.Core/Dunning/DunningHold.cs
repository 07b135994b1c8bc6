namespace Encaisse.Dunning;

public enum DunningHoldKind
{
    /// <summary>Paused by a person, with a reason.</summary>
    Manual = 0,
    /// <summary>Excluded from dunning (customer or one invoice) until an end date.</summary>
    Exclusion = 1,
    /// <summary>Collective procedure or ceased company: no dunning, no penalties.</summary>
    Insolvency = 2,
}

/// <summary>
/// Stops dunning for a customer (InvoiceId null) or one invoice, from a date until an optional end date.
/// </summary>
public sealed class DunningHold : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid? InvoiceId { get; set; }
    public DunningHoldKind Kind { get; set; }
    public required string Reason { get; set; }
    public DateOnly From { get; set; }
    /// <summary>Last day of the hold; null = until lifted.</summary>
    public DateOnly? Until { get; set; }
    public string CreatedBy { get; set; } = "system";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Who lifted it before its end; <see cref="Until"/> is then set to the day before the lift.</summary>
    public string? LiftedBy { get; set; }
    public DateOnly? LiftedOn { get; set; }

    public bool AppliesOn(DateOnly date) => From <= date && (Until is null || date <= Until);
}
