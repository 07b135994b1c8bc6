using System.Text;

namespace Encaisse.Portal;

/// <summary>
/// What a customer may upload through the portal (issue 16): the type is read from the file's first bytes against an allow-list
/// (PDF, PNG, JPEG), never taken from what the browser declares, and the name is reduced to a plain file name with the type's extension.
/// </summary>
public static class UploadedFiles
{
    /// <summary>The content type the bytes are, among the allowed ones; null for anything else (HTML, scripts, archives…).</summary>
    public static string? AllowedTypeOf(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        return content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg" : null;
    }

    /// <summary>A name safe to store and to offer for download: no folders, no control or special characters, 80 characters at most,
    /// ending with the extension of <paramref name="contentType"/>.</summary>
    public static string SafeName(string? name, string contentType)
    {
        var extension = contentType switch { "application/pdf" => ".pdf", "image/png" => ".png", _ => ".jpg" };
        var last = (name ?? "").Replace('\\', '/');
        last = last[(last.LastIndexOf('/') + 1)..];
        var stem = Path.GetFileNameWithoutExtension(last);
        var clean = new StringBuilder();
        foreach (var c in stem.Normalize(NormalizationForm.FormC))
        {
            clean.Append(char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' ? c : '_');
        }

        var text = clean.ToString().Trim(' ', '_');
        if (text.Length == 0)
        {
            text = "piece-jointe";
        }

        return (text.Length > 80 ? text[..80] : text) + extension;
    }
}
