using Encaisse.Ledger;

namespace Encaisse.Legal;

public enum MentionStatus
{
    Present = 0,
    Missing = 1,
    /// <summary>The data at hand cannot tell (e.g. the ledger does not store invoice lines).</summary>
    NotVerifiable = 2,
    NotApplicable = 3,
    /// <summary>Shown although it must not be (the €40 on a consumer invoice).</summary>
    Forbidden = 4,
}

/// <summary>
/// What an invoice carries, as far as the caller knows. Strings: the value printed (null or blank = absent).
/// <c>bool?</c>: true = shown / the case applies, false = not shown / does not apply, null = unknown.
/// </summary>
public sealed record InvoiceFacts
{
    public bool BusinessCustomer { get; init; } = true;
    public string? SupplierName { get; init; }
    public string? SupplierAddress { get; init; }
    public string? SupplierSiren { get; init; }
    public string? SupplierVat { get; init; }
    public string? CustomerName { get; init; }
    public string? CustomerAddress { get; init; }
    public string? CustomerSiren { get; init; }
    public string? CustomerVat { get; init; }
    /// <summary>ISO country of the customer; EU customers outside France may show their VAT number instead of a SIREN.</summary>
    public string CustomerCountry { get; init; } = "FR";
    public string? Number { get; init; }
    public DateOnly? IssueDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public bool? BillingAddressDiffers { get; init; }
    public bool? BillingAddressShown { get; init; }
    public bool? DeliveryAddressDiffers { get; init; }
    public bool? DeliveryAddressShown { get; init; }
    public bool? SaleDateShown { get; init; }
    /// <summary>Quantity, precise designation, unit price excl. VAT and VAT rate on every line.</summary>
    public bool? LinesComplete { get; init; }
    public bool? TotalsPerVatRateShown { get; init; }
    public bool? EarlyPaymentDiscountShown { get; init; }
    public bool? LatePenaltyRateShown { get; init; }
    public bool? RecoveryIndemnityShown { get; init; }
    public bool? PurchaseOrderIssued { get; init; }
    public string? PurchaseOrderRef { get; init; }
    /// <summary>Goods, services or both (e-invoicing reform).</summary>
    public bool? OperationCategoryShown { get; init; }
    public bool? SupplierOptedForVatOnDebits { get; init; }
    public bool? VatOnDebitsShown { get; init; }
    public bool? VatExempt { get; init; }
    public bool? ExemptionReferenceShown { get; init; }
    public bool? ReverseCharge { get; init; }
    public bool? ReverseChargeShown { get; init; }
}

public sealed record MentionCheck(string Code, string Label, string Basis, MentionStatus Status, string? Detail = null);

public sealed record MentionsReport(IReadOnlyList<MentionCheck> Checks)
{
    public IReadOnlyList<MentionCheck> Missing => Checks.Where(c => c.Status is MentionStatus.Missing or MentionStatus.Forbidden).ToList();
    public IReadOnlyList<MentionCheck> NotVerifiable => Checks.Where(c => c.Status == MentionStatus.NotVerifiable).ToList();
    public bool Complete => Missing.Count == 0;
}

/// <summary>
/// Mandatory invoice mentions (french-law.md §4): L441-9 C. com. (business customers), art. 242 nonies A annexe II
/// CGI, and the four mentions of décret 2022-1299 (customer SIREN, delivery address, category of operation, VAT on
/// debits), emitted now (§4.2, §11.9). Pure.
/// </summary>
public static class InvoiceMentions
{
    private static readonly string[] EuCountries =
        ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "EL", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];

    public static MentionsReport Check(InvoiceFacts f)
    {
        var b2b = f.BusinessCustomer;
        var euCustomer = EuCountries.Contains(f.CustomerCountry);
        var checks = new List<MentionCheck>
        {
            Value("supplier-identity", "Supplier name and address", "L441-9 C. com.; 242 nonies A 1° CGI", Has(f.SupplierName) && Has(f.SupplierAddress)),
            Value("supplier-siren", "Supplier SIREN", "242 nonies A 1° CGI", Has(f.SupplierSiren)),
            Value("supplier-vat", "Supplier VAT number", "242 nonies A 2° CGI; 286 ter CGI", Has(f.SupplierVat) || f.VatExempt == true),
            Value("customer-identity", "Customer name and address", "L441-9 C. com.; 242 nonies A 1° CGI", Has(f.CustomerName) && Has(f.CustomerAddress)),
            b2b
                ? Value("customer-siren", "Customer SIREN (or VAT number for an EU customer)", "242 nonies A 1° CGI (décret 2022-1299)",
                    Has(f.CustomerSiren) || (euCustomer && Has(f.CustomerVat)) || (f.CustomerCountry != "FR" && !euCustomer))
                : NotApplicable("customer-siren", "Customer SIREN", "242 nonies A 1° CGI", "consumer customer"),
            b2b && (euCustomer || f.ReverseCharge == true)
                ? Value("customer-vat", "Customer VAT number", "242 nonies A 3°-4° CGI", Has(f.CustomerVat))
                : NotApplicable("customer-vat", "Customer VAT number", "242 nonies A 3°-4° CGI", "domestic supply without reverse charge"),
            Conditional("billing-address", "Billing address when different", "L441-9 C. com.", f.BillingAddressDiffers, f.BillingAddressShown),
            Conditional("delivery-address", "Delivery address when different from the customer's", "242 nonies A CGI (décret 2022-1299)", f.DeliveryAddressDiffers, f.DeliveryAddressShown),
            Value("issue-date", "Issue date", "242 nonies A 6° CGI", f.IssueDate is not null),
            Value("number", "Unique number in a continuous sequence", "242 nonies A 7° CGI", Has(f.Number)),
            Flag("sale-date", "Date of the sale or service", "L441-9 C. com.; 242 nonies A 10° CGI", f.SaleDateShown),
            Flag("lines", "Quantity, designation, unit price excl. VAT and VAT rate of each line", "L441-9 C. com.; 242 nonies A 8° CGI", f.LinesComplete),
            Flag("totals-per-rate", "Total excl. VAT and VAT per rate", "242 nonies A 11° CGI", f.TotalsPerVatRateShown),
            Flag("operation-category", "Category of operation (goods, services or both)", "242 nonies A CGI (décret 2022-1299)", f.OperationCategoryShown),
            Conditional("vat-on-debits", "\"Option pour le paiement de la taxe d'après les débits\"", "242 nonies A CGI (décret 2022-1299)", f.SupplierOptedForVatOnDebits, f.VatOnDebitsShown),
            Conditional("exemption-reference", "Legal reference of the VAT exemption", "242 nonies A 12° CGI", f.VatExempt, f.ExemptionReferenceShown),
            Conditional("reverse-charge", "\"Autoliquidation\"", "242 nonies A 13° CGI", f.ReverseCharge, f.ReverseChargeShown),
        };

        if (b2b)
        {
            checks.Add(Value("due-date", "Due date as an explicit date", "L441-9 C. com.", f.DueDate is not null));
            checks.Add(Flag("early-payment-discount", "Conditions of discount for early payment", "L441-9 C. com.", f.EarlyPaymentDiscountShown));
            checks.Add(Flag("late-penalty-rate", "Rate of late-payment penalties", "L441-9, L441-10 II C. com.", f.LatePenaltyRateShown));
            checks.Add(Flag("recovery-indemnity", "Amount of the €40 recovery indemnity", "L441-9, L441-10 II, D441-5 C. com.", f.RecoveryIndemnityShown));
            checks.Add(Has(f.PurchaseOrderRef)
                ? new MentionCheck("purchase-order", "Purchase-order number issued by the buyer", "L441-9 C. com.", MentionStatus.Present)
                : Conditional("purchase-order", "Purchase-order number issued by the buyer", "L441-9 C. com.", f.PurchaseOrderIssued, false));
        }
        else
        {
            checks.Add(f.RecoveryIndemnityShown == true
                ? new MentionCheck("recovery-indemnity", "€40 recovery indemnity", "L441-10 II; L111-8 CPCE", MentionStatus.Forbidden, "must not appear on a consumer invoice")
                : NotApplicable("recovery-indemnity", "€40 recovery indemnity", "L441-10 II", "consumer customer"));
        }

        return new MentionsReport(checks);
    }

    /// <summary>
    /// Facts from the ledger: parties, number, dates, totals, purchase order. The ledger does not store invoice
    /// lines, printed texts, delivery addresses or VAT options: those mentions come out as not verifiable.
    /// </summary>
    public static InvoiceFacts FactsFrom(Tenant tenant, Customer customer, Invoice invoice) => new()
    {
        BusinessCustomer = customer.Kind == CustomerKind.Business,
        SupplierName = tenant.Name,
        SupplierAddress = tenant.Address.IsEmpty ? null : tenant.Address.Line1 ?? tenant.Address.City,
        SupplierSiren = tenant.Siren,
        SupplierVat = tenant.VatNumber,
        CustomerName = customer.LegalName,
        CustomerAddress = customer.BillingAddress.IsEmpty ? null : customer.BillingAddress.Line1 ?? customer.BillingAddress.City,
        CustomerSiren = customer.Siren ?? (customer.Siret is { Length: 14 } siret ? siret[..9] : null),
        CustomerVat = customer.VatNumber,
        CustomerCountry = customer.BillingAddress.Country,
        Number = invoice.Number,
        IssueDate = invoice.IssueDate,
        DueDate = invoice.DueDate == default ? null : invoice.DueDate,
        PurchaseOrderRef = invoice.PurchaseOrderRef,
        VatExempt = invoice.TaxMinor == 0 ? null : false,
        ReverseCharge = null,
    };

    private static bool Has(string? value) => !string.IsNullOrWhiteSpace(value);

    private static MentionCheck Value(string code, string label, string basis, bool present) =>
        new(code, label, basis, present ? MentionStatus.Present : MentionStatus.Missing);

    private static MentionCheck Flag(string code, string label, string basis, bool? shown) =>
        new(code, label, basis, shown switch { true => MentionStatus.Present, false => MentionStatus.Missing, null => MentionStatus.NotVerifiable });

    private static MentionCheck NotApplicable(string code, string label, string basis, string why) =>
        new(code, label, basis, MentionStatus.NotApplicable, why);

    private static MentionCheck Conditional(string code, string label, string basis, bool? applies, bool? shown) => applies switch
    {
        false => NotApplicable(code, label, basis, "does not apply"),
        null => new MentionCheck(code, label, basis, MentionStatus.NotVerifiable, "whether it applies is not known"),
        true => Flag(code, label, basis, shown),
    };
}
