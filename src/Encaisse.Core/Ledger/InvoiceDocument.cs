namespace Encaisse.Ledger;

/// <summary>
/// The PDF of an issued invoice, as the company sent it (one per invoice; uploading again replaces it). Stored in the
/// database with its SHA-256 so that a reminder can attach exactly the document the customer received.
/// </summary>
public sealed class InvoiceDocument : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InvoiceId { get; set; }
    public required string FileName { get; set; }
    public string ContentType { get; set; } = "application/pdf";
    public int SizeBytes { get; set; }
    /// <summary>Lower-case hex SHA-256 of <see cref="Content"/>.</summary>
    public required string Sha256 { get; set; }
    public byte[] Content { get; set; } = [];
    public string UploadedBy { get; set; } = "api";
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>What makes an invoice PDF acceptable: a size limit and the PDF header.</summary>
public static class InvoicePdfRules
{
    /// <summary>5 MiB: an invoice is a few pages; larger files are scans that do not belong in a reminder.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>Why the bytes are not an acceptable invoice PDF, or null when they are.</summary>
    public static string? Problem(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0)
        {
            return "the file is empty";
        }

        if (content.Length > MaxBytes)
        {
            return $"the file is {content.Length:N0} bytes; the limit is {MaxBytes:N0} bytes (5 MiB)";
        }

        // The header "%PDF-" must be in the first 1024 bytes (ISO 32000-1, 7.5.2 and common reader tolerance).
        var head = content[..Math.Min(1024, content.Length)];
        return head.IndexOf("%PDF-"u8) < 0 ? "the file is not a PDF (no %PDF- header)" : null;
    }
}
