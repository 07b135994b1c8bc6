using Encaisse.Web.Api;
using Encaisse.Ledger.Documents;
using Encaisse.Storage;

namespace Encaisse.Ledger.Api;

/// <summary><c>PUT/GET /api/v1/invoices/{number}/pdf</c>: the invoice as sent to the customer (body = the PDF bytes).</summary>
internal static class InvoicePdfEndpoints
{
    public static void MapInvoicePdfApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/invoices").WithTags("Invoices");

        group.MapPut("/{number}/pdf", async (string number, HttpRequest request, EncaisseDb db, TimeProvider clock, string? fileName, CancellationToken ct) =>
        {
            var content = await ReadLimitedAsync(request.Body, InvoicePdfRules.MaxBytes, ct);
            if (content is null)
            {
                return Results.Problem(statusCode: 413, title: "PDF too large",
                    detail: $"An invoice PDF may be at most {InvoicePdfRules.MaxBytes:N0} bytes (5 MiB).");
            }

            var outcome = await InvoicePdfs.AttachAsync(db, number, content, fileName, "api", clock.GetUtcNow(), ct);
            return outcome.ToHttp(Results.Ok);
        }).DisableAntiforgery();

        group.MapGet("/{number}/pdf", async (string number, EncaisseDb db, CancellationToken ct) =>
            await InvoicePdfs.GetAsync(db, number, ct) is { } found
                ? Results.File(found.Content, "application/pdf", found.Info.FileName)
                : Results.Problem(statusCode: 404, title: "Not found", detail: $"No PDF stored for invoice '{number}'."));

        group.MapGet("/{number}/facturx", async (string number, EncaisseDb db, RequestTenant tenant, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var issued = await EInvoicing.FacturXIssue.IssueAsync(db, tenant.Required, number, "api:" + (http.User.Identity?.Name ?? "key"), clock, ct);
            return issued.ToHttp(f => Results.File(f.Pdf, "application/pdf", f.FileName));
        }).WithSummary("The Factur-X (EN 16931 PDF/A-3 with factur-x.xml) of an invoice created with its lines; issued on the first call, the same file afterwards");
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
