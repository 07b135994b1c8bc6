namespace Encaisse.Ledger;

public enum PaymentMethod
{
    Transfer = 0,
    DirectDebit = 1,
    Cheque = 2,
    Card = 3,
    Cash = 4,
    Other = 5,
}

/// <summary>Money received. <see cref="CustomerId"/> is null while the payer is not identified.</summary>
public sealed class Payment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid? CustomerId { get; set; }
    /// <summary>Bank or accounting reference; unique per tenant; the key imports update by.</summary>
    public required string Reference { get; set; }
    /// <summary>The day the funds arrived (the date that stops late-payment interest).</summary>
    public DateOnly ReceivedOn { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public PaymentMethod Method { get; set; }
    public string? PayerName { get; set; }
    public string? PayerIban { get; set; }
    public string Source { get; set; } = "api";
    /// <summary>First day of the fiscal year of the FEC the payment came from (see <see cref="Invoice.FiscalYearStart"/>); null otherwise.</summary>
    public DateOnly? FiscalYearStart { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Links a payment or a credit note to the invoice it settles (lettrage). Partial amounts are allowed;
/// the sum of allocations never exceeds either side.
/// </summary>
public sealed class Allocation : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid? PaymentId { get; set; }
    public Guid? CreditNoteId { get; set; }
    public long AmountMinor { get; set; }
    /// <summary>Effective date: the payment's arrival or the credit note's issue date.</summary>
    public DateOnly AllocatedOn { get; set; }
    /// <summary>manual, import, fec, matching, api.</summary>
    public string Source { get; set; } = "manual";
    public DateTimeOffset CreatedAt { get; set; }
}
