using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Encaisse.Tests.Risk;

/// <summary>
/// A local stand-in for the API Recherche d'entreprises and BODACC (Kestrel on 127.0.0.1, free port) that
/// replays the recorded answers of Fixtures/Risk. Knobs simulate the services' bad days: a first answer 429,
/// a slow answer, a 503.
/// </summary>
internal sealed partial class ReplayServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ReplayServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Number of 429 answers to give before answering normally.</summary>
    public int TooManyRequestsFirst { get; set; }

    public TimeSpan Delay { get; set; }

    public bool Unavailable { get; set; }

    public static async Task<ReplayServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ReplayServer? server = null;
        app.Use(async (context, next) =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (server.Unavailable)
            {
                context.Response.StatusCode = 503;
                return;
            }

            if (server.TooManyRequestsFirst > 0)
            {
                server.TooManyRequestsFirst--;
                context.Response.StatusCode = 429;
                await context.Response.WriteAsync("<html>429 Too Many Requests</html>");
                return;
            }

            if (server.Delay > TimeSpan.Zero)
            {
                await Task.Delay(server.Delay, context.RequestAborted);
            }

            await next(context);
        });
        app.MapGet("/search", (string q) => Fixture($"recherche-{q[..Math.Min(9, q.Length)]}.json", """{"results":[],"total_results":0,"page":1,"per_page":1,"total_pages":0}"""));
        app.MapGet("/api/explore/v2.1/catalog/datasets/annonces-commerciales/records", (string where) =>
        {
            var siren = SirenInWhere().Match(where);
            // Collective notices, or every publication about the SIREN (the onboarding check's "recent publications"): the same records.
            return siren.Success
                ? Fixture($"bodacc-{siren.Groups[1].Value}.json", """{"total_count":0,"results":[]}""")
                : Results.BadRequest();
        });
        await app.StartAsync();
        server = new ReplayServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static IResult Fixture(string name, string empty)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Risk", name);
        return Results.Text(File.Exists(path) ? File.ReadAllText(path) : empty, "application/json; charset=utf-8");
    }

    [GeneratedRegex("""search\(registre, "(\d{9})"\)""")]
    private static partial Regex SirenInWhere();
}
