using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Encaisse.Documents;

/// <summary>
/// Renders a <see cref="LetterDocument"/> as an A4 PDF: letterhead top left, recipient address placed for a
/// windowed envelope (French DL/C5 window: 110 mm from the left, 50 mm from the top), subject, body, table
/// with totals, signature, footer; long tables continue on further pages with the header repeated.
/// Written with PdfPig's document builder (Apache-2.0), see docs/adr/0003-pdf-library.md.
/// </summary>
public static class LetterPdf
{
    public static byte[] Render(LetterDocument letter)
    {
        var canvas = new PdfCanvas(letter.Title, letter.Sender.Name);
        WriteHead(canvas, letter);
        WriteBody(canvas, letter);
        return canvas.Finish(letter.Footer);
    }

    private static void WriteHead(PdfCanvas c, LetterDocument letter)
    {
        var y = 18.0;
        c.Text(letter.Sender.Name, PdfCanvas.Left, y, 12, bold: true);
        y += 6;
        foreach (var line in letter.Sender.AddressLines.Concat(letter.Sender.Details))
        {
            c.Text(line, PdfCanvas.Left, y, 8.5, grey: true);
            y += 4;
        }

        // Recipient block in the envelope window.
        var ry = 52.0;
        c.Text(letter.Recipient.Name, 110, ry, 10, bold: true);
        foreach (var line in letter.Recipient.AddressLines)
        {
            ry += 4.8;
            c.Text(line, 110, ry, 10);
        }

        c.Y = Math.Max(y, ry) + 12;
        c.Line(letter.PlaceAndDate, 10, alignRight: true);
        c.Y += 3;
        foreach (var reference in letter.References)
        {
            c.Line(reference, 9);
        }

        if (letter.Banner is not null)
        {
            c.Y += 2;
            c.Line(letter.Banner, 10, bold: true);
        }

        c.Y += 2;
        c.Paragraph(Localization.Catalogue.Text(letter.Language, "letter.subject", ("subject", letter.Subject)), 10.5, bold: true);
        c.Y += 2;
    }

    private static void WriteBody(PdfCanvas c, LetterDocument letter)
    {
        if (letter.Salutation is not null)
        {
            c.Paragraph(letter.Salutation, 10);
            c.Y += 1.5;
        }

        foreach (var paragraph in letter.Paragraphs)
        {
            c.Paragraph(paragraph, 10);
            c.Y += 2;
        }

        if (letter.Columns.Count > 0)
        {
            c.Table(letter.Columns, letter.Rows);
        }

        if (letter.Totals.Count > 0)
        {
            c.Y += 2;
            foreach (var (label, value) in letter.Totals)
            {
                c.EnsureSpace(6);
                c.TextRight(label, 140, c.Y, 10, bold: true);
                c.TextRight(value, PdfCanvas.Right, c.Y, 10, bold: true);
                c.Y += 5.5;
            }

            c.Y += 3;
        }

        foreach (var paragraph in letter.ClosingParagraphs)
        {
            c.Paragraph(paragraph, 10);
            c.Y += 2;
        }

        if (letter.SignatureName is not null)
        {
            c.Y += 5;
            // Keep the name and the title together on one page.
            c.EnsureSpace(12);
            c.Line(letter.SignatureName, 10, bold: true, alignRight: true);
            if (letter.SignatureTitle is not null)
            {
                c.Line(letter.SignatureTitle, 9, alignRight: true);
            }
        }

        foreach (var notice in letter.BoxedNotices)
        {
            c.Y += 4;
            c.Boxed(notice, 8.5);
        }
    }
}

/// <summary>
/// A page cursor over PdfPig's builder, in millimetres from the top-left corner (PDF itself counts points from
/// the bottom-left): text, wrapping, tables, page breaks, footers and page numbers.
/// </summary>
internal sealed class PdfCanvas
{
    public const double Left = 20;
    public const double Right = 190;
    private const double PageHeight = 297;
    private const double Bottom = 272;
    private const double PointsPerMm = 72 / 25.4;

    private readonly PdfDocumentBuilder builder = new();
    private readonly PdfDocumentBuilder.AddedFont regular;
    private readonly PdfDocumentBuilder.AddedFont bold;
    private readonly List<PdfPageBuilder> pages = [];
    private PdfPageBuilder page = null!;

    public PdfCanvas(string title, string author)
    {
        builder.DocumentInformation.Title = title;
        builder.DocumentInformation.Author = author;
        builder.DocumentInformation.Creator = "Encaisse";
        builder.DocumentInformation.Producer = "Encaisse";
        regular = builder.AddTrueTypeFont(DocumentFonts.Regular);
        bold = builder.AddTrueTypeFont(DocumentFonts.Bold);
        NewPage();
    }

    /// <summary>Top of the next line, in millimetres from the top of the page.</summary>
    public double Y { get; set; }

    public void NewPage()
    {
        page = builder.AddPage(PageSize.A4);
        pages.Add(page);
        Y = 20;
    }

    public void EnsureSpace(double heightMm)
    {
        if (Y + heightMm > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>Draws text whose top is at <paramref name="topMm"/>.</summary>
    public void Text(string text, double xMm, double topMm, double size, bool bold = false, bool grey = false, PdfPageBuilder? on = null)
    {
        if (text.Length == 0)
        {
            return;
        }

        var target = on ?? page;
        if (grey)
        {
            target.SetTextAndFillColor(90, 90, 90);
        }

        target.AddText(Clean(text), size, Point(xMm, topMm + size * 0.8 / PointsPerMm), bold ? this.bold : regular);
        if (grey)
        {
            target.ResetColor();
        }
    }

    public void TextRight(string text, double rightMm, double topMm, double size, bool bold = false, PdfPageBuilder? on = null) =>
        Text(text, rightMm - Width(text, size, bold), topMm, size, bold, on: on);

    public void Line(string text, double size, bool bold = false, bool alignRight = false)
    {
        var height = size * 1.4 / PointsPerMm;
        EnsureSpace(height);
        if (alignRight)
        {
            TextRight(text, Right, Y, size, bold);
        }
        else
        {
            Text(text, Left, Y, size, bold);
        }

        Y += height;
    }

    public void Paragraph(string text, double size, bool bold = false)
    {
        foreach (var line in Wrap(text, size, bold, Right - Left))
        {
            Line(line, size, bold);
        }
    }

    /// <summary>A paragraph in a thin frame (kept on one page when it fits on one).</summary>
    public void Boxed(string text, double size)
    {
        const double padding = 2;
        var lines = Wrap(text, size, false, Right - Left - 2 * padding);
        var lineHeight = size * 1.4 / PointsPerMm;
        var height = lines.Count * lineHeight + 2 * padding;
        if (height < Bottom - 20)
        {
            EnsureSpace(height);
        }

        var top = Y;
        Y += padding;
        foreach (var line in lines)
        {
            EnsureSpace(lineHeight);
            Text(line, Left + padding, Y, size);
            Y += lineHeight;
        }

        Y += padding;
        if (Y > top)
        {
            page.SetStrokeColor(120, 120, 120);
            page.DrawRectangle(Point(Left, Y), (Right - Left) * PointsPerMm, (Y - top) * PointsPerMm, 0.6);
            page.ResetColor();
        }
    }

    public void Table(IReadOnlyList<LetterColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var total = columns.Sum(c => c.Width);
        var widths = columns.Select(c => c.Width / total * (Right - Left)).ToArray();
        Header(columns, widths);
        const double size = 9;
        const double lineHeight = 4.3;
        foreach (var row in rows)
        {
            var cells = row.Select((cell, i) => Wrap(cell, size, false, widths[i] - 2)).ToList();
            var height = cells.Max(l => l.Count) * lineHeight + 1.5;
            if (Y + height > Bottom)
            {
                NewPage();
                Header(columns, widths);
            }

            var x = Left;
            for (var i = 0; i < columns.Count; i++)
            {
                var lineTop = Y + 0.8;
                foreach (var line in i < cells.Count ? cells[i] : [])
                {
                    if (columns[i].Align == ColumnAlign.Right)
                    {
                        TextRight(line, x + widths[i] - 1, lineTop, size);
                    }
                    else
                    {
                        Text(line, x + 1, lineTop, size);
                    }

                    lineTop += lineHeight;
                }

                x += widths[i];
            }

            Y += height;
            page.SetStrokeColor(200, 200, 200);
            page.DrawLine(Point(Left, Y), Point(Right, Y), 0.5);
            page.ResetColor();
        }
    }

    public byte[] Finish(string? footer)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            if (footer is not null)
            {
                var width = Width(footer, 7, false);
                Text(footer, Math.Max(Left, (210 - width) / 2), 282, 7, grey: true, on: pages[i]);
            }

            if (pages.Count > 1)
            {
                TextRight($"{i + 1} / {pages.Count}", Right, 287, 7, on: pages[i]);
            }
        }

        return builder.Build();
    }

    public double Width(string text, double size, bool isBold)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var letters = page.MeasureText(Clean(text), size, new PdfPoint(0, 0), isBold ? bold : regular);
        return letters.Count == 0 ? 0 : letters[^1].EndBaseLine.X / PointsPerMm;
    }

    private void Header(IReadOnlyList<LetterColumn> columns, double[] widths)
    {
        EnsureSpace(14);
        page.SetTextAndFillColor(235, 238, 243);
        page.DrawRectangle(Point(Left, Y + 6), (Right - Left) * PointsPerMm, 6 * PointsPerMm, 0, fill: true);
        page.ResetColor();
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Align == ColumnAlign.Right)
            {
                TextRight(columns[i].Header, x + widths[i] - 1, Y + 1.2, 9, bold: true);
            }
            else
            {
                Text(columns[i].Header, x + 1, Y + 1.2, 9, bold: true);
            }

            x += widths[i];
        }

        Y += 7;
    }

    private List<string> Wrap(string text, double size, bool isBold, double widthMm)
    {
        var lines = new List<string>();
        foreach (var rawLine in text.Split('\n'))
        {
            var current = "";
            foreach (var word in rawLine.Split(' '))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && Width(candidate, size, isBold) > widthMm)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            lines.Add(current);
        }

        return lines;
    }

    private static PdfPoint Point(double xMm, double yFromTopMm) => new(xMm * PointsPerMm, (PageHeight - yFromTopMm) * PointsPerMm);

    // French number formatting uses narrow no-break spaces; print them as plain spaces.
    private static string Clean(string text) => text.Replace('\u202F', ' ').Replace('\u00A0', ' ').Replace("\t", "    ", StringComparison.Ordinal);
}
