using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Encaisse.Tests.Legal.Rates;

/// <summary>
/// A local stand-in for the ECB Data Portal and the legal interest rates export (Kestrel on 127.0.0.1, free port)
/// replaying the recorded answers of Fixtures/Legal/rates. The ECB route keeps only the observations from
/// <c>startPeriod</c> on, as the real service does. Knobs give the services' bad days: an HTTP status, a slow answer,
/// another recorded file.
/// </summary>
internal sealed class RateSourceServer : IAsyncDisposable
{
    public const string EcbPath = "/service/data/FM/D.U2.EUR.4F.KR.MRR_FR.LEV";
    public const string LegalPath = "/api/explore/v2.1/catalog/datasets/taux-de-linteret-legal-depuis-2011/exports/csv";

    private readonly WebApplication app;

    private RateSourceServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Uri EcbUrl => new(Address, EcbPath);

    public Uri LegalUrl => new(Address, LegalPath + "?delimiter=%3B");

    public ConcurrentQueue<string> Requests { get; } = new();

    public string EcbFile { get; set; } = "ecb-mro.csv";

    public string LegalFile { get; set; } = "legal-rates-2026H2.csv";

    public int EcbStatus { get; set; } = 200;

    public int LegalStatus { get; set; } = 200;

    public TimeSpan EcbDelay { get; set; }

    public static async Task<RateSourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        RateSourceServer? server = null;
        app.MapGet(EcbPath, async (HttpContext context) =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            if (server.EcbDelay > TimeSpan.Zero)
            {
                await Task.Delay(server.EcbDelay, context.RequestAborted);
            }

            if (server.EcbStatus != 200)
            {
                return Results.Text("<html><body>Internal Server Error</body></html>", "text/html", statusCode: server.EcbStatus);
            }

            var start = context.Request.Query["startPeriod"].ToString();
            var lines = File.ReadAllLines(Fixture(server.EcbFile));
            // Rows hold their day in TIME_PERIOD (9th column); the header and unreadable rows are kept as recorded.
            var kept = lines.Where((line, i) => i == 0 || start.Length == 0 || line.Split(',').Length < 10
                || string.CompareOrdinal(line.Split(',')[8], start) >= 0);
            return Results.Text(string.Join("\r\n", kept) + "\r\n", "text/csv; charset=utf-8");
        });
        app.MapGet(LegalPath, (HttpContext context) =>
        {
            server!.Requests.Enqueue(context.Request.Path + context.Request.QueryString);
            return server.LegalStatus != 200
                ? Results.Text("{\"error_code\":\"InternalError\"}", "application/json", statusCode: server.LegalStatus)
                : Results.Text(File.ReadAllText(Fixture(server.LegalFile)), "text/csv; charset=utf-8");
        });
        await app.StartAsync();
        server = new RateSourceServer(app, new Uri(app.Urls.First()));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Legal", "rates", name);
}
