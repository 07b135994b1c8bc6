namespace Encaisse.Dunning;

public enum PaymentPlanStatus
{
    Requested = 0,
    Active = 1,
    Completed = 2,
    Defaulted = 3,
    Cancelled = 4,
}

/// <summary>
/// Instalments agreed for a customer's debt (échéancier). While active it replaces dunning by instalment
/// reminders.
/// </summary>
public sealed class PaymentPlan : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public PaymentPlanStatus Status { get; set; }
    public long TotalMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    /// <summary>portal, collector, api.</summary>
    public string Channel { get; set; } = "collector";
    public List<PaymentPlanInstalment> Instalments { get; set; } = [];
    /// <summary>Business day the plan was agreed or requested: payments count towards it from this day.</summary>
    public DateOnly AgreedOn { get; set; }
    /// <summary>Who created it: a collector login, "portal" or "api".</summary>
    public string CreatedBy { get; set; } = "system";
    /// <summary>Why a customer request was not accepted automatically, or a reviewer's comment.</summary>
    public string? ReviewNote { get; set; }
    /// <summary>The day it became active (at creation, or when a reviewer accepted the request).</summary>
    public DateOnly? ActivatedOn { get; set; }
    /// <summary>The day it became completed, defaulted or cancelled.</summary>
    public DateOnly? ClosedOn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PaymentPlanInstalment : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PaymentPlanId { get; set; }
    public int Sequence { get; set; }
    public DateOnly DueDate { get; set; }
    public long AmountMinor { get; set; }
}
