using Encaisse.Ledger;

namespace Encaisse.Risk;

/// <summary>
/// Who collects a factored invoice. <see cref="Notified"/>: the customer is told and pays the factor; the invoice leaves
/// the seller's dunning, claims and matching (<see cref="Invoice.IsFactored"/>). <see cref="Confidential"/>: the customer
/// is not told, the seller keeps collecting and transfers what it receives to the factor.
/// </summary>
public enum FactoringMode
{
    Notified = 0,
    Confidential = 1,
}

/// <summary>A factoring company the tenant sells invoices to (affacturage), with the account subrogated payments go to.</summary>
public sealed class Factor : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Unique per tenant; the name the CLI and the API use.</summary>
    public required string Name { get; set; }
    public string? ContractNumber { get; set; }
    /// <summary>Where customers pay subrogated invoices (notified factoring).</summary>
    public required string Iban { get; set; }
    public string? Bic { get; set; }
    public FactoringMode Mode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One invoice sold to a factor; listed once on a remittance (bordereau de cession), then <see cref="RemittanceId"/> is set.</summary>
public sealed class FactoringAssignment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Unique: an invoice is sold to one factor at most.</summary>
    public Guid InvoiceId { get; set; }
    public Guid FactorId { get; set; }
    public DateOnly AssignedOn { get; set; }
    public required string AssignedBy { get; set; }
    public Guid? RemittanceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A bordereau de cession: the invoices of one factor remitted together, numbered per factor.</summary>
public sealed class FactoringRemittance : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid FactorId { get; set; }
    /// <summary>1, 2, 3… per factor.</summary>
    public int Sequence { get; set; }
    public DateOnly RemittedOn { get; set; }
    public int InvoiceCount { get; set; }
    public long TotalMinor { get; set; }
    /// <summary>Credit notes on invoices already sold, reported on this bordereau and deducted (<see cref="FactoringDeduction"/>).</summary>
    public long DeductionMinor { get; set; }
    public required string Currency { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// An invoice the factor handed back after it was remitted on a bordereau (rétrocession / définancement, ADR 1840): the
/// assignment is removed so the invoice is the seller's again, and this row keeps what was sold, on which bordereau, and the
/// factor's reference of the repurchase. The bordereau rebuilt later still lists the invoice (it was remitted).
/// </summary>
public sealed class FactoringRepurchase : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid FactorId { get; set; }
    public Guid RemittanceId { get; set; }
    public DateOnly AssignedOn { get; set; }
    public required string AssignedBy { get; set; }
    public DateOnly RepurchasedOn { get; set; }
    /// <summary>The factor's reference of the repurchase (its notice or the debit on the current account), as the person typed it.</summary>
    public required string Reference { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// Money the seller received for an invoice it sold, handed over to the factor (ADR 1820). What is still to transfer is
/// computed (payments allocated to the invoice since its assignment, less these rows); a row records one transfer made.
/// </summary>
public sealed class FactoringTransfer : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid FactorId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid CustomerId { get; set; }
    public long AmountMinor { get; set; }
    public required string Currency { get; set; }
    public DateOnly TransferredOn { get; set; }
    /// <summary>The bank reference of the transfer to the factor, as the person typed it.</summary>
    public string? Reference { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// A credit note applied to an invoice sold to a factor, reported on a bordereau as a deduction (ADR 1820). One row per
/// credit note, invoice and bordereau, for the amount not reported before: a credit note is never reported twice.
/// </summary>
public sealed class FactoringDeduction : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid RemittanceId { get; set; }
    public Guid InvoiceId { get; set; }
    public Guid CreditNoteId { get; set; }
    public long AmountMinor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The subrogation mention printed on documents of a factored invoice (French commercial practice; text in the catalogue).</summary>
public static class FactoringMentions
{
    /// <summary>Catalogue key of the mention; arguments: <c>factor</c>, <c>iban</c>.</summary>
    public const string SubrogationKey = "factoring.subrogation";
}
