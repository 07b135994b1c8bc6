using System.Xml.Linq;

namespace Encaisse.Formats.EInvoice;

/// <summary>Reads a UN/CEFACT Cross Industry Invoice (D16B: Factur-X / ZUGFeRD 2.x / XRechnung) or a ZUGFeRD 1.0
/// CrossIndustryDocument into the EN 16931 model. Elements are found by local name: the two versions share the
/// names of parties, amounts and notes, and differ in the names of the containers (given as alternatives).</summary>
internal static class CiiReader
{
    public static EInvoiceDocument Read(XElement root)
    {
        var v1 = root.Name.LocalName == "CrossIndustryDocument";
        var context = root.AtAny(["ExchangedDocumentContext"], ["SpecifiedExchangedDocumentContext"]);
        var header = root.AtAny(["ExchangedDocument"], ["HeaderExchangedDocument"]);
        var transaction = root.AtAny(["SupplyChainTradeTransaction"], ["SpecifiedSupplyChainTradeTransaction"]);
        var agreement = transaction.AtAny(["ApplicableHeaderTradeAgreement"], ["ApplicableSupplyChainTradeAgreement"]);
        var settlement = transaction.AtAny(["ApplicableHeaderTradeSettlement"], ["ApplicableSupplyChainTradeSettlement"]);
        var summation = settlement.AtAny(["SpecifiedTradeSettlementHeaderMonetarySummation"], ["SpecifiedTradeSettlementMonetarySummation"]);
        var guideline = context.Text("GuidelineSpecifiedDocumentContextParameter", "ID");
        var currency = settlement.Text("InvoiceCurrencyCode");

        var terms = settlement.All("SpecifiedTradePaymentTerms").ToList();
        var dueDate = terms.Select(t => XmlPaths.CiiDate(t.At("DueDateDateTime"))).FirstOrDefault(d => d is not null);
        var termsText = string.Join(" ", terms.Select(t => t.Text("Description")).OfType<string>());

        return new EInvoiceDocument
        {
            Syntax = v1 ? EInvoiceSyntax.ZugferdV1 : EInvoiceSyntax.Cii,
            Guideline = guideline,
            BusinessProcess = context.Text("BusinessProcessSpecifiedDocumentContextParameter", "ID"),
            Profile = EInvoiceProfiles.Name(guideline, v1),
            Number = header.Text("ID"),
            TypeCode = header.Text("TypeCode"),
            IssueDate = XmlPaths.CiiDate(header.At("IssueDateTime")),
            DueDate = dueDate,
            Seller = Party(agreement.At("SellerTradeParty")),
            Buyer = Party(agreement.At("BuyerTradeParty")),
            BuyerReference = agreement.Text("BuyerReference"),
            OrderReference = agreement.Text("BuyerOrderReferencedDocument", "IssuerAssignedID"),
            Currency = currency,
            Totals = new EInvoiceTotals(
                LineTotal: summation.Amount("LineTotalAmount"),
                AllowanceTotal: summation.Amount("AllowanceTotalAmount"),
                ChargeTotal: summation.Amount("ChargeTotalAmount"),
                TaxBasisTotal: summation.Amount("TaxBasisTotalAmount"),
                TaxTotal: TaxTotal(summation, currency),
                GrandTotal: summation.Amount("GrandTotalAmount"),
                Prepaid: summation.Amount("TotalPrepaidAmount"),
                Rounding: summation.Amount("RoundingAmount"),
                DuePayable: summation.Amount("DuePayableAmount")),
            Taxes = settlement.All("ApplicableTradeTax").Select(t => new EInvoiceTax(
                t.Text("CategoryCode"), t.Amount("RateApplicablePercent") ?? t.Amount("ApplicablePercent"), t.Amount("BasisAmount"),
                t.Amount("CalculatedAmount"), t.Text("ExemptionReason"))).ToList(),
            Lines = transaction.All("IncludedSupplyChainTradeLineItem").Select(Line).ToList(),
            PaymentTerms = termsText.Length == 0 ? null : termsText,
            PaymentMeans = settlement.All("SpecifiedTradeSettlementPaymentMeans").Select(m => new EInvoicePaymentMeans(
                m.Text("TypeCode"),
                m.Text("PayeePartyCreditorFinancialAccount", "IBANID") ?? m.Text("PayeePartyCreditorFinancialAccount", "ProprietaryID"),
                m.Text("PayeeSpecifiedCreditorFinancialInstitution", "BICID"),
                m.Text("Information"))).ToList(),
            PaymentReference = settlement.Text("PaymentReference"),
            Notes = header.All("IncludedNote")
                .Select(n => (Subject: n.Text("SubjectCode"), Text: n.Text("Content")))
                .Where(n => n.Text is not null)
                .Select(n => new EInvoiceNote(n.Subject, n.Text!)).ToList(),
            PrecedingInvoice = settlement.Text("InvoiceReferencedDocument", "IssuerAssignedID"),
        };
    }

    /// <summary>BT-110: the tax total in the invoice currency (a second one may be given in the VAT accounting currency).</summary>
    private static decimal? TaxTotal(XElement? summation, string? currency)
    {
        var all = summation.All("TaxTotalAmount").ToList();
        var chosen = all.FirstOrDefault(a => currency is not null && (string?)a.Attribute("currencyID") == currency) ?? all.FirstOrDefault();
        return XmlPaths.ParseDecimal(chosen?.Value);
    }

    private static EInvoiceLine Line(XElement item)
    {
        var lineSettlement = item.AtAny(["SpecifiedLineTradeSettlement"], ["SpecifiedSupplyChainTradeSettlement"]);
        var lineAgreement = item.AtAny(["SpecifiedLineTradeAgreement"], ["SpecifiedSupplyChainTradeAgreement"]);
        var delivery = item.AtAny(["SpecifiedLineTradeDelivery"], ["SpecifiedSupplyChainTradeDelivery"]);
        var quantity = delivery.At("BilledQuantity");
        var tax = lineSettlement.At("ApplicableTradeTax");
        return new EInvoiceLine(
            item.Text("AssociatedDocumentLineDocument", "LineID"),
            item.Text("SpecifiedTradeProduct", "Name"),
            XmlPaths.ParseDecimal(quantity?.Value),
            (string?)quantity?.Attribute("unitCode"),
            lineAgreement.Amount("NetPriceProductTradePrice", "ChargeAmount"),
            lineSettlement.AtAny(["SpecifiedTradeSettlementLineMonetarySummation"], ["SpecifiedTradeSettlementMonetarySummation"]).Amount("LineTotalAmount"),
            tax.Text("CategoryCode"),
            tax.Amount("RateApplicablePercent") ?? tax.Amount("ApplicablePercent"));
    }

    private static EInvoiceParty Party(XElement? party)
    {
        if (party is null)
        {
            return EInvoiceParty.Empty;
        }

        var legal = party.At("SpecifiedLegalOrganization", "ID");
        var legalId = legal?.Value.Trim();
        var legalScheme = (string?)legal?.Attribute("schemeID");
        var siret = party.All("GlobalID").FirstOrDefault(g => (string?)g.Attribute("schemeID") == FrenchIds.SiretScheme)?.Value.Trim();
        if (siret is null && legalScheme == FrenchIds.SiretScheme)
        {
            siret = legalId;
        }

        var vat = party.All("SpecifiedTaxRegistration").Select(r => r.At("ID"))
            .FirstOrDefault(id => id is not null && (string?)id.Attribute("schemeID") == "VA")?.Value.Trim();
        var uri = party.At("URIUniversalCommunication", "URIID");
        var address = party.At("PostalTradeAddress");
        return new EInvoiceParty(
            party.Text("Name"),
            FrenchIds.Siren(legalId, legalScheme, siret, vat),
            siret is null ? null : FrenchIds.Digits(siret),
            vat,
            legalId,
            legalScheme,
            uri?.Value.Trim(),
            (string?)uri?.Attribute("schemeID"),
            address is null ? null : new EInvoiceAddress(
                address.Text("LineOne"), address.Text("LineTwo"), address.Text("LineThree"),
                address.Text("PostcodeCode"), address.Text("CityName"), address.Text("CountryID")));
    }
}
