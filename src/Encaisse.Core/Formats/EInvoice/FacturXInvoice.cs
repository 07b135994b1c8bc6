using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Formats.EInvoice;

/// <summary>A party of an issued e-invoice (BG-4 seller / BG-7 buyer).</summary>
public sealed record FacturXParty(string Name, string? Siren, string? Siret, string? VatNumber, PostalAddress Address, string? Email);

/// <summary>
/// Everything an EN 16931 invoice issued by the tenant says: the ledger invoice, its lines and VAT breakdown, the
/// seller (the tenant's settings) and the buyer (the customer), the payment terms, the SEPA account and the French
/// legal mentions as notes. Built by <see cref="From"/>; written by <see cref="FacturXWriter"/> (XML) and, in the
/// app, drawn on the PDF page.
/// </summary>
public sealed record FacturXInvoice
{
    /// <summary>BT-24 of the Factur-X EN 16931 profile (also the CEN guideline of the standard itself).</summary>
    public const string Guideline = "urn:cen.eu:en16931:2017";

    public required string Number { get; init; }
    /// <summary>BT-3: 380 commercial invoice, 381 credit note.</summary>
    public required string TypeCode { get; init; }
    public required DateOnly IssueDate { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string Currency { get; init; }
    public required FacturXParty Seller { get; init; }
    public required FacturXParty Buyer { get; init; }
    public string? OrderReference { get; init; }
    public required IReadOnlyList<InvoiceLineItem> Lines { get; init; }
    public required IReadOnlyList<VatBreakdown> Vat { get; init; }
    public required long NetMinor { get; init; }
    public required long TaxMinor { get; init; }
    public required long GrossMinor { get; init; }
    /// <summary>BT-20, the payment terms as printed.</summary>
    public required string PaymentTerms { get; init; }
    public required string Iban { get; init; }
    public string? Bic { get; init; }
    /// <summary>BG-1 notes: subject code (UNCL 4451: REG, ABL, PMD, PMT, AAB...) and text.</summary>
    public required IReadOnlyList<(string Subject, string Text)> Notes { get; init; }

    public bool IsCreditNote => TypeCode == "381";

    /// <summary>What is missing in the seller's settings or on the buyer to issue an EN 16931 invoice (field names), empty when nothing.</summary>
    public static IReadOnlyList<string> MissingSellerFields(Tenant t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(t.Siren))
        {
            missing.Add("siren");
        }

        if (string.IsNullOrWhiteSpace(t.VatNumber))
        {
            missing.Add("vatNumber");
        }

        if (string.IsNullOrWhiteSpace(t.Address.Line1) || string.IsNullOrWhiteSpace(t.Address.PostalCode) || string.IsNullOrWhiteSpace(t.Address.City))
        {
            missing.Add("address");
        }

        if (string.IsNullOrWhiteSpace(t.Iban))
        {
            missing.Add("iban");
        }

        return missing;
    }

    /// <summary>What the buyer lacks (field names): a name and a postal address with its city, and a VAT number for reverse charge.</summary>
    public static IReadOnlyList<string> MissingBuyerFields(Customer c, IEnumerable<InvoiceLineItem> lines)
    {
        ArgumentNullException.ThrowIfNull(c);
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(c.LegalName))
        {
            missing.Add("legalName");
        }

        if (string.IsNullOrWhiteSpace(c.BillingAddress.Line1) || string.IsNullOrWhiteSpace(c.BillingAddress.City))
        {
            missing.Add("address");
        }

        if (lines.Any(l => l.VatCategory == "AE") && string.IsNullOrWhiteSpace(c.VatNumber))
        {
            missing.Add("vatNumber");
        }

        return missing;
    }

    /// <summary>
    /// The invoice as issued: seller from the tenant, buyer from the customer, the notes of the French mentions in
    /// French (the legal language of the invoice): registration (REG), late-payment penalties at the contractual rate or
    /// the legal one (PMD), the €40 recovery indemnity to business customers (PMT), no early-payment discount (AAB).
    /// </summary>
    public static FacturXInvoice From(Tenant tenant, Customer customer, Invoice invoice, IReadOnlyList<InvoiceLineItem> lines, decimal? contractualPenaltyRate)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(invoice);
        const string fr = "fr";
        var ordered = lines.OrderBy(l => l.LineNumber).ToList();
        var vat = InvoiceLines.Breakdown(ordered, invoice.Currency);
        var notes = new List<(string, string)>();
        if (CompanyMentions.Registration(tenant) is { } registration)
        {
            notes.Add(("REG", registration));
        }

        if (invoice.Kind == DocumentKind.Invoice)
        {
            notes.Add(("PMD", contractualPenaltyRate is { } rate
                ? Catalogue.Text(fr, "facturx.note.penaltyContractual", ("rate", rate / 1.000000000000000000000000000000000m))
                : Catalogue.Text(fr, "facturx.note.penaltyLegal")));
            if (customer.Kind == CustomerKind.Business)
            {
                notes.Add(("PMT", Catalogue.Text(fr, "facturx.note.indemnity")));
            }

            notes.Add(("AAB", Catalogue.Text(fr, "facturx.note.noDiscount")));
        }

        var iban = tenant.Iban ?? "";
        return new FacturXInvoice
        {
            Number = invoice.Number,
            TypeCode = invoice.Kind == DocumentKind.CreditNote ? "381" : "380",
            IssueDate = invoice.IssueDate,
            DueDate = invoice.DueDate,
            Currency = invoice.Currency,
            Seller = new FacturXParty(tenant.Name, tenant.Siren, tenant.Siret, tenant.VatNumber, tenant.Address, tenant.Email),
            Buyer = new FacturXParty(customer.LegalName, customer.Siren, customer.Siret, customer.VatNumber, customer.BillingAddress,
                customer.Contacts.FirstOrDefault(c => c.IsPrimary && c.Email is not null)?.Email),
            OrderReference = invoice.PurchaseOrderRef,
            Lines = ordered,
            Vat = vat,
            NetMinor = ordered.Sum(l => l.NetMinor),
            TaxMinor = vat.Sum(v => v.TaxMinor),
            GrossMinor = ordered.Sum(l => l.NetMinor) + vat.Sum(v => v.TaxMinor),
            PaymentTerms = invoice.Kind == DocumentKind.CreditNote
                ? Catalogue.Text(fr, "facturx.note.creditTerms")
                : Catalogue.Text(fr, "facturx.note.terms", ("due", invoice.DueDate), ("iban", Grouped(iban))),
            Iban = iban,
            Bic = tenant.Bic,
            Notes = notes,
        };
    }

    /// <summary>FR76 3000 6000 0112 3456 7890 189: an IBAN in groups of four, as printed.</summary>
    public static string Grouped(string iban) =>
        string.Join(" ", Enumerable.Range(0, (iban.Length + 3) / 4).Select(i => iban.Substring(i * 4, Math.Min(4, iban.Length - (i * 4)))));
}
