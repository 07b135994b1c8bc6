using Encaisse.Cli;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Mvc;

namespace Encaisse.Formats.Api;

/// <summary><c>POST /api/v1/imports/{kind}</c>: multipart upload of a file (field "file"), returns the import report.</summary>
public static class ImportApi
{
    private const long MaxUpload = 2L * 1024 * 1024 * 1024;

    public static void MapImportApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/imports/{kind}", ImportAsync).DisableAntiforgery();
    }

    private static async Task<IResult> ImportAsync(string kind, [FromQuery] bool? skipInvalid, HttpRequest request, DatabaseFactory database,
        RequestTenant tenant, TimeProvider clock, CancellationToken ct)
    {
        if (!Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var importKind) || int.TryParse(kind, out _))
        {
            return Results.Problem(statusCode: 404, title: "Unknown import kind", detail: $"'{kind}' is not one of customers, invoices, payments, fec.");
        }

        if (!request.HasFormContentType)
        {
            return Results.Problem(statusCode: 400, title: "Multipart upload expected", detail: "Send the file as multipart/form-data in a field named 'file'.");
        }

        // A year of invoices is easily over Kestrel's 30 MB default body limit: allow up to 2 GB here.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUpload;
        }

        var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxUpload }, ct);
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null || file.Length == 0)
        {
            return Results.Problem(statusCode: 400, title: "No file", detail: "Send the file as multipart/form-data in a field named 'file'.");
        }

        // Spool to a temporary file: the readers need a seekable stream and large uploads must not sit in memory.
        var temp = Path.Combine(Path.GetTempPath(), "encaisse-import-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(target, ct);
            }

            ImportReport report;
            var startedAt = clock.GetUtcNow();
            await using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                report = await LedgerImport.RunAsync(database, tenant.Required, importKind, file.FileName, stream,
                    new ImportOptions { SkipInvalid = skipInvalid ?? false }, clock, ct);
            }

            var actor = request.Headers["X-Actor"].FirstOrDefault();
            await Runs.ImportRuns.RecordAsync(database, tenant.Required.Id, string.IsNullOrWhiteSpace(actor) ? "api" : actor.Trim(), file.FileName, file.Length,
                startedAt, report, clock.GetUtcNow(), ct);
            return Results.Json(report, Encaisse.Operations.JsonShape.Options, statusCode: report.Written ? 200 : 422);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
