using Encaisse.Ledger;

namespace Encaisse.Payments;

/// <summary>An imported bank statement (one account, one period). Amounts in minor units of <see cref="Currency"/>.</summary>
public sealed class BankStatement : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>camt053, cfonb120, mt940 or ofx.</summary>
    public required string Format { get; set; }
    public string? AccountIban { get; set; }
    public string? AccountNumber { get; set; }
    public string Currency { get; set; } = "EUR";
    public string? StatementReference { get; set; }
    public long? OpeningBalanceMinor { get; set; }
    public DateOnly? OpeningDate { get; set; }
    public long? ClosingBalanceMinor { get; set; }
    public DateOnly? ClosingDate { get; set; }
    public string? FileName { get; set; }
    /// <summary>Transactions of this statement that were new when it was imported (the others were already known).</summary>
    public int NewTransactions { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>
    /// The bank's balances do not add up (opening + movements ≠ closing): the statement was read as it is, and its credits
    /// go to the review queue instead of being applied automatically (ADR 0502).
    /// </summary>
    public bool IsFlagged { get; set; }
    /// <summary>Closing − (opening + movements) in minor units when <see cref="IsFlagged"/>.</summary>
    public long? BalanceDifferenceMinor { get; set; }
}

/// <summary>Where a bank transaction stands in cash application (lettrage).</summary>
public enum BankTransactionStatus
{
    /// <summary>Not matched yet, or no proposal: stays visible as an unidentified receipt.</summary>
    Unmatched = 0,
    /// <summary>A proposal below the auto-apply threshold waits for a person (review queue).</summary>
    Review = 1,
    /// <summary>Applied: a Payment and its Allocations exist.</summary>
    Matched = 2,
    /// <summary>Not a customer receipt (bank fees, outgoing payments...).</summary>
    Ignored = 3,
    /// <summary>A returned direct debit or reversed credit (R-transaction) that reopened invoices.</summary>
    Returned = 4,
}

/// <summary>
/// One movement of a bank statement, stored once: <see cref="NaturalKey"/> (unique per tenant) is derived from the
/// account, dates, amount, references and text, so importing the same or an overlapping statement adds nothing.
/// </summary>
public sealed class BankTransaction : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid BankStatementId { get; set; }
    public required string NaturalKey { get; set; }
    public string? AccountIban { get; set; }
    public DateOnly BookingDate { get; set; }
    public DateOnly? ValueDate { get; set; }
    /// <summary>Signed: credits positive, debits negative.</summary>
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public string? CounterpartyName { get; set; }
    public string? CounterpartyIban { get; set; }
    public string? RemittanceInformation { get; set; }
    public string? EndToEndId { get; set; }
    public string? BankReference { get; set; }
    public string? ReturnReason { get; set; }
    public string? MandateReference { get; set; }
    /// <summary>
    /// A batched entry's parts as the bank details them (camt TxDtls), JSON: <c>[{ amount, endToEndId, counterpartyName,
    /// counterpartyIban, remittanceInformation, mandateReference, returnReason }]</c>; null for a single movement.
    /// </summary>
    public string? Details { get; set; }
    public BankTransactionStatus Status { get; set; }
    /// <summary>The customer the payer was identified as (by matching or by hand).</summary>
    public Guid? CustomerId { get; set; }
    /// <summary>The payment created when the transaction was applied.</summary>
    public Guid? PaymentId { get; set; }
    /// <summary>Best proposal's confidence (0..1) when one exists.</summary>
    public decimal? Confidence { get; set; }
    /// <summary>The proposal as JSON (invoices, amounts, reasons) for the review queue.</summary>
    public string? Proposal { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>
/// What the engine learnt: this payer IBAN or name pays for this customer (from manual corrections and confirmed
/// matches). The payer name key is normalised (upper case, letters and digits only).
/// </summary>
public sealed class PayerAlias : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>iban or name.</summary>
    public required string Kind { get; set; }
    public required string Key { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>manual or matching.</summary>
    public string Source { get; set; } = "manual";
    public DateTimeOffset CreatedAt { get; set; }
}
