namespace Encaisse.Dunning;

public enum DisputeReason
{
    Quality = 0,
    Quantity = 1,
    Price = 2,
    NotReceived = 3,
    AlreadyPaid = 4,
    Other = 5,
}

public enum DisputeStatus
{
    Open = 0,
    InReview = 1,
    ResolvedWithCreditNote = 2,
    Rejected = 3,
}

/// <summary>
/// A contested invoice (litige), tracked until resolved. While open or in review it pauses dunning and
/// late-payment interest on its invoices.
/// </summary>
public sealed class Dispute : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public List<DisputedInvoice> Invoices { get; set; } = [];
    /// <summary>Amount contested, in minor units of <see cref="Currency"/>.</summary>
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public DisputeReason Reason { get; set; }
    public string? Description { get; set; }
    /// <summary>Login of the person in charge of resolving it.</summary>
    public string? Owner { get; set; }
    public DisputeStatus Status { get; set; }
    /// <summary>Where it came from: collector, portal, email, phone, api.</summary>
    public string Channel { get; set; } = "collector";
    public DateOnly OpenedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    /// <summary>The credit note that resolved it, when any.</summary>
    public Guid? CreditNoteId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool IsActive => Status is DisputeStatus.Open or DisputeStatus.InReview;
}

/// <summary>Links a dispute to one of its invoices.</summary>
public sealed class DisputedInvoice : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid DisputeId { get; set; }
    public Guid InvoiceId { get; set; }
}
