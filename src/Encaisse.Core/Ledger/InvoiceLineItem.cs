namespace Encaisse.Ledger;

/// <summary>
/// One line of an invoice created in Encaisse (EN 16931 BG-25): what was sold, how many, at what net unit price, with
/// which VAT. Only invoices created through the API with their lines have them; imported invoices keep their lines in
/// their own files. Stored as given once checked (<see cref="InvoiceLines"/>): an issued invoice is never edited.
/// </summary>
public sealed class InvoiceLineItem : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    /// <summary>1, 2, 3... in the order given (BT-126).</summary>
    public int LineNumber { get; set; }
    /// <summary>Item name / designation (BT-153).</summary>
    public required string Description { get; set; }
    /// <summary>Invoiced quantity (BT-129), up to 4 decimals.</summary>
    public decimal Quantity { get; set; }
    /// <summary>UN/ECE Recommendation 20/21 unit code (BT-130): C62 one, HUR hour, DAY day, KGM kilogram...</summary>
    public string UnitCode { get; set; } = "C62";
    /// <summary>Net unit price excluding VAT (BT-146), up to 4 decimals.</summary>
    public decimal UnitPrice { get; set; }
    /// <summary>Line net amount (BT-131) in minor units: quantity × unit price rounded to the currency's minor unit.</summary>
    public long NetMinor { get; set; }
    /// <summary>VAT category (UNCL 5305, BT-151): S standard, Z zero rate, E exempt, AE reverse charge.</summary>
    public string VatCategory { get; set; } = "S";
    /// <summary>VAT rate in percent (BT-152): 20, 10, 5.5, 2.1; 0 outside category S.</summary>
    public decimal VatRate { get; set; }
    /// <summary>Why no VAT is charged (BT-120): required for E and AE, e.g. "TVA non applicable, art. 293 B du CGI".</summary>
    public string? VatExemptionReason { get; set; }
}

/// <summary>One line as the API receives it (amounts in the invoice currency as decimal numbers).</summary>
public sealed record InvoiceLineWrite(
    string? Description,
    decimal? Quantity,
    decimal? UnitPrice,
    decimal? VatRate,
    string? VatCategory = null,
    string? UnitCode = null,
    decimal? LineAmount = null,
    string? VatExemptionReason = null);
