using Encaisse.Formats.EInvoice;
using UglyToad.PdfPig;

namespace Encaisse.EInvoicing;

/// <summary>What was read from one file: where the XML came from (the file itself, or the attachment of a
/// Factur-X / ZUGFeRD PDF), the XML bytes and the reading.</summary>
public sealed record EInvoiceFile(string Name, string Container, string? Attachment, byte[]? Xml, EInvoiceReadResult Result);

/// <summary>Reads e-invoice files: XML as is, PDF through its embedded XML attachment (factur-x.xml,
/// zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml, else the first XML attachment that is an e-invoice).</summary>
public static class EInvoiceFiles
{
    private static readonly string[] KnownAttachments = ["factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"];

    public static EInvoiceFile Read(string name, byte[] bytes, bool validateSchema = true)
    {
        if (!EInvoiceReader.IsPdf(bytes))
        {
            return new EInvoiceFile(name, "xml", null, bytes, EInvoiceReader.Read(bytes, validateSchema));
        }

        List<(string Name, byte[] Bytes)> attachments;
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            attachments = pdf.Advanced.TryGetEmbeddedFiles(out var files)
                ? files.Select(f => (f.Name ?? "", f.Bytes.ToArray())).ToList()
                : [];
        }
#pragma warning disable CA1031 // a damaged PDF is bad input, whatever PdfPig throws
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new EInvoiceFile(name, "pdf", null, null,
                new EInvoiceReadResult(null, [EInvoiceIssue.Refuse("pdf", $"the PDF cannot be read: {e.Message}")]));
        }

        var ordered = attachments
            .OrderBy(a => Array.FindIndex(KnownAttachments, k => string.Equals(k, a.Name, StringComparison.OrdinalIgnoreCase)) is var i && i < 0 ? int.MaxValue : i)
            .Where(a => a.Name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (ordered.Count == 0)
        {
            return new EInvoiceFile(name, "pdf", null, null,
                new EInvoiceReadResult(null, [EInvoiceIssue.Refuse("pdf", "the PDF carries no XML attachment: it is not a Factur-X / ZUGFeRD invoice")]));
        }

        EInvoiceFile? first = null;
        foreach (var (attachment, xml) in ordered)
        {
            var file = new EInvoiceFile(name, "pdf", attachment, xml, EInvoiceReader.Read(xml, validateSchema));
            if (file.Result.Document is not null)
            {
                return file;
            }

            first ??= file;
        }

        return first!;
    }

    public static EInvoiceFile Read(string path, bool validateSchema = true) =>
        Read(Path.GetFileName(path), File.ReadAllBytes(path), validateSchema);

    /// <summary>The files of a directory an import reads (XML and PDF), in name order.</summary>
    public static IReadOnlyList<string> InDirectory(string directory) =>
        Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
}
