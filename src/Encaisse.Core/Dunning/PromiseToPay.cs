namespace Encaisse.Dunning;

public enum PromiseStatus
{
    Pending = 0,
    Kept = 1,
    Broken = 2,
    Cancelled = 3,
}

/// <summary>
/// An amount the customer committed to pay by a date. Pauses dunning until the date plus a grace period;
/// kept or broken is decided from the payments received.
/// </summary>
public sealed class PromiseToPay : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly PromisedDate { get; set; }
    /// <summary>phone, email, portal, letter, api.</summary>
    public string Channel { get; set; } = "phone";
    public PromiseStatus Status { get; set; }
    public string? Note { get; set; }
    /// <summary>Who recorded it: a collector login or "portal".</summary>
    public string RecordedBy { get; set; } = "system";
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>Business day it was recorded (tenant time zone): payments count from this day.</summary>
    public DateOnly RecordedOn { get; set; }
    /// <summary>The day it was found kept or broken.</summary>
    public DateOnly? ResolvedOn { get; set; }
}
