using System.Xml.Linq;

namespace Encaisse.Formats.EInvoice;

/// <summary>Reads an OASIS UBL 2.1 Invoice or CreditNote into the EN 16931 model.</summary>
internal static class UblReader
{
    public static EInvoiceDocument Read(XElement root)
    {
        var credit = root.Name.LocalName == "CreditNote";
        var currency = root.Text("DocumentCurrencyCode");
        var total = root.At("LegalMonetaryTotal");
        var taxTotal = root.All("TaxTotal")
            .FirstOrDefault(t => currency is null || (string?)t.At("TaxAmount")?.Attribute("currencyID") == currency)
            ?? root.All("TaxTotal").FirstOrDefault();
        var guideline = root.Text("CustomizationID");
        var means = root.All("PaymentMeans").ToList();
        var dueDate = XmlPaths.IsoDate(root.Text("DueDate"))
            ?? means.Select(m => XmlPaths.IsoDate(m.Text("PaymentDueDate"))).FirstOrDefault(d => d is not null);
        var terms = string.Join(" ", root.All("PaymentTerms").Select(t => t.Text("Note")).OfType<string>());
        return new EInvoiceDocument
        {
            Syntax = credit ? EInvoiceSyntax.UblCreditNote : EInvoiceSyntax.UblInvoice,
            Guideline = guideline,
            BusinessProcess = root.Text("ProfileID"),
            Profile = EInvoiceProfiles.Name(guideline),
            Number = root.Text("ID"),
            TypeCode = root.Text(credit ? "CreditNoteTypeCode" : "InvoiceTypeCode") ?? (credit ? "381" : "380"),
            IssueDate = XmlPaths.IsoDate(root.Text("IssueDate")),
            DueDate = dueDate,
            Seller = Party(root.At("AccountingSupplierParty", "Party")),
            Buyer = Party(root.At("AccountingCustomerParty", "Party")),
            BuyerReference = root.Text("BuyerReference"),
            OrderReference = root.Text("OrderReference", "ID"),
            Currency = currency,
            Totals = new EInvoiceTotals(
                LineTotal: total.Amount("LineExtensionAmount"),
                AllowanceTotal: total.Amount("AllowanceTotalAmount"),
                ChargeTotal: total.Amount("ChargeTotalAmount"),
                TaxBasisTotal: total.Amount("TaxExclusiveAmount"),
                TaxTotal: taxTotal.Amount("TaxAmount"),
                GrandTotal: total.Amount("TaxInclusiveAmount"),
                Prepaid: total.Amount("PrepaidAmount"),
                Rounding: total.Amount("PayableRoundingAmount"),
                DuePayable: total.Amount("PayableAmount")),
            Taxes = taxTotal.All("TaxSubtotal").Select(s => new EInvoiceTax(
                s.Text("TaxCategory", "ID"), s.Amount("TaxCategory", "Percent"), s.Amount("TaxableAmount"), s.Amount("TaxAmount"),
                s.Text("TaxCategory", "TaxExemptionReason"))).ToList(),
            Lines = root.All(credit ? "CreditNoteLine" : "InvoiceLine").Select(l =>
            {
                var quantity = l.At(credit ? "CreditedQuantity" : "InvoicedQuantity");
                var tax = l.At("Item", "ClassifiedTaxCategory");
                return new EInvoiceLine(l.Text("ID"), l.Text("Item", "Name"), XmlPaths.ParseDecimal(quantity?.Value), (string?)quantity?.Attribute("unitCode"),
                    l.Amount("Price", "PriceAmount"), l.Amount("LineExtensionAmount"), tax.Text("ID"), tax.Amount("Percent"));
            }).ToList(),
            PaymentTerms = terms.Length == 0 ? null : terms,
            PaymentMeans = means.Select(m => new EInvoicePaymentMeans(
                m.Text("PaymentMeansCode"), m.Text("PayeeFinancialAccount", "ID"), m.Text("PayeeFinancialAccount", "FinancialInstitutionBranch", "ID"),
                m.Text("InstructionNote"))).ToList(),
            PaymentReference = means.Select(m => m.Text("PaymentID")).FirstOrDefault(p => p is not null),
            Notes = root.All("Note").Select(n => n.Value.Trim()).Where(t => t.Length > 0).Select(Note).ToList(),
            PrecedingInvoice = root.Text("BillingReference", "InvoiceDocumentReference", "ID"),
        };
    }

    /// <summary>UBL has no subject code element; EN 16931 writes it as a <c>#CODE#</c> prefix of the note.</summary>
    private static EInvoiceNote Note(string text)
    {
        if (text.Length > 5 && text[0] == '#' && text.IndexOf('#', 1) is > 1 and var end && end <= 4)
        {
            return new EInvoiceNote(text[1..end], text[(end + 1)..].Trim());
        }

        return new EInvoiceNote(null, text);
    }

    private static EInvoiceParty Party(XElement? party)
    {
        if (party is null)
        {
            return EInvoiceParty.Empty;
        }

        var legal = party.At("PartyLegalEntity", "CompanyID");
        var legalId = legal?.Value.Trim();
        var legalScheme = (string?)legal?.Attribute("schemeID");
        var siret = party.All("PartyIdentification").Select(p => p.At("ID"))
            .FirstOrDefault(id => id is not null && (string?)id.Attribute("schemeID") == FrenchIds.SiretScheme)?.Value.Trim();
        if (siret is null && legalScheme == FrenchIds.SiretScheme)
        {
            siret = legalId;
        }

        var vat = party.All("PartyTaxScheme")
            .FirstOrDefault(t => t.Text("TaxScheme", "ID") is null or "VAT")?.Text("CompanyID");
        var endpoint = party.At("EndpointID");
        var address = party.At("PostalAddress");
        return new EInvoiceParty(
            party.Text("PartyName", "Name") ?? party.Text("PartyLegalEntity", "RegistrationName"),
            FrenchIds.Siren(legalId, legalScheme, siret, vat),
            siret is null ? null : FrenchIds.Digits(siret),
            vat,
            legalId,
            legalScheme,
            endpoint?.Value.Trim(),
            (string?)endpoint?.Attribute("schemeID"),
            address is null ? null : new EInvoiceAddress(
                address.Text("StreetName"), address.Text("AdditionalStreetName"), address.Text("AddressLine", "Line"),
                address.Text("PostalZone"), address.Text("CityName"), address.Text("Country", "IdentificationCode")));
    }
}
