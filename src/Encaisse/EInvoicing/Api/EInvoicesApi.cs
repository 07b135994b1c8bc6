using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.EInvoicing.Api;

/// <summary>A received status as the API takes it.</summary>
public sealed record StatusBody(int Code, DateOnly? On = null, string? Reason = null, string? ReasonCode = null, decimal? Amount = null, string? MessageId = null);

/// <summary>
/// <c>POST /api/v1/einvoices</c> (multipart, one or more files: the import report), <c>POST /api/v1/einvoices/parse</c>
/// (one file: what it says), <c>GET /api/v1/einvoices/statuses</c> (produces the cashed statuses due, lists all),
/// <c>POST /api/v1/einvoices/{number}/statuses</c> (a received status).
/// </summary>
public static class EInvoicesApi
{
    private const long MaxUpload = 200L * 1024 * 1024;

    public static void MapEInvoicesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var g = api.MapGroup("/einvoices");
        g.MapPost("/", async (HttpRequest request, DatabaseFactory database, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var files = await FilesAsync(request, ct);
            if (files is null)
            {
                return Results.Problem(statusCode: 400, title: "No file", detail: "Send the e-invoices as multipart/form-data (XML or Factur-X PDF).");
            }

            var actor = request.Headers["X-Actor"].FirstOrDefault();
            var report = await EInvoiceImport.RunAsync(database, tenant.Required, files, string.IsNullOrWhiteSpace(actor) ? "api" : actor.Trim(), clock, ct);
            return Results.Json(report, Operations.JsonShape.Options, statusCode: report.Refused > 0 && report.Imported + report.Unchanged == 0 ? 422 : 200);
        }).DisableAntiforgery();
        g.MapPost("/parse", async (HttpRequest request, CancellationToken ct) =>
        {
            var files = await FilesAsync(request, ct);
            if (files is not [var (name, bytes)])
            {
                return Results.Problem(statusCode: 400, title: "One file expected", detail: "Send one e-invoice as multipart/form-data.");
            }

            var read = EInvoiceFiles.Read(name, bytes);
            return Results.Json(EInvoiceJson.Of(read), Operations.JsonShape.Options, statusCode: read.Result.Refused ? 422 : 200);
        }).DisableAntiforgery();
        g.MapGet("/statuses", async (EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var produced = await EInvoiceStatuses.ProduceCashedAsync(db, clock, ct);
            return Results.Json(new { produced, statuses = await EInvoiceStatuses.ListAsync(db, null, null, ct) }, Operations.JsonShape.Options);
        });
        g.MapPost("/{number}/statuses", async (string number, StatusBody body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var scope = CollectionsApi.Scope(http, db, tenant, clock);
            var result = await EInvoiceStatuses.ReceiveAsync(scope, new ReceivedStatus(number, body.Code, body.On ?? scope.Today, body.Reason, body.ReasonCode,
                body.Amount, body.MessageId, "api"), ct);
            return result.ToHttp(view => Results.Json(view, Operations.JsonShape.Options));
        });
    }

    private static async Task<List<(string Name, byte[] Bytes)>?> FilesAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxUpload }, ct);
        var files = new List<(string, byte[])>();
        foreach (var file in form.Files.Where(f => f.Length > 0))
        {
            using var memory = new MemoryStream();
            await file.CopyToAsync(memory, ct);
            files.Add((Path.GetFileName(file.FileName), memory.ToArray()));
        }

        return files.Count == 0 ? null : files;
    }
}
