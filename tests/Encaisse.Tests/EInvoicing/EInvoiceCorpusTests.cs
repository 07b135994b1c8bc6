using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.XPath;
using Encaisse.EInvoicing;
using Encaisse.Formats.EInvoice;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.EInvoicing;

/// <summary>Every e-invoice of the shared corpus (copied to Fixtures/EInvoice) parses, and what the parser says equals
/// an independent XPath read of the same XML (System.Xml.XPath over the raw bytes, PDF attachments read straight from
/// PdfPig) and the corpus MANIFEST (declared profile, type code, XSD verdict).</summary>
public sealed partial class EInvoiceCorpusTests
{
    internal static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "EInvoice");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var kind in new[] { "cii", "ubl", "pdf" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, kind), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Fact]
    public void The_corpus_holds_the_58_samples_of_the_manifest()
    {
        Files().Count.ShouldBe(58);
        Manifest().Count.ShouldBe(58);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses_with_the_totals_an_independent_xpath_read_gives(string relative)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Root, relative));
        var file = EInvoiceFiles.Read(Path.GetFileName(relative), bytes);

        file.Result.Refused.ShouldBeFalse(string.Join("; ", file.Result.Issues.Select(i => i.Message)));
        var d = file.Result.Document!;
        var xml = relative.StartsWith("pdf/", StringComparison.Ordinal) ? AttachmentOf(bytes) : bytes;
        var x = Independent.Read(xml);

        d.Number.ShouldBe(x.Number);
        d.TypeCode.ShouldBe(x.TypeCode);
        d.Currency.ShouldBe(x.Currency);
        d.Totals.LineTotal.ShouldBe(x.LineTotal);
        d.Totals.TaxBasisTotal.ShouldBe(x.TaxBasisTotal);
        d.Totals.TaxTotal.ShouldBe(x.TaxTotal);
        d.Totals.GrandTotal.ShouldBe(x.GrandTotal);
        d.Totals.Prepaid.ShouldBe(x.Prepaid);
        d.Totals.DuePayable.ShouldBe(x.DuePayable);
        d.Seller.Name.ShouldBe(x.SellerName);
        d.Buyer.Name.ShouldBe(x.BuyerName);
        d.IssueDate.ShouldBe(x.IssueDate);
        d.Lines.Count.ShouldBe(x.LineCount);

        var manifest = Manifest()[relative];
        if (ProfileIn(manifest) is { } profile)
        {
            d.Guideline.ShouldBe(profile);
        }

        if (TypeIn(manifest) is { } type)
        {
            d.TypeCode.ShouldBe(type);
        }

        // The XSD verdict agrees with the corpus's own Java (javax.xml.validation) check of the same schema.
        if (EInvoiceSchemas.SchemaFor(d) is { } schema && XsdVerdicts(manifest).TryGetValue(Path.GetFileName(schema), out var valid))
        {
            file.Result.Warnings.Any(w => w.Code == "xsd").ShouldBe(!valid, string.Join("; ", file.Result.Warnings.Select(w => w.Message)));
        }
    }

    [Fact]
    public void A_french_factur_x_gives_siren_siret_vat_iban_and_the_legal_notes()
    {
        var d = EInvoiceFiles.Read(Path.Combine(Root, "cii/akretion-factur-x/factur-x-en16931.xml")).Result.Document!;
        d.Profile.ShouldBe(EInvoiceProfiles.En16931);
        d.Seller.Siren.ShouldBe("123456782");
        d.Seller.Siret.ShouldBe("12345678200077");
        d.Seller.VatNumber.ShouldBe("FR11123456782");
        d.Buyer.Siren.ShouldBe("987654321");
        d.Buyer.Address!.City.ShouldBe("MA VILLE");
        d.PaymentMeans.ShouldContain(m => m.Iban == "FR20 1254 2547 2569 8542 5874 698");
        d.Notes.ShouldContain(n => n.Subject == "PMT" && n.Text.Contains("40", StringComparison.Ordinal));
        d.Notes.ShouldContain(n => n.Subject == "PMD");
    }

    [Fact]
    public void A_ubl_credit_note_is_a_credit_note()
    {
        var d = EInvoiceFiles.Read(Path.Combine(Root, "ubl/connectingeurope-en16931/ubl-tc434-creditnote1.xml")).Result.Document!;
        d.Syntax.ShouldBe(EInvoiceSyntax.UblCreditNote);
        d.IsCreditNote.ShouldBeTrue();
    }

    [Fact]
    public void Totals_that_do_not_add_up_are_warned_with_the_rule()
    {
        var path = Path.Combine(Root, "cii/akretion-factur-x/factur-x-en16931.xml");
        var text = File.ReadAllText(path).Replace("<ram:DuePayableAmount>104.90</ram:DuePayableAmount>", "<ram:DuePayableAmount>140.90</ram:DuePayableAmount>", StringComparison.Ordinal);
        text.ShouldContain("140.90");
        var result = EInvoiceReader.Read(System.Text.Encoding.UTF8.GetBytes(text));
        result.Refused.ShouldBeFalse();
        result.Warnings.ShouldContain(w => w.Code == "BR-CO-16");
        result.Document!.Totals.DuePayable.ShouldBe(140.90m);
    }

    [Theory]
    [InlineData("not xml at all", "xml")]
    [InlineData("<?xml version=\"1.0\"?><Order xmlns=\"urn:example\"/>", "syntax")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "xml")]
    public void Unreadable_files_are_refused(string content, string code)
    {
        var result = EInvoiceReader.Read(System.Text.Encoding.UTF8.GetBytes(content));
        result.Refused.ShouldBeTrue();
        result.Issues.ShouldContain(i => i.Code == code && i.Severity == EInvoiceIssue.Error);
    }

    [Fact]
    public void An_invoice_without_number_is_refused()
    {
        var path = Path.Combine(Root, "ubl/connectingeurope-en16931/guide-example1.xml");
        var text = Regex.Replace(File.ReadAllText(path), "<cbc:ID>12115118</cbc:ID>", "<cbc:ID></cbc:ID>");
        var result = EInvoiceReader.Read(System.Text.Encoding.UTF8.GetBytes(text), validateSchema: false);
        result.Refused.ShouldBeTrue();
        result.Issues.ShouldContain(i => i.Code == "BR-02");
    }

    [Fact]
    public void A_pdf_without_an_xml_attachment_is_refused()
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var file = EInvoiceFiles.Read("plain.pdf", builder.Build());
        file.Result.Refused.ShouldBeTrue();
        file.Result.Issues.ShouldContain(i => i.Code == "pdf");
    }

    private static byte[] AttachmentOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        document.Advanced.TryGetEmbeddedFiles(out var files).ShouldBeTrue();
        return files.First(f => f.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Bytes.ToArray();
    }

    private static Dictionary<string, string> Manifest()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "MANIFEST.md"));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var m = ManifestLine().Match(line);
            if (m.Success)
            {
                result[m.Groups[1].Value] = line;
            }
        }

        return result;
    }

    private static string? ProfileIn(string line) => ProfilePattern().Match(line) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? TypeIn(string line) => TypePattern().Match(line) is { Success: true } m ? m.Groups[1].Value : null;

    private static Dictionary<string, bool> XsdVerdicts(string line) =>
        XsdPattern().Matches(line).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value == "VALID", StringComparer.Ordinal);

    [GeneratedRegex(@"^\| `((?:cii|ubl|pdf)/[^`]+)`")]
    private static partial Regex ManifestLine();

    [GeneratedRegex(@"profile `([^`]+)`")]
    private static partial Regex ProfilePattern();

    [GeneratedRegex(@"; type (\d+)")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"XSD ([\w.\-]+\.xsd): (VALID|INVALID)")]
    private static partial Regex XsdPattern();

    /// <summary>The figures read with XPath expressions written from the specifications (EN 16931 syntax bindings),
    /// sharing no code with the parser.</summary>
    internal sealed record Independent(string? Number, string? TypeCode, string? Currency, decimal? LineTotal, decimal? TaxBasisTotal, decimal? TaxTotal,
        decimal? GrandTotal, decimal? Prepaid, decimal? DuePayable, string? SellerName, string? BuyerName, DateOnly? IssueDate, int LineCount)
    {
        public static Independent Read(byte[] xml)
        {
            using var stream = new MemoryStream(xml);
            var nav = new XPathDocument(stream).CreateNavigator();
            var ns = new XmlNamespaceManager(nav.NameTable);
            ns.AddNamespace("rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
            ns.AddNamespace("ram", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100");
            ns.AddNamespace("udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
            ns.AddNamespace("z", "urn:ferd:CrossIndustryDocument:invoice:1p0");
            ns.AddNamespace("r12", "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12");
            ns.AddNamespace("u15", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15");
            ns.AddNamespace("inv", "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
            ns.AddNamespace("cn", "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
            ns.AddNamespace("cbc", "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");
            ns.AddNamespace("cac", "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2");

            string? S(string path) => nav.SelectSingleNode(path, ns)?.Value.Trim() is { Length: > 0 } v ? v : null;
            decimal? D(string path) => S(path) is { } v ? decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
            DateOnly? Date(string path, string format) => S(path) is { } v ? DateOnly.ParseExact(v, format, CultureInfo.InvariantCulture) : null;
            int Count(string path) => nav.Select(path, ns).Count;

            if (nav.SelectSingleNode("/rsm:CrossIndustryInvoice", ns) is not null)
            {
                const string s = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement";
                const string m = s + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation";
                const string a = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement";
                var currency = S(s + "/ram:InvoiceCurrencyCode");
                return new Independent(
                    S("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"), S("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode"), currency,
                    D(m + "/ram:LineTotalAmount"), D(m + "/ram:TaxBasisTotalAmount"),
                    D($"{m}/ram:TaxTotalAmount[@currencyID='{currency}']") ?? D(m + "/ram:TaxTotalAmount"),
                    D(m + "/ram:GrandTotalAmount"), D(m + "/ram:TotalPrepaidAmount"), D(m + "/ram:DuePayableAmount"),
                    S(a + "/ram:SellerTradeParty/ram:Name"), S(a + "/ram:BuyerTradeParty/ram:Name"),
                    Date("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", "yyyyMMdd"),
                    Count("/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"));
            }

            if (nav.SelectSingleNode("/z:CrossIndustryDocument", ns) is not null)
            {
                const string t = "/z:CrossIndustryDocument/z:SpecifiedSupplyChainTradeTransaction";
                const string s = t + "/r12:ApplicableSupplyChainTradeSettlement";
                const string m = s + "/r12:SpecifiedTradeSettlementMonetarySummation";
                var currency = S(s + "/r12:InvoiceCurrencyCode");
                return new Independent(
                    S("/z:CrossIndustryDocument/z:HeaderExchangedDocument/r12:ID"), S("/z:CrossIndustryDocument/z:HeaderExchangedDocument/r12:TypeCode"), currency,
                    D(m + "/r12:LineTotalAmount"), D(m + "/r12:TaxBasisTotalAmount"),
                    D($"{m}/r12:TaxTotalAmount[@currencyID='{currency}']") ?? D(m + "/r12:TaxTotalAmount"),
                    D(m + "/r12:GrandTotalAmount"), D(m + "/r12:TotalPrepaidAmount"), D(m + "/r12:DuePayableAmount"),
                    S(t + "/r12:ApplicableSupplyChainTradeAgreement/r12:SellerTradeParty/r12:Name"), S(t + "/r12:ApplicableSupplyChainTradeAgreement/r12:BuyerTradeParty/r12:Name"),
                    Date("/z:CrossIndustryDocument/z:HeaderExchangedDocument/r12:IssueDateTime/u15:DateTimeString", "yyyyMMdd"),
                    Count(t + "/r12:IncludedSupplyChainTradeLineItem"));
            }

            var root = nav.SelectSingleNode("/inv:Invoice", ns) is not null ? "/inv:Invoice" : "/cn:CreditNote";
            var lineName = root == "/inv:Invoice" ? "cac:InvoiceLine" : "cac:CreditNoteLine";
            var ublCurrency = S(root + "/cbc:DocumentCurrencyCode");
            var total = root + "/cac:LegalMonetaryTotal";
            return new Independent(
                S(root + "/cbc:ID"), S(root + "/cbc:InvoiceTypeCode") ?? S(root + "/cbc:CreditNoteTypeCode"), ublCurrency,
                D(total + "/cbc:LineExtensionAmount"), D(total + "/cbc:TaxExclusiveAmount"),
                D($"{root}/cac:TaxTotal/cbc:TaxAmount[@currencyID='{ublCurrency}']"),
                D(total + "/cbc:TaxInclusiveAmount"), D(total + "/cbc:PrepaidAmount"), D(total + "/cbc:PayableAmount"),
                S(root + "/cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name") ?? S(root + "/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
                S(root + "/cac:AccountingCustomerParty/cac:Party/cac:PartyName/cbc:Name") ?? S(root + "/cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName"),
                Date(root + "/cbc:IssueDate", "yyyy-MM-dd"),
                Count(root + "/" + lineName));
        }
    }
}
