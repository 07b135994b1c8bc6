using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Encaisse.Ledger;

namespace Encaisse.Formats.EInvoice;

/// <summary>
/// Writes an issued invoice as UN/CEFACT Cross Industry Invoice D16B in the Factur-X EN 16931 profile (guideline
/// <c>urn:cen.eu:en16931:2017</c>): every mandatory business term of EN 16931, the VAT breakdown, payment terms and due
/// date, payment means 58 (SEPA credit transfer) to the seller's IBAN, and the notes of the French mentions. The order
/// of the elements is the one of the Factur-X EN16931 XSD. Pure: same invoice, same bytes.
/// </summary>
public static class FacturXWriter
{
    private static readonly XNamespace Rsm = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private static readonly XNamespace Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    private static readonly XNamespace Qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
    private static readonly XNamespace Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";

    /// <summary>The name of the XML inside a Factur-X PDF.</summary>
    public const string AttachmentName = "factur-x.xml";

    /// <summary>The conformance level written in the PDF's XMP metadata.</summary>
    public const string ConformanceLevel = "EN 16931";

    public static byte[] Write(FacturXInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var root = new XElement(Rsm + "CrossIndustryInvoice",
            new XAttribute(XNamespace.Xmlns + "rsm", Rsm.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "qdt", Qdt.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ram", Ram.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "udt", Udt.NamespaceName),
            new XElement(Rsm + "ExchangedDocumentContext",
                new XElement(Ram + "GuidelineSpecifiedDocumentContextParameter", new XElement(Ram + "ID", FacturXInvoice.Guideline))),
            new XElement(Rsm + "ExchangedDocument",
                new XElement(Ram + "ID", invoice.Number),
                new XElement(Ram + "TypeCode", invoice.TypeCode),
                new XElement(Ram + "IssueDateTime", Date(Udt, invoice.IssueDate)),
                invoice.Notes.Select(n => new XElement(Ram + "IncludedNote", new XElement(Ram + "Content", n.Text), new XElement(Ram + "SubjectCode", n.Subject)))),
            new XElement(Rsm + "SupplyChainTradeTransaction",
                invoice.Lines.Select(l => Line(invoice, l)),
                new XElement(Ram + "ApplicableHeaderTradeAgreement",
                    Party("SellerTradeParty", invoice.Seller),
                    Party("BuyerTradeParty", invoice.Buyer),
                    invoice.OrderReference is { Length: > 0 } order
                        ? new XElement(Ram + "BuyerOrderReferencedDocument", new XElement(Ram + "IssuerAssignedID", order))
                        : null),
                new XElement(Ram + "ApplicableHeaderTradeDelivery"),
                Settlement(invoice)));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return stream.ToArray();
    }

    private static XElement Line(FacturXInvoice invoice, InvoiceLineItem l) =>
        new(Ram + "IncludedSupplyChainTradeLineItem",
            new XElement(Ram + "AssociatedDocumentLineDocument", new XElement(Ram + "LineID", l.LineNumber.ToString(CultureInfo.InvariantCulture))),
            new XElement(Ram + "SpecifiedTradeProduct", new XElement(Ram + "Name", l.Description)),
            new XElement(Ram + "SpecifiedLineTradeAgreement",
                new XElement(Ram + "NetPriceProductTradePrice", new XElement(Ram + "ChargeAmount", Number(l.UnitPrice, 4)))),
            new XElement(Ram + "SpecifiedLineTradeDelivery",
                new XElement(Ram + "BilledQuantity", new XAttribute("unitCode", l.UnitCode), Number(l.Quantity, 4))),
            new XElement(Ram + "SpecifiedLineTradeSettlement",
                new XElement(Ram + "ApplicableTradeTax",
                    new XElement(Ram + "TypeCode", "VAT"),
                    new XElement(Ram + "CategoryCode", l.VatCategory),
                    new XElement(Ram + "RateApplicablePercent", Number(l.VatRate, 2))),
                new XElement(Ram + "SpecifiedTradeSettlementLineMonetarySummation",
                    new XElement(Ram + "LineTotalAmount", Amount(l.NetMinor, invoice.Currency)))));

    private static XElement Party(string element, FacturXParty p)
    {
        var a = p.Address;
        return new XElement(Ram + element,
            new XElement(Ram + "Name", p.Name),
            p.Siren is { Length: > 0 } siren
                ? new XElement(Ram + "SpecifiedLegalOrganization", new XElement(Ram + "ID", new XAttribute("schemeID", "0002"), siren))
                : null,
            new XElement(Ram + "PostalTradeAddress",
                Optional("PostcodeCode", a.PostalCode),
                Optional("LineOne", a.Line1),
                Optional("LineTwo", a.Line2),
                Optional("CityName", a.City),
                new XElement(Ram + "CountryID", string.IsNullOrWhiteSpace(a.Country) ? "FR" : a.Country)),
            p.Email is { Length: > 0 } email
                ? new XElement(Ram + "URIUniversalCommunication", new XElement(Ram + "URIID", new XAttribute("schemeID", "EM"), email))
                : null,
            p.VatNumber is { Length: > 0 } vat
                ? new XElement(Ram + "SpecifiedTaxRegistration", new XElement(Ram + "ID", new XAttribute("schemeID", "VA"), vat))
                : null);
    }

    private static XElement Settlement(FacturXInvoice i) =>
        new(Ram + "ApplicableHeaderTradeSettlement",
            new XElement(Ram + "PaymentReference", i.Number),
            new XElement(Ram + "InvoiceCurrencyCode", i.Currency),
            new XElement(Ram + "SpecifiedTradeSettlementPaymentMeans",
                new XElement(Ram + "TypeCode", "58"),
                new XElement(Ram + "PayeePartyCreditorFinancialAccount", new XElement(Ram + "IBANID", i.Iban)),
                i.Bic is { Length: > 0 } bic
                    ? new XElement(Ram + "PayeeSpecifiedCreditorFinancialInstitution", new XElement(Ram + "BICID", bic))
                    : null),
            i.Vat.Select(v => new XElement(Ram + "ApplicableTradeTax",
                new XElement(Ram + "CalculatedAmount", Amount(v.TaxMinor, i.Currency)),
                new XElement(Ram + "TypeCode", "VAT"),
                v.Category is "S" or "Z" ? null : new XElement(Ram + "ExemptionReason", v.ExemptionReason ?? ""),
                new XElement(Ram + "BasisAmount", Amount(v.BasisMinor, i.Currency)),
                new XElement(Ram + "CategoryCode", v.Category),
                new XElement(Ram + "RateApplicablePercent", Number(v.Rate, 2)))),
            new XElement(Ram + "SpecifiedTradePaymentTerms",
                new XElement(Ram + "Description", i.PaymentTerms),
                new XElement(Ram + "DueDateDateTime", Date(Udt, i.DueDate))),
            new XElement(Ram + "SpecifiedTradeSettlementHeaderMonetarySummation",
                new XElement(Ram + "LineTotalAmount", Amount(i.NetMinor, i.Currency)),
                new XElement(Ram + "TaxBasisTotalAmount", Amount(i.NetMinor, i.Currency)),
                new XElement(Ram + "TaxTotalAmount", new XAttribute("currencyID", i.Currency), Amount(i.TaxMinor, i.Currency)),
                new XElement(Ram + "GrandTotalAmount", Amount(i.GrossMinor, i.Currency)),
                new XElement(Ram + "DuePayableAmount", Amount(i.GrossMinor, i.Currency))));

    private static XElement? Optional(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new XElement(Ram + name, value.Trim());

    private static XElement Date(XNamespace ns, DateOnly date) =>
        new(ns + "DateTimeString", new XAttribute("format", "102"), date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    private static string Amount(long minor, string currency) => Currencies.FormatInvariant(minor, currency);

    private static string Number(decimal value, int minDecimals)
    {
        var text = value.ToString("0.############", CultureInfo.InvariantCulture);
        var decimals = text.Contains('.', StringComparison.Ordinal) ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        return decimals >= minDecimals ? text : value.ToString("F" + minDecimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
