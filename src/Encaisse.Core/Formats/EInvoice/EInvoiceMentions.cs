using Encaisse.Legal;

namespace Encaisse.Formats.EInvoice;

/// <summary>The invoice mentions (french-law.md §4) as an e-invoice actually carries them: parties, lines, VAT
/// breakdown, and the printed conditions, which EN 16931 puts in notes with a subject code (PMD late-payment
/// penalties, PMT recovery indemnity, AAB early-payment discount) or in the payment terms text.</summary>
public static class EInvoiceMentions
{
    public static InvoiceFacts FactsFrom(EInvoiceDocument d, bool businessCustomer = true)
    {
        var texts = d.Notes.Select(n => n.Text).Append(d.PaymentTerms ?? "").ToList();
        bool Said(string subject, params string[] words) =>
            d.Notes.Any(n => string.Equals(n.Subject, subject, StringComparison.OrdinalIgnoreCase))
            || texts.Any(t => words.Any(w => t.Contains(w, StringComparison.OrdinalIgnoreCase)));

        var exempt = d.Taxes.Any(t => t.Category is "E");
        var reverse = d.Taxes.Any(t => t.Category is "AE");
        return new InvoiceFacts
        {
            BusinessCustomer = businessCustomer,
            SupplierName = d.Seller.Name,
            SupplierAddress = Address(d.Seller.Address),
            SupplierSiren = d.Seller.Siren,
            SupplierVat = d.Seller.VatNumber,
            CustomerName = d.Buyer.Name,
            CustomerAddress = Address(d.Buyer.Address),
            CustomerSiren = d.Buyer.Siren,
            CustomerVat = d.Buyer.VatNumber,
            CustomerCountry = d.Buyer.Address?.Country ?? "FR",
            Number = d.Number,
            IssueDate = d.IssueDate,
            DueDate = d.DueDate,
            LinesComplete = d.Lines.Count > 0 && d.Lines.All(l => l.Name is not null && l.Quantity is not null && l.NetPrice is not null && (l.TaxRate is not null || l.TaxCategory is not null)),
            TotalsPerVatRateShown = d.Taxes.Count > 0 && d.Taxes.All(t => t.Basis is not null && t.Amount is not null),
            EarlyPaymentDiscountShown = Said("AAB", "escompte", "early payment discount", "Skonto"),
            LatePenaltyRateShown = Said("PMD", "pénalité", "penalite", "late payment penalt", "intérêts de retard", "Verzugszinsen"),
            RecoveryIndemnityShown = Said("PMT", "indemnité forfaitaire", "indemnite forfaitaire", "recovery indemnity", "frais de recouvrement"),
            PurchaseOrderRef = d.OrderReference,
            VatExempt = d.Taxes.Count == 0 ? null : exempt,
            ExemptionReferenceShown = exempt ? d.Taxes.Where(t => t.Category is "E").All(t => t.ExemptionReason is not null) : null,
            ReverseCharge = d.Taxes.Count == 0 ? null : reverse,
            ReverseChargeShown = reverse ? d.Taxes.Where(t => t.Category is "AE").All(t => t.ExemptionReason is not null) || texts.Any(t => t.Contains("autoliquidation", StringComparison.OrdinalIgnoreCase)) : null,
        };
    }

    private static string? Address(EInvoiceAddress? a) => a is null ? null : a.Line1 ?? a.City;

    /// <summary>French business process (BT-23, "cadre de facturation"): B* goods, S* services, M* mixed.</summary>
    public static string? OperationCategory(string? businessProcess) => businessProcess?.Trim().ToUpperInvariant() switch
    {
        ['B', ..] => "goods",
        ['S', ..] => "services",
        ['M', ..] => "mixed",
        _ => null,
    };
}
