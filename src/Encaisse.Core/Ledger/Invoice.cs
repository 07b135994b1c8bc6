namespace Encaisse.Ledger;

public enum DocumentKind
{
    Invoice = 0,
    CreditNote = 1,
}

/// <summary>
/// An issued invoice or credit note. Amounts are positive for both kinds; <see cref="Kind"/> gives the sign.
/// An issued document is never edited to reflect payments: open amounts come from allocations.
/// </summary>
public sealed class Invoice : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>Invoice number; unique per tenant; the key imports update by.</summary>
    public required string Number { get; set; }
    public DocumentKind Kind { get; set; }
    public DateOnly IssueDate { get; set; }
    /// <summary>Due date; with instalments, the due date of the last one.</summary>
    public DateOnly DueDate { get; set; }
    public string Currency { get; set; } = "EUR";
    public long NetMinor { get; set; }
    public long TaxMinor { get; set; }
    public long GrossMinor { get; set; }
    public string? PurchaseOrderRef { get; set; }
    /// <summary>Sold to a factor (subrogation): the factor collects, Encaisse does not dun it.</summary>
    public bool IsFactored { get; set; }
    /// <summary>Set when the invoice was cancelled (by a full credit note or in the source system).</summary>
    public DateOnly? CancelledOn { get; set; }
    /// <summary>Where the row came from: csv, xlsx, fec, api, demo.</summary>
    public string Source { get; set; } = "api";
    /// <summary>
    /// First day of the fiscal year (exercice) of the accounting file (FEC) the document came from; null otherwise.
    /// With <see cref="Number"/> it identifies a FEC document: a piece number reused in another fiscal year is another
    /// document (its number gets the year, e.g. "VE0123/2024", docs/import.md).
    /// </summary>
    public DateOnly? FiscalYearStart { get; set; }
    /// <summary>Several due dates for one invoice; empty when the invoice has a single due date.</summary>
    public List<Instalment> Instalments { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One due date of an invoice paid in several parts.</summary>
public sealed class Instalment : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public int Sequence { get; set; }
    public DateOnly DueDate { get; set; }
    public long AmountMinor { get; set; }
}
