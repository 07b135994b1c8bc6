using System.Xml;
using System.Xml.Linq;

namespace Encaisse.Formats.EInvoice;

/// <summary>Reads the XML of an e-invoice (CII, ZUGFeRD 1.0, UBL Invoice or CreditNote): recognises the syntax by
/// its root element, maps it to the EN 16931 model, checks the totals and validates it against its XSD. Unreadable
/// files are refused (an <c>error</c> issue, no document); everything else is a warning.</summary>
public static class EInvoiceReader
{
    private const string CiiNamespace = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100";
    private const string ZugferdV1Namespace = "urn:ferd:CrossIndustryDocument:invoice:1p0";
    private const string UblInvoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    private const string UblCreditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

    public static EInvoiceReadResult Read(byte[] xml, bool validateSchema = true)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, SafeSettings());
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            return new EInvoiceReadResult(null, [EInvoiceIssue.Refuse("xml", $"not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}")]);
        }

        var root = document.Root!;
        EInvoiceDocument parsed;
        try
        {
            parsed = (root.Name.NamespaceName, root.Name.LocalName) switch
            {
                (CiiNamespace, "CrossIndustryInvoice") => CiiReader.Read(root),
                (ZugferdV1Namespace, "CrossIndustryDocument") => CiiReader.Read(root),
                (UblInvoiceNamespace, "Invoice") => UblReader.Read(root),
                (UblCreditNoteNamespace, "CreditNote") => UblReader.Read(root),
                _ => throw new NotSupportedException($"the root element {{{root.Name.NamespaceName}}}{root.Name.LocalName} is not an e-invoice (CII, ZUGFeRD 1.0, UBL Invoice or CreditNote)"),
            };
        }
        catch (NotSupportedException e)
        {
            return new EInvoiceReadResult(null, [EInvoiceIssue.Refuse("syntax", e.Message)]);
        }
        catch (FormatException e)
        {
            return new EInvoiceReadResult(null, [EInvoiceIssue.Refuse("value", e.Message)]);
        }

        var issues = new List<EInvoiceIssue>(EInvoiceChecks.Check(parsed));
        if (validateSchema)
        {
            issues.AddRange(EInvoiceSchemas.Validate(xml, parsed));
        }

        return new EInvoiceReadResult(parsed, issues);
    }

    /// <summary>No DTD, no external entities: e-invoices come from outside.</summary>
    internal static XmlReaderSettings SafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersInDocument = 50_000_000,
    };

    /// <summary>Whether bytes look like a PDF (Factur-X carries its XML as an attachment).</summary>
    public static bool IsPdf(ReadOnlySpan<byte> bytes) => bytes.Length >= 5 && bytes[..5].SequenceEqual("%PDF-"u8);
}
