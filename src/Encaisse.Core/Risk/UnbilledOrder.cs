namespace Encaisse.Risk;

public enum UnbilledOrderStatus
{
    Open = 0,
    Invoiced = 1,
    Cancelled = 2,
}

/// <summary>
/// An order accepted but not invoiced yet, sent by the tenant's order system through the API: it adds to the
/// customer's exposure (encours) until invoiced or cancelled.
/// </summary>
public sealed class UnbilledOrder : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>The order number in the tenant's system; unique per tenant, the key updates come by.</summary>
    public required string Reference { get; set; }
    public DateOnly OrderedOn { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public UnbilledOrderStatus Status { get; set; }
    /// <summary>The recommendation given when the order was recorded.</summary>
    public bool DepositRequired { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
