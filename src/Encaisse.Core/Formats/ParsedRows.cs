using Encaisse.Ledger;

namespace Encaisse.Formats;

/// <summary>A customer read from a file. Null optional fields mean "not given": an update keeps the stored value.</summary>
public sealed record ParsedCustomer(
    int Line,
    string ExternalRef,
    string LegalName,
    CustomerKind? Kind = null,
    string? Siren = null,
    string? Siret = null,
    string? VatNumber = null,
    string? AddressLine1 = null,
    string? AddressLine2 = null,
    string? PostalCode = null,
    string? City = null,
    string? Country = null,
    string? Language = null,
    string? Segment = null,
    string? PaymentTerms = null,
    long? CreditLimitMinor = null);

/// <summary>One due date of an invoice paid in several parts.</summary>
public sealed record ParsedInstalment(int Sequence, DateOnly DueDate, long AmountMinor);

/// <summary>
/// An invoice or credit note read from a file (amounts positive, <see cref="Kind"/> gives the sign). Several
/// consecutive rows with the same number and different due dates become one invoice with instalments.
/// <see cref="Customer"/> is set when the file also carries the customer's columns.
/// </summary>
public sealed record ParsedInvoice(
    int Line,
    string Number,
    string CustomerRef,
    DocumentKind Kind,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    long NetMinor,
    long TaxMinor,
    long GrossMinor,
    string? PurchaseOrderRef,
    IReadOnlyList<ParsedInstalment> Instalments,
    ParsedCustomer? Customer,
    string? Factor = null);

/// <summary>A payment read from a file; <see cref="InvoiceNumber"/> names the invoice it settles, when the file says.</summary>
public sealed record ParsedPayment(
    int Line,
    string Reference,
    string? CustomerRef,
    DateOnly ReceivedOn,
    long AmountMinor,
    string Currency,
    PaymentMethod Method,
    string? PayerName,
    string? PayerIban,
    string? InvoiceNumber = null);

/// <summary>A payment (or credit note) settling part of an invoice, by the documents' keys.</summary>
public sealed record ParsedAllocation(
    string InvoiceNumber,
    string? PaymentReference,
    string? CreditNoteNumber,
    long AmountMinor,
    DateOnly AllocatedOn);

/// <summary>One row of a tabular file: its line number in the file and its cells (header order).</summary>
public sealed record TabularRow(int Line, IReadOnlyList<string?> Cells);
