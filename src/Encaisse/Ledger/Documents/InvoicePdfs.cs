using Encaisse.Operations;
using System.Security.Cryptography;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Documents;

/// <summary>What is known of a stored invoice PDF (without its bytes).</summary>
public sealed record InvoicePdfInfo(string Invoice, string FileName, int SizeBytes, string Sha256, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>Stores and reads the PDF of an invoice (one per invoice, replaced on upload). Shared by the API and the CLI.</summary>
internal static class InvoicePdfs
{
    public static async Task<Result<InvoicePdfInfo>> AttachAsync(EncaisseDb db, string number, byte[] content, string? fileName, string by,
        DateTimeOffset now, CancellationToken ct)
    {
        var invoice = await db.Invoices.AsNoTracking().Where(i => i.Number == number).Select(i => new { i.Id, i.Kind }).FirstOrDefaultAsync(ct);
        if (invoice is null)
        {
            return OperationError.NotFound("invoice.notFound", ("invoice", number));
        }

        if (InvoicePdfRules.Problem(content) is { } problem)
        {
            return OperationError.InvalidFields([new FieldError("pdf", fileName, problem)]);
        }

        var document = await db.Set<InvoiceDocument>().FirstOrDefaultAsync(d => d.InvoiceId == invoice.Id, ct);
        if (document is null)
        {
            document = new InvoiceDocument { TenantId = db.TenantId, InvoiceId = invoice.Id, FileName = "", Sha256 = "" };
            db.Add(document);
        }

        document.FileName = SafeName(fileName, number);
        document.Content = content;
        document.SizeBytes = content.Length;
        document.Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        document.UploadedAt = now;
        document.UploadedBy = by.Length > 100 ? by[..100] : by;
        await db.SaveChangesAsync(ct);
        return Result.Ok(Info(number, document));
    }

    public static async Task<(InvoicePdfInfo Info, byte[] Content)?> GetAsync(EncaisseDb db, string number, CancellationToken ct)
    {
        var found = await (from i in db.Invoices.AsNoTracking()
                           join d in db.Set<InvoiceDocument>().AsNoTracking() on i.Id equals d.InvoiceId
                           where i.Number == number
                           select d).FirstOrDefaultAsync(ct);
        return found is null ? null : (Info(number, found), found.Content);
    }

    /// <summary>A file name safe in a MIME header and on disk: the given one (PDF extension) or the invoice number.</summary>
    internal static string SafeName(string? fileName, string number)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (string.IsNullOrWhiteSpace(name))
        {
            name = number + ".pdf";
        }

        var safe = new string(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray());
        if (!safe.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            safe += ".pdf";
        }

        return safe.Length > 200 ? safe[^200..] : safe;
    }

    private static InvoicePdfInfo Info(string number, InvoiceDocument d) => new(number, d.FileName, d.SizeBytes, d.Sha256, d.UploadedAt, d.UploadedBy);
}
