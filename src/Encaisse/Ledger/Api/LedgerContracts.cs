using Encaisse.Ledger;

namespace Encaisse.Ledger.Api;

// The JSON shapes of the ledger API. Amounts are decimal numbers in the document's currency (1234.56);
// dates are yyyy-mm-dd. Customers, invoices and payments are addressed by their external keys.

public sealed record BalanceDto(string Currency, decimal Open, decimal Overdue, decimal Credit, decimal Balance)
{
    public static BalanceDto From(CurrencyBalance b) => new(b.Currency,
        Currencies.FromMinor(b.OpenInvoicesMinor, b.Currency), Currencies.FromMinor(b.OverdueMinor, b.Currency),
        Currencies.FromMinor(b.CreditMinor, b.Currency), Currencies.FromMinor(b.BalanceMinor, b.Currency));
}

/// <summary>Body of POST/PUT /customers. On PUT, the ref in the URL wins.</summary>

public sealed record CustomerDto(
    string Ref,
    string LegalName,
    CustomerKind Kind,
    string? Siren,
    string? Siret,
    string? VatNumber,
    AddressDto Address,
    string Language,
    string? Segment,
    string? Collector,
    decimal? CreditLimit,
    string? PaymentTerms,
    bool PaysByDirectDebit,
    string? RiskClass,
    DateOnly? InsolvencyOpenedOn,
    DateOnly? CeasedOn,
    IReadOnlyList<ContactDto> Contacts,
    IReadOnlyList<BalanceDto>? Balances)
{
    public static CustomerDto From(Customer c, string tenantCurrency, IReadOnlyList<CurrencyBalance>? balances) => new(
        c.ExternalRef, c.LegalName, c.Kind, c.Siren, c.Siret, c.VatNumber, AddressDto.From(c.BillingAddress), c.Language,
        c.Segment, c.Collector, c.CreditLimitMinor is { } limit ? Currencies.FromMinor(limit, tenantCurrency) : null,
        c.PaymentTerms, c.PaysByDirectDebit, c.RiskClass, c.InsolvencyOpenedOn, c.CeasedOn,
        c.Contacts.Select(ContactDto.From).ToList(), balances?.Select(BalanceDto.From).ToList());
}

/// <summary>Body of POST /invoices (and of PUT, where only the fields that do not alter an issued invoice may change).</summary>

public sealed record InvoiceDto(
    string Number,
    string CustomerRef,
    DocumentKind Kind,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    decimal AmountExclTax,
    decimal Tax,
    decimal AmountInclTax,
    decimal Allocated,
    decimal Open,
    InvoiceStatus Status,
    int DaysOverdue,
    string? PurchaseOrderRef,
    bool IsFactored,
    DateOnly? CancelledOn,
    IReadOnlyList<InstalmentDto> Instalments);

public sealed record PaymentDto(
    string Reference,
    string? CustomerRef,
    DateOnly ReceivedOn,
    decimal Amount,
    string Currency,
    PaymentMethod Method,
    string? PayerName,
    string? PayerIban,
    decimal Unallocated);

/// <summary>Body of POST /allocations: settle an invoice with a payment or with a credit note.</summary>

/// <param name="WriteOffUpTo">Accept the invoice as paid in full when what stays open after this allocation is at most this much (bank fees); the difference is written off.</param>

public sealed record AllocationDto(Guid Id, string InvoiceNumber, string? PaymentReference, string? CreditNoteNumber, decimal Amount, string Currency, DateOnly AllocatedOn, string Source);

public sealed record OpenItemDto(
    string Number,
    DocumentKind Kind,
    int? Instalment,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    decimal Original,
    decimal Open,
    int DaysOverdue,
    InvoiceStatus Status)
{
    public static OpenItemDto From(OpenItem i) => new(i.Number, i.Kind, i.InstalmentSequence, i.IssueDate, i.DueDate, i.Currency,
        Currencies.FromMinor(i.OriginalMinor, i.Currency), Currencies.FromMinor(i.OpenMinor, i.Currency), i.DaysOverdue, i.Status);
}

/// <summary>

/// One page of a list, with the count for the filters given: exact up to 1,000 rows, beyond which

/// <see cref="TotalIsLowerBound"/> is true and <see cref="Total"/> is 1,000.

/// </summary>

public sealed record ListPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, bool TotalIsLowerBound = false);

/// <summary>The tenant's ledger rules: <c>creditNotes</c> automatic (applied to the oldest open invoices) or manual.</summary>
