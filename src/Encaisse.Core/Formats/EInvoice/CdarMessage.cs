using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Encaisse.Formats.EInvoice;

/// <summary>One lifecycle status as a CDAR message (UN/CEFACT Cross Domain Acknowledgement And Response D22B, the
/// syntax of the French "compte-rendu de vie" (CDV), XP Z12-012): which invoice (number, issue date, seller), which
/// status code, when, why, and for a cashed status the amount cashed (characteristic MEN).</summary>
public sealed record CdarStatus(
    string MessageId,
    DateTimeOffset IssuedAt,
    string InvoiceNumber,
    DateOnly? InvoiceIssueDate,
    string? InvoiceTypeCode,
    string? SellerSiren,
    string? BuyerSiren,
    int StatusCode,
    DateOnly StatusDate,
    string? ReasonCode,
    string? Reason,
    decimal? Amount,
    string? Currency);

/// <summary>Writes and reads CDAR status messages.</summary>
public static class CdarMessage
{
    public const string Rsm = "urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100";
    public const string Ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100";
    public const string Udt = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100";
    public const string Qdt = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100";
    public const string Guideline = "urn.cpro.gouv.fr:1p0:CDV:invoice";

    public static byte[] Write(CdarStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        XNamespace rsm = Rsm, ram = Ram, udt = Udt, qdt = Qdt;
        var inv = CultureInfo.InvariantCulture;
        XElement Party(string name, string? siren) => new(ram + name,
            siren is null ? null : new XElement(ram + "GlobalID", new XAttribute("schemeID", "0002"), siren));
        var status = new XElement(ram + "SpecifiedDocumentStatus",
            new XElement(ram + "StatusCode", s.StatusCode.ToString(inv)),
            s.ReasonCode is null ? null : new XElement(ram + "ReasonCode", s.ReasonCode),
            s.Reason is null ? null : new XElement(ram + "Reason", s.Reason),
            new XElement(ram + "ValidityPeriod", new XElement(ram + "StartDateTime",
                new XElement(udt + "DateTimeString", new XAttribute("format", "102"), s.StatusDate.ToString("yyyyMMdd", inv)))),
            s.Amount is null ? null : new XElement(ram + "SpecifiedDocumentCharacteristic",
                new XElement(ram + "TypeCode", "MEN"),
                new XElement(ram + "ValueAmount", s.Currency is null ? null : new XAttribute("currencyID", s.Currency), s.Amount.Value.ToString("0.00", inv))));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null),
            new XElement(rsm + "CrossDomainAcknowledgementAndResponse",
                new XAttribute(XNamespace.Xmlns + "rsm", Rsm), new XAttribute(XNamespace.Xmlns + "ram", Ram),
                new XAttribute(XNamespace.Xmlns + "udt", Udt), new XAttribute(XNamespace.Xmlns + "qdt", Qdt),
                new XElement(rsm + "ExchangedDocumentContext",
                    new XElement(ram + "BusinessProcessSpecifiedDocumentContextParameter", new XElement(ram + "ID", "REGULATED")),
                    new XElement(ram + "GuidelineSpecifiedDocumentContextParameter", new XElement(ram + "ID", Guideline))),
                new XElement(rsm + "ExchangedDocument",
                    new XElement(ram + "ID", s.MessageId),
                    new XElement(ram + "TypeCode", "23"),
                    new XElement(ram + "IssueDateTime", new XElement(udt + "DateTimeString", new XAttribute("format", "204"), s.IssuedAt.UtcDateTime.ToString("yyyyMMddHHmmss", inv))),
                    Party("SenderTradeParty", s.SellerSiren),
                    Party("RecipientTradeParty", s.BuyerSiren)),
                new XElement(rsm + "AcknowledgementDocument",
                    new XElement(ram + "MultipleReferencesIndicator", new XElement(udt + "Indicator", "false")),
                    new XElement(ram + "TypeCode", "305"),
                    new XElement(ram + "IssueDateTime", new XElement(udt + "DateTimeString", new XAttribute("format", "204"), s.IssuedAt.UtcDateTime.ToString("yyyyMMddHHmmss", inv))),
                    new XElement(ram + "ReferenceReferencedDocument",
                        new XElement(ram + "IssuerAssignedID", s.InvoiceNumber),
                        new XElement(ram + "StatusCode", s.StatusCode.ToString(inv)),
                        s.InvoiceTypeCode is null ? null : new XElement(ram + "TypeCode", s.InvoiceTypeCode),
                        s.InvoiceIssueDate is null ? null : new XElement(ram + "FormattedIssueDateTime",
                            new XElement(qdt + "DateTimeString", new XAttribute("format", "102"), s.InvoiceIssueDate.Value.ToString("yyyyMMdd", inv))),
                        Party("IssuerTradeParty", s.SellerSiren),
                        status))));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) }))
        {
            document.Save(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Reads a CDAR status message, or explains why it cannot.</summary>
    public static (CdarStatus? Status, string? Problem) Read(byte[] xml)
    {
        XDocument doc;
        try
        {
            using var stream = new MemoryStream(xml, writable: false);
            using var reader = XmlReader.Create(stream, EInvoiceReader.SafeSettings());
            doc = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            return (null, "not well-formed XML: " + e.Message);
        }

        var root = doc.Root!;
        if (root.Name != XName.Get("CrossDomainAcknowledgementAndResponse", Rsm))
        {
            return (null, "not a CDAR message (CrossDomainAcknowledgementAndResponse)");
        }

        try
        {
            var exchanged = root.At("ExchangedDocument");
            var reference = root.At("AcknowledgementDocument", "ReferenceReferencedDocument");
            var status = reference.At("SpecifiedDocumentStatus");
            var codeText = status.Text("StatusCode") ?? status.Text("ProcessConditionCode") ?? reference.Text("StatusCode") ?? reference.Text("ProcessConditionCode");
            if (reference.Text("IssuerAssignedID") is not { } number || codeText is null || !int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                return (null, "the message names no invoice (IssuerAssignedID) or no status code");
            }

            var issued = exchanged.At("IssueDateTime", "DateTimeString")?.Value.Trim();
            var issuedAt = issued is { Length: 14 }
                ? new DateTimeOffset(DateTime.ParseExact(issued, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal))
                : DateTimeOffset.MinValue;
            var statusDate = XmlPaths.CiiDate(status.At("ValidityPeriod", "StartDateTime")) ?? DateOnly.FromDateTime(issuedAt.UtcDateTime);
            var amount = status.All("SpecifiedDocumentCharacteristic").FirstOrDefault(c => c.Text("TypeCode") == "MEN")?.At("ValueAmount");
            return (new CdarStatus(
                exchanged.Text("ID") ?? "",
                issuedAt,
                number,
                XmlPaths.CiiDate(reference.At("FormattedIssueDateTime")),
                reference.Text("TypeCode"),
                reference.At("IssuerTradeParty").Text("GlobalID"),
                exchanged.At("RecipientTradeParty").Text("GlobalID"),
                code,
                statusDate,
                status.Text("ReasonCode"),
                status.Text("Reason"),
                XmlPaths.ParseDecimal(amount?.Value),
                (string?)amount?.Attribute("currencyID")), null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }
}
