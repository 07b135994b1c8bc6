namespace Encaisse.Formats.EInvoice;

/// <summary>The syntax an e-invoice is written in.</summary>
public enum EInvoiceSyntax
{
    /// <summary>UN/CEFACT Cross Industry Invoice D16B (Factur-X, ZUGFeRD 2.x, XRechnung CII).</summary>
    Cii,

    /// <summary>ZUGFeRD 1.0 (CrossIndustryDocument:12), the predecessor of Factur-X.</summary>
    ZugferdV1,

    /// <summary>OASIS UBL 2.1 Invoice.</summary>
    UblInvoice,

    /// <summary>OASIS UBL 2.1 CreditNote.</summary>
    UblCreditNote,
}

/// <summary>A postal address as the e-invoice gives it (BG-5 / BG-8).</summary>
public sealed record EInvoiceAddress(string? Line1, string? Line2, string? Line3, string? PostCode, string? City, string? Country);

/// <summary>The seller or the buyer (BG-4 / BG-7). The SIREN comes from the legal registration (scheme 0002),
/// else the SIRET (scheme 0009), else a French VAT number (FR + key + SIREN).</summary>
public sealed record EInvoiceParty(
    string? Name,
    string? Siren,
    string? Siret,
    string? VatNumber,
    string? LegalId,
    string? LegalIdScheme,
    string? RoutingCode,
    string? RoutingScheme,
    EInvoiceAddress? Address)
{
    public static EInvoiceParty Empty { get; } = new(null, null, null, null, null, null, null, null, null);
}

/// <summary>Document totals (BG-22). Amounts in the invoice currency, as written.</summary>
public sealed record EInvoiceTotals(
    decimal? LineTotal,
    decimal? AllowanceTotal,
    decimal? ChargeTotal,
    decimal? TaxBasisTotal,
    decimal? TaxTotal,
    decimal? GrandTotal,
    decimal? Prepaid,
    decimal? Rounding,
    decimal? DuePayable);

/// <summary>One VAT breakdown (BG-23).</summary>
public sealed record EInvoiceTax(string? Category, decimal? Rate, decimal? Basis, decimal? Amount, string? ExemptionReason);

/// <summary>One invoice line (BG-25), enough to check the line total.</summary>
public sealed record EInvoiceLine(string? Id, string? Name, decimal? Quantity, string? Unit, decimal? NetPrice, decimal? NetAmount, string? TaxCategory, decimal? TaxRate);

/// <summary>A payment means (BG-16): code (30 transfer, 58 SEPA transfer, 59 SEPA debit...), IBAN, BIC.</summary>
public sealed record EInvoicePaymentMeans(string? Code, string? Iban, string? Bic, string? Information);

/// <summary>A note (BG-1) with its subject code (PMT, PMD, AAB, REG...).</summary>
public sealed record EInvoiceNote(string? Subject, string Text);

/// <summary>A problem found while reading: <c>error</c> means the file cannot be used, <c>warning</c> is reported.</summary>
public sealed record EInvoiceIssue(string Severity, string Code, string Message)
{
    public const string Error = "error";
    public const string Warning = "warning";

    public static EInvoiceIssue Refuse(string code, string message) => new(Error, code, message);

    public static EInvoiceIssue Warn(string code, string message) => new(Warning, code, message);
}

/// <summary>An e-invoice read from CII, UBL or the XML of a Factur-X PDF (EN 16931 semantic model, the parts a
/// credit manager needs).</summary>
public sealed record EInvoiceDocument
{
    public required EInvoiceSyntax Syntax { get; init; }

    /// <summary>BT-24, the specification identifier (urn:cen.eu:en16931:2017, urn:factur-x.eu:1p0:minimum...).</summary>
    public string? Guideline { get; init; }

    /// <summary>BT-23, the business process (in France the "cadre de facturation": B1 goods, S1 services, M1 mixed...).</summary>
    public string? BusinessProcess { get; init; }

    /// <summary>Short profile name: MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED, XRECHNUNG, PEPPOL BIS 3, ZUGFeRD 1.0 ...</summary>
    public required string Profile { get; init; }

    public string? Number { get; init; }

    /// <summary>BT-3 (UNTDID 1001): 380 invoice, 381 credit note, 384 corrected, 386 prepayment, 389 self-billed...</summary>
    public string? TypeCode { get; init; }

    public bool IsCreditNote => Syntax == EInvoiceSyntax.UblCreditNote || TypeCode is "381" or "261" or "262" or "296" or "308" or "396" or "420" or "458" or "532";

    public DateOnly? IssueDate { get; init; }

    public DateOnly? DueDate { get; init; }

    public required EInvoiceParty Seller { get; init; }

    public required EInvoiceParty Buyer { get; init; }

    public string? BuyerReference { get; init; }

    public string? OrderReference { get; init; }

    public string? Currency { get; init; }

    public required EInvoiceTotals Totals { get; init; }

    public IReadOnlyList<EInvoiceTax> Taxes { get; init; } = [];

    public IReadOnlyList<EInvoiceLine> Lines { get; init; } = [];

    /// <summary>BT-20, the payment terms as written.</summary>
    public string? PaymentTerms { get; init; }

    public IReadOnlyList<EInvoicePaymentMeans> PaymentMeans { get; init; } = [];

    public string? PaymentReference { get; init; }

    public IReadOnlyList<EInvoiceNote> Notes { get; init; } = [];

    /// <summary>The invoice this one corrects or credits (BT-25), when given.</summary>
    public string? PrecedingInvoice { get; init; }

    /// <summary>The amount the buyer is asked to pay: due payable, else grand total.</summary>
    public decimal? AmountDue => Totals.DuePayable ?? Totals.GrandTotal;
}

/// <summary>The outcome of reading one e-invoice: the document (unless refused) and the problems found.</summary>
public sealed record EInvoiceReadResult(EInvoiceDocument? Document, IReadOnlyList<EInvoiceIssue> Issues)
{
    public bool Refused => Document is null || Issues.Any(i => i.Severity == EInvoiceIssue.Error);

    public IEnumerable<EInvoiceIssue> Warnings => Issues.Where(i => i.Severity == EInvoiceIssue.Warning);
}
