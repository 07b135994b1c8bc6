using System.Net.Http.Headers;
using Encaisse.Ledger;
using Encaisse.Web;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Builder;

namespace Encaisse.Tests.Support;

/// <summary>
/// The real server (Kestrel on a free loopback port) over a <see cref="TestDatabase"/>, with a tenant and an
/// API key; <see cref="Api"/> sends the key. Also the base for browser tests (<see cref="BaseAddress"/>).
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(TestDatabase database, WebApplication app, Tenant tenant, HttpClient api, Uri baseAddress)
    {
        Database = database;
        App = app;
        Tenant = tenant;
        Api = api;
        BaseAddress = baseAddress;
    }

    public TestDatabase Database { get; }
    public WebApplication App { get; }
    public Tenant Tenant { get; }
    public HttpClient Api { get; }
    public Uri BaseAddress { get; }

    public static async Task<TestServer> StartAsync(string provider, TimeProvider? clock = null, Func<ServerOptions, ServerOptions>? adjust = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var (key, clear) = ApiKey.Issue(tenant.Id, "tests", DateTimeOffset.UtcNow);
        await using (var db = database.For(tenant))
        {
            db.Add(key);
            await db.SaveChangesAsync();
        }

        var options = new ServerOptions(database.Target, "http://127.0.0.1:0")
        {
            Clock = clock ?? TimeProvider.System,
            RunScheduler = false,
        };
        var app = EncaisseServer.Build(adjust is null ? options : adjust(options));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var api = new HttpClient { BaseAddress = address };
        api.DefaultRequestHeaders.Add("X-Api-Key", clear);
        api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return new TestServer(database, app, tenant, api, address);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
