using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Localization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Encaisse.Documents;

/// <summary>
/// The Factur-X PDF of an issued invoice: a PDF/A-3 (part 3, conformance B) whose page shows the invoice (seller, buyer,
/// lines, VAT, totals, payment, mentions — labels from the language catalogues) and which carries the CII XML as the
/// associated file <c>factur-x.xml</c> (AFRelationship /Data, in the EmbeddedFiles name tree and the catalogue's /AF),
/// an sRGB output intent and XMP metadata with the PDF/A identification and the Factur-X extension schema.
/// Written with PDFsharp 6.2.4 (MIT), see docs/adr/1420-factur-x-pdf-with-pdfsharp.md; PDFsharp writes its own XMP at
/// save time, so ours is written as an incremental update that replaces that metadata object.
/// </summary>
public static partial class FacturXPdf
{
    private const string Family = "DejaVu Sans";
    private const double Margin = 42; // points (~15 mm)
    private static readonly object FontLock = new();
    private static readonly XColor Grey = XColor.FromArgb(90, 90, 90);

    public static byte[] Render(FacturXInvoice invoice, byte[] xml, string language, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(xml);
        EnsureFonts();
        var created = new DateTime(issuedAt.UtcDateTime.Ticks - (issuedAt.UtcDateTime.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var title = Catalogue.Text(language, invoice.IsCreditNote ? "facturx.pdf.creditNote" : "facturx.pdf.invoice") + " " + invoice.Number;
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = invoice.Seller.Name;
        document.Info.Subject = "Factur-X " + FacturXWriter.ConformanceLevel;
        document.Info.Creator = "Encaisse";
        document.Info.CreationDate = created;
        document.Options.CompressContentStreams = true;

        new Page(document, invoice, language, title).Draw();
        Attach(document, xml, created);
        AddOutputIntent(document);

        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        var bytes = buffer.ToArray();
        var metadata = document.Internals.Catalog.Elements.GetReference("/Metadata")
            ?? throw new InvalidOperationException("PDFsharp wrote no metadata object to replace");
        return AppendMetadata(bytes, metadata.ObjectNumber, Xmp(document, title, bytes));
    }

    /// <summary>DejaVu Sans from the embedded fonts (the same faces as the letters), registered once for the process.</summary>
    private static void EnsureFonts()
    {
        lock (FontLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    private sealed class EmbeddedFonts : IFontResolver
    {
        public byte[]? GetFont(string faceName) => faceName == "bold" ? DocumentFonts.Bold : DocumentFonts.Regular;

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "bold" : "regular");
    }

    private static void Attach(PdfDocument document, byte[] xml, DateTime created)
    {
        var file = new PdfDictionary(document);
        document.Internals.AddObject(file);
        file.Elements["/Type"] = new PdfName("/EmbeddedFile");
        file.Elements["/Subtype"] = new PdfName("/text/xml");
        var parameters = new PdfDictionary(document);
        parameters.Elements["/Size"] = new PdfInteger(xml.Length);
        parameters.Elements["/ModDate"] = new PdfString(PdfDate(created));
        file.Elements["/Params"] = parameters;
        file.CreateStream(xml);

        var spec = new PdfDictionary(document);
        document.Internals.AddObject(spec);
        spec.Elements["/Type"] = new PdfName("/Filespec");
        spec.Elements["/F"] = new PdfString(FacturXWriter.AttachmentName);
        spec.Elements["/UF"] = new PdfString(FacturXWriter.AttachmentName);
        spec.Elements["/Desc"] = new PdfString("Factur-X invoice (CII, profile EN 16931)");
        spec.Elements["/AFRelationship"] = new PdfName("/Data");
        var streams = new PdfDictionary(document);
        streams.Elements["/F"] = file.Reference;
        streams.Elements["/UF"] = file.Reference;
        spec.Elements["/EF"] = streams;

        var names = new PdfArray(document);
        names.Elements.Add(new PdfString(FacturXWriter.AttachmentName));
        names.Elements.Add(spec.Reference!);
        var tree = new PdfDictionary(document);
        tree.Elements["/Names"] = names;
        var nameDictionary = new PdfDictionary(document);
        nameDictionary.Elements["/EmbeddedFiles"] = tree;
        document.Internals.Catalog.Elements["/Names"] = nameDictionary;
        var associated = new PdfArray(document);
        associated.Elements.Add(spec.Reference!);
        document.Internals.Catalog.Elements["/AF"] = associated;
    }

    private static void AddOutputIntent(PdfDocument document)
    {
        using var stream = typeof(FacturXPdf).Assembly.GetManifestResourceStream("Encaisse.Documents.Color.sRGB.icc")
            ?? throw new InvalidOperationException("The embedded sRGB profile is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var profile = new PdfDictionary(document);
        document.Internals.AddObject(profile);
        profile.Elements["/N"] = new PdfInteger(3);
        profile.CreateStream(copy.ToArray());
        var intent = new PdfDictionary(document);
        document.Internals.AddObject(intent);
        intent.Elements["/Type"] = new PdfName("/OutputIntent");
        intent.Elements["/S"] = new PdfName("/GTS_PDFA1");
        intent.Elements["/OutputConditionIdentifier"] = new PdfString("sRGB IEC61966-2.1");
        intent.Elements["/Info"] = new PdfString("sRGB IEC61966-2.1");
        intent.Elements["/DestOutputProfile"] = profile.Reference;
        var intents = new PdfArray(document);
        intents.Elements.Add(intent.Reference!);
        document.Internals.Catalog.Elements["/OutputIntents"] = intents;
    }

    /// <summary>The XMP packet: PDF/A-3B identification, Dublin Core and XMP basics equal to the document information
    /// dictionary PDFsharp wrote, and the Factur-X extension schema with its four properties.</summary>
    private static string Xmp(PdfDocument document, string title, byte[] saved)
    {
        var head = Encoding.Latin1.GetString(saved);
        var creation = CreationDate().Matches(head) is { Count: > 0 } m ? XmpDate(m[^1].Groups[1].Value) : null;
        var producer = ProducerText().Matches(head) is { Count: > 0 } p ? p[^1].Groups[1].Value : document.Info.Producer;
        string E(string? text) => SecurityElement.Escape(text ?? "");
        return $"""
            <?xpacket begin="{'\uFEFF'}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
              <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
                <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
                  <pdfaid:part>3</pdfaid:part>
                  <pdfaid:conformance>B</pdfaid:conformance>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
                  <dc:format>application/pdf</dc:format>
                  <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{E(title)}</rdf:li></rdf:Alt></dc:title>
                  <dc:creator><rdf:Seq><rdf:li>{E(document.Info.Author)}</rdf:li></rdf:Seq></dc:creator>
                  <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{E(document.Info.Subject)}</rdf:li></rdf:Alt></dc:description>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
                  <pdf:Producer>{E(producer)}</pdf:Producer>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
                  <xmp:CreatorTool>{E(document.Info.Creator)}</xmp:CreatorTool>
            {(creation is null ? "" : $"      <xmp:CreateDate>{creation}</xmp:CreateDate>\n      <xmp:MetadataDate>{creation}</xmp:MetadataDate>")}
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
                  <pdfaExtension:schemas>
                    <rdf:Bag>
                      <rdf:li rdf:parseType="Resource">
                        <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                        <pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
                        <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                        <pdfaSchema:property>
                          <rdf:Seq>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
                            <rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
                          </rdf:Seq>
                        </pdfaSchema:property>
                      </rdf:li>
                    </rdf:Bag>
                  </pdfaExtension:schemas>
                </rdf:Description>
                <rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
                  <fx:DocumentType>INVOICE</fx:DocumentType>
                  <fx:DocumentFileName>{FacturXWriter.AttachmentName}</fx:DocumentFileName>
                  <fx:Version>1.0</fx:Version>
                  <fx:ConformanceLevel>{FacturXWriter.ConformanceLevel}</fx:ConformanceLevel>
                </rdf:Description>
              </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="w"?>
            """;
    }

    /// <summary>Appends an incremental update (ISO 32000-1 §7.5.6) that gives metadata object <paramref name="objectNumber"/>
    /// the <paramref name="xmp"/> packet; the trailer keeps the file's /ID, /Root and /Info.</summary>
    internal static byte[] AppendMetadata(byte[] pdf, int objectNumber, string xmp)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var previous = StartXref().Matches(text) is { Count: > 0 } s ? s[^1].Groups[1].Value : throw new InvalidOperationException("no startxref");
        var trailer = text[text.LastIndexOf("trailer", StringComparison.Ordinal)..];
        string Ref(string key) => Regex.Match(trailer, "/" + key + @"\s+(\d+\s+\d+\s+R)").Groups[1].Value;
        var size = int.Parse(Regex.Match(trailer, @"/Size\s+(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var id = Regex.Match(trailer, @"/ID\s*\[[^\]]*\]").Value;
        var body = Encoding.UTF8.GetBytes(xmp);

        using var output = new MemoryStream();
        output.Write(pdf);
        void Write(string s) => output.Write(Encoding.Latin1.GetBytes(s));
        Write("\n");
        var offset = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture, $"{objectNumber} 0 obj\n<</Type/Metadata/Subtype/XML/Length {body.Length}>>\nstream\n"));
        output.Write(body);
        Write("\nendstream\nendobj\n");
        var xref = output.Position;
        Write(string.Create(CultureInfo.InvariantCulture,
            $"xref\n0 1\n0000000000 65535 f\r\n{objectNumber} 1\n{offset:D10} 00000 n\r\ntrailer\n<</Size {Math.Max(size, objectNumber + 1)}/Root {Ref("Root")}/Info {Ref("Info")}{id}/Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n"));
        return output.ToArray();
    }

    private static string PdfDate(DateTime utc) => "D:" + utc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";

    /// <summary>D:20261130093000+01'00' → 2026-11-30T09:30:00+01:00.</summary>
    private static string XmpDate(string pdfDate)
    {
        var m = Regex.Match(pdfDate, @"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2})?");
        var zone = m.Groups[7].Value is { Length: > 1 } z ? z[..3] + ":" + z[4..6] : "Z";
        return $"{m.Groups[1].Value}-{m.Groups[2].Value}-{m.Groups[3].Value}T{m.Groups[4].Value}:{m.Groups[5].Value}:{m.Groups[6].Value}{zone}";
    }

    [GeneratedRegex(@"/CreationDate\s*\((D:[^)]*)\)")]
    private static partial Regex CreationDate();

    [GeneratedRegex(@"/Producer\s*\(([^)]*)\)")]
    private static partial Regex ProducerText();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    /// <summary>The visible page(s): A4, the invoice as a person reads it; long tables continue on further pages.</summary>
    private sealed class Page(PdfDocument document, FacturXInvoice invoice, string language, string title)
    {
        private const double Bottom = 842 - 60;
        private readonly XFont regular = new(Family, 8.5);
        private readonly XFont small = new(Family, 7.5);
        private readonly XFont bold = new(Family, 8.5, XFontStyleEx.Bold);
        private readonly XFont heading = new(Family, 16, XFontStyleEx.Bold);
        private readonly XFont sellerFont = new(Family, 12, XFontStyleEx.Bold);
        private XGraphics? g;
        private PdfPage? page;
        private double y;

        private string T(string key, params (string, object?)[] args) => Catalogue.Text(language, key, args);

        private string Money(long minor) => Catalogue.Format(new Money(minor, invoice.Currency), language);

        /// <summary>Without the trailing zeros of the stored scale (2.5000 → 2,5).</summary>
        private string Number(decimal value) => Catalogue.Format(value / 1.000000000000000000000000000000000m, language);

        /// <summary>A unit price: at least the cents (480 → 480,00; 12.3456 stays).</summary>
        private string Price(decimal value)
        {
            var normalized = value / 1.000000000000000000000000000000000m;
            return Catalogue.Format(normalized.Scale < 2 ? decimal.Round(normalized, 2) + 0.00m : normalized, language);
        }

        public void Draw()
        {
            NewPage();
            Text(invoice.Seller.Name, Margin, y, sellerFont);
            Text(title, 300, y, heading);
            y += 16;
            var top = y;
            foreach (var line in PartyLines(invoice.Seller))
            {
                Text(line, Margin, y, small, grey: true);
                y += 10;
            }

            var left = y;
            y = top + 6;
            Text(T(invoice.IsCreditNote ? "facturx.pdf.creditNoteTo" : "facturx.pdf.billedTo"), 300, y, small, grey: true);
            y += 11;
            Text(invoice.Buyer.Name, 300, y, bold);
            y += 11;
            foreach (var line in PartyLines(invoice.Buyer))
            {
                Text(line, 300, y, regular);
                y += 10;
            }

            y = Math.Max(left, y) + 12;
            Text(T("facturx.pdf.issueDate", ("date", invoice.IssueDate)), Margin, y, regular);
            Text(T("facturx.pdf.dueDate", ("date", invoice.DueDate)), 200, y, bold);
            if (invoice.OrderReference is { } order)
            {
                Text(T("facturx.pdf.orderRef", ("reference", order)), 380, y, regular);
            }

            y += 20;
            LineTable();
            Totals();
            Payment();
            Notes();
            g!.Dispose();
        }

        private IEnumerable<string> PartyLines(FacturXParty p)
        {
            var a = p.Address;
            foreach (var part in new[] { a.Line1, a.Line2, $"{a.PostalCode} {a.City}".Trim(), a.Country == "FR" ? null : a.Country })
            {
                if (!string.IsNullOrWhiteSpace(part))
                {
                    yield return part;
                }
            }

            if (p.Siret is { } siret)
            {
                yield return "SIRET " + siret;
            }
            else if (p.Siren is { } siren)
            {
                yield return "SIREN " + siren;
            }

            if (p.VatNumber is { } vat)
            {
                yield return T("facturx.pdf.vatNumber", ("vat", vat));
            }
        }

        private static readonly double[] Columns = [Margin, 290, 340, 380, 440, 480];

        private void TableHead()
        {
            g!.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 235, 235)), Margin, y - 9, 595 - (2 * Margin), 13);
            Text(T("facturx.pdf.col.description"), Columns[0] + 2, y, bold);
            Right(T("facturx.pdf.col.quantity"), Columns[2] - 4, bold);
            Text(T("facturx.pdf.col.unit"), Columns[2] + 2, y, bold);
            Right(T("facturx.pdf.col.unitPrice"), Columns[4] - 4, bold);
            Right(T("facturx.pdf.col.vat"), Columns[5] - 4, bold);
            Right(T("facturx.pdf.col.amount"), 595 - Margin - 2, bold);
            y += 15;
        }

        private void LineTable()
        {
            TableHead();
            foreach (var l in invoice.Lines)
            {
                var wrapped = Wrap(l.Description, regular, Columns[1] - Columns[0] + 50).ToList();
                if (y + (wrapped.Count * 10) > Bottom)
                {
                    NewPage();
                    TableHead();
                }

                var rowTop = y;
                foreach (var part in wrapped)
                {
                    Text(part, Columns[0] + 2, y, regular);
                    y += 10;
                }

                var row = y;
                y = rowTop;
                Right(Number(l.Quantity), Columns[2] - 4, regular);
                Text(l.UnitCode, Columns[2] + 2, y, regular);
                Right(Price(l.UnitPrice), Columns[4] - 4, regular);
                Right(l.VatCategory == "S" ? Number(l.VatRate) + " %" : l.VatCategory, Columns[5] - 4, regular);
                Right(Money(l.NetMinor), 595 - Margin - 2, regular);
                y = row + 3;
                g!.DrawLine(new XPen(XColor.FromArgb(220, 220, 220), 0.5), Margin, y - 8, 595 - Margin, y - 8);
            }

            y += 6;
        }

        private void Totals()
        {
            var rows = new List<(string Label, string Value, bool Strong)>
            {
                (T("facturx.pdf.totalNet"), Money(invoice.NetMinor), false),
            };
            rows.AddRange(invoice.Vat.Select(v => (v.Category == "S"
                ? T("facturx.pdf.vatAt", ("rate", v.Rate / 1.000000000000000000000000000000000m), ("basis", new Money(v.BasisMinor, invoice.Currency)))
                : T("facturx.pdf.vatNone", ("category", v.Category), ("basis", new Money(v.BasisMinor, invoice.Currency))), Money(v.TaxMinor), false)));
            rows.Add((T("facturx.pdf.totalVat"), Money(invoice.TaxMinor), false));
            rows.Add((T("facturx.pdf.totalGross"), Money(invoice.GrossMinor), true));
            rows.Add((T(invoice.IsCreditNote ? "facturx.pdf.creditTotal" : "facturx.pdf.amountDue"), Money(invoice.GrossMinor), true));
            if (y + (rows.Count * 12) > Bottom)
            {
                NewPage();
            }

            foreach (var (label, value, strong) in rows)
            {
                Text(label, 330, y, strong ? bold : regular);
                Right(value, 595 - Margin - 2, strong ? bold : regular);
                y += 12;
            }

            foreach (var exempt in invoice.Vat.Where(v => v.ExemptionReason is not null))
            {
                Paragraph($"{exempt.Category} : {exempt.ExemptionReason}", small);
            }

            y += 8;
        }

        private void Payment()
        {
            Paragraph(T("facturx.pdf.payment"), bold);
            Paragraph(invoice.PaymentTerms, regular);
            Paragraph("IBAN " + FacturXInvoice.Grouped(invoice.Iban) + (invoice.Bic is { } bic ? "  —  BIC " + bic : ""), regular);
            y += 6;
        }

        private void Notes()
        {
            // The registration (REG) is in the footer of every page.
            foreach (var note in invoice.Notes.Where(n => n.Subject != "REG"))
            {
                Paragraph(note.Text, small);
            }
        }

        private void Paragraph(string text, XFont font)
        {
            foreach (var part in Wrap(text, font, 595 - (2 * Margin)))
            {
                if (y > Bottom)
                {
                    NewPage();
                }

                Text(part, Margin, y, font);
                y += font.Size + 2.5;
            }
        }

        private void NewPage()
        {
            g?.Dispose();
            page = document.AddPage();
            page.Width = XUnit.FromPoint(595);
            page.Height = XUnit.FromPoint(842);
            g = XGraphics.FromPdfPage(page);
            y = Margin + 10;
            Footer();
        }

        private void Footer()
        {
            var registration = invoice.Notes.FirstOrDefault(n => n.Subject == "REG").Text;
            var footer = string.Join(" — ", new[] { registration, T("facturx.pdf.footer", ("number", invoice.Number), ("page", document.PageCount)) }
                .Where(s => !string.IsNullOrWhiteSpace(s)));
            var yy = 842 - 34.0;
            foreach (var part in Wrap(footer, small, 595 - (2 * Margin)))
            {
                g!.DrawString(part, small, new XSolidBrush(Grey), Margin, yy);
                yy += 9;
            }
        }

        private void Text(string text, double x, double at, XFont font, bool grey = false) =>
            g!.DrawString(text, font, grey ? new XSolidBrush(Grey) : XBrushes.Black, x, at);

        private void Right(string text, double right, XFont font) =>
            g!.DrawString(text, font, XBrushes.Black, right - g.MeasureString(text, font).Width, y);

        private IEnumerable<string> Wrap(string text, XFont font, double width)
        {
            foreach (var paragraph in text.Split('\n'))
            {
                var line = new StringBuilder();
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = line.Length == 0 ? word : line + " " + word;
                    if (line.Length > 0 && g!.MeasureString(candidate, font).Width > width)
                    {
                        yield return line.ToString();
                        line.Clear().Append(word);
                    }
                    else
                    {
                        line.Clear().Append(candidate);
                    }
                }

                if (line.Length > 0)
                {
                    yield return line.ToString();
                }
            }
        }
    }
}
