using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Encaisse.Tests.EInvoicing;

/// <summary>
/// A local stand-in for a platform's flow service in the shape of AFNOR XP Z12-013 (Kestrel on 127.0.0.1, free port):
/// <c>POST /v1/flows</c> takes a flow and answers its id — the same id for the same <c>Idempotency-Key</c>, as a platform
/// honouring the key does; <c>POST /v1/flows/search</c> answers the exchange files of Fixtures/EInvoice/platform
/// (search.json, kept to the flows updated after <c>where.updatedAfter</c>); <c>GET /v1/flows/{id}</c> answers the flow's
/// file. <see cref="FailNext"/> gives the platform's bad days (a status answered once per route before the normal one).
/// </summary>
internal sealed class PlatformServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> flowsByKey = new(StringComparer.Ordinal);

    private PlatformServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Every request, as "METHOD path", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The files submitted (name, idempotency key, body).</summary>
    public ConcurrentQueue<(string Key, string Body)> Submitted { get; } = new();

    /// <summary>Route ("submit", "search", "download") → status answered once before the normal answer.</summary>
    public ConcurrentDictionary<string, int> FailNext { get; } = new(StringComparer.Ordinal);

    public static async Task<PlatformServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PlatformServer? server = null;
        app.MapPost("/v1/flows", async (HttpContext context) =>
        {
            server!.Requests.Enqueue("POST /v1/flows");
            if (server.Fails("submit") is { } failure)
            {
                return failure;
            }

            var form = await context.Request.ReadFormAsync();
            var key = context.Request.Headers["Idempotency-Key"].ToString();
            using var reader = new StreamReader(form.Files["file"]!.OpenReadStream());
            var body = await reader.ReadToEndAsync();
            var id = server.flowsByKey.GetOrAdd(key, _ =>
            {
                server.Submitted.Enqueue((key, body));
                return Guid.NewGuid().ToString();
            });
            return Results.Json(new { flowId = id, trackingId = key, flowDirection = "Out", flowSyntax = "CDAR" }, statusCode: 202);
        });
        app.MapPost("/v1/flows/search", async (HttpContext context) =>
        {
            server!.Requests.Enqueue("POST /v1/flows/search");
            if (server.Fails("search") is { } failure)
            {
                return failure;
            }

            using var query = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body);
            var after = query.RootElement.GetProperty("where").GetProperty("updatedAfter").GetString()!;
            using var recorded = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Fixture("search.json")));
            var kept = recorded.RootElement.GetProperty("results").EnumerateArray()
                .Where(r => string.CompareOrdinal(r.GetProperty("updatedAt").GetString(), after) > 0)
                .Select(r => r.Clone()).ToList();
            return Results.Json(new { limit = 500, results = kept });
        });
        app.MapGet("/v1/flows/{id}", (string id, HttpContext context) =>
        {
            server!.Requests.Enqueue($"GET /v1/flows/{id}?docType={context.Request.Query["docType"]}");
            if (server.Fails("download") is { } failure)
            {
                return failure;
            }

            var path = Fixture(id + ".xml");
            return File.Exists(path) ? Results.Bytes(File.ReadAllBytes(path), "application/xml") : Results.NotFound();
        });
        await app.StartAsync();
        server = new PlatformServer(app, new Uri(app.Urls.First()));
        return server;
    }

    private IResult? Fails(string route) =>
        FailNext.TryRemove(route, out var status) ? Results.Json(new { errorCode = "UNAVAILABLE", errorMessage = "PDP temporarily unavailable" }, statusCode: status) : null;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "EInvoice", "platform", name);
}
