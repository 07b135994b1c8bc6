namespace Encaisse.Ledger;

// What the ledger operations take (API bodies, CLI options and imports translate into these).

public sealed record AddressDto(string? Line1, string? Line2, string? PostalCode, string? City, string? Country)
{
    public static AddressDto From(PostalAddress a) => new(a.Line1, a.Line2, a.PostalCode, a.City, a.Country);

    public PostalAddress ToAddress() => new() { Line1 = Line1, Line2 = Line2, PostalCode = PostalCode, City = City, Country = string.IsNullOrWhiteSpace(Country) ? "FR" : Country.ToUpperInvariant() };
}

public sealed record ContactDto(string? Name, string? Role, string? Email, string? Phone, bool IsPrimary = false, bool EmailFailing = false)
{
    public static ContactDto From(Contact c) => new(c.Name, c.Role, c.Email, c.Phone, c.IsPrimary, c.EmailFailing);
}

public sealed record CustomerWrite(
    string? Ref,
    string? LegalName,
    CustomerKind? Kind = null,
    string? Siren = null,
    string? Siret = null,
    string? VatNumber = null,
    AddressDto? Address = null,
    string? Language = null,
    string? Segment = null,
    string? Collector = null,
    decimal? CreditLimit = null,
    string? PaymentTerms = null,
    bool? PaysByDirectDebit = null,
    IReadOnlyList<ContactDto>? Contacts = null);

public sealed record InstalmentDto(DateOnly DueDate, decimal Amount);

public sealed record InvoiceWrite(
    string? Number,
    string? CustomerRef,
    DocumentKind Kind = DocumentKind.Invoice,
    DateOnly? IssueDate = null,
    DateOnly? DueDate = null,
    string? Currency = null,
    decimal? AmountExclTax = null,
    decimal? Tax = null,
    decimal? AmountInclTax = null,
    string? PurchaseOrderRef = null,
    bool? IsFactored = null,
    DateOnly? CancelledOn = null,
    IReadOnlyList<InstalmentDto>? Instalments = null,
    IReadOnlyList<InvoiceLineWrite>? Lines = null);

public sealed record PaymentWrite(
    string? Reference,
    string? CustomerRef = null,
    DateOnly? ReceivedOn = null,
    decimal? Amount = null,
    string? Currency = null,
    PaymentMethod Method = PaymentMethod.Transfer,
    string? PayerName = null,
    string? PayerIban = null);

public sealed record AllocationWrite(string? InvoiceNumber, string? PaymentReference, string? CreditNoteNumber, decimal? Amount, DateOnly? AllocatedOn = null,
    decimal? WriteOffUpTo = null);

public sealed record LedgerSettingsWrite(CreditNoteApplication? CreditNotes);

public sealed record LedgerSettingsDto(CreditNoteApplication CreditNotes);
