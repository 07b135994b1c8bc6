using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Storage;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16: back-office handlers scoped to the tenant; API keys and portal links that expire and can be revoked.</summary>
public sealed partial class TenantScopeAndRevocationTests
{
    private static HttpClient Client(TestServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiForgery().Match(await client.GetStringAsync(path)).Groups[1].Value;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Handlers_on_another_tenants_customer_answer_404_and_write_nothing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var other = await server.Database.AddTenantAsync("other");
        var foreign = await DunningTestData.AddCustomerAsync(server.Database, other, "411FOREIGN");
        var invoice = await DunningTestData.AddInvoiceAsync(server.Database, other, foreign, "FA-FOREIGN-1", WebSeed.Today.AddDays(-40), 100m);

        using var client = Client(server);
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = "marie", ["password"] = WebSeed.Password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        }));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var token = await TokenAsync(client, $"/customers/{seed.Dupont.Id}");
        var before = await CountsAsync(server.Database.Factory);

        var posts = new Dictionary<string, Dictionary<string, string>>
        {
            ["Call"] = new() { ["outcome"] = "reached", ["note"] = "x" },
            ["PortalLink"] = new(),
            ["PortalRevoke"] = new(),
            ["Hold"] = new() { ["reason"] = "x" },
            ["Promise"] = new() { ["amount"] = "10", ["date"] = "2026-04-01" },
            ["Dispute"] = new() { ["invoiceId"] = invoice.Id.ToString(), ["reason"] = "Quality" },
        };
        foreach (var (handler, fields) in posts)
        {
            fields["__RequestVerificationToken"] = token;
            var post = await client.PostAsync($"/customers/{foreign.Id}?handler={handler}", new FormUrlEncodedContent(fields));
            post.StatusCode.ShouldBe(HttpStatusCode.NotFound, handler);
        }

        (await CountsAsync(server.Database.Factory)).ShouldBe(before);
        await using var db = server.Database.Factory.Create();

        // The same handler on the tenant's own customer works.
        var own = await client.PostAsync($"/customers/{seed.Dupont.Id}?handler=PortalLink", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        own.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await db.Set<PortalLink>().IgnoreQueryFilters().CountAsync()).ShouldBe(before.Links + 1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_keys_expire_and_are_revoked_through_the_api(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        IssuedApiKey shortLived, leaked;
        await using (var db = server.Database.For(server.Tenant))
        {
            shortLived = (await ApiKeys.IssueAsync(db, "ci", 1, false, clock.GetUtcNow(), default)).Value;
            leaked = (await ApiKeys.IssueAsync(db, "leaked", 30, false, clock.GetUtcNow(), default)).Value;
            (await ApiKeys.IssueAsync(db, "forever", 0, false, clock.GetUtcNow(), default)).Error!.Code.ShouldBe("apikey.days");
        }

        using var withShort = new HttpClient { BaseAddress = server.BaseAddress };
        withShort.DefaultRequestHeaders.Add("X-Api-Key", shortLived.Clear);
        using var withLeaked = new HttpClient { BaseAddress = server.BaseAddress };
        withLeaked.DefaultRequestHeaders.Add("X-Api-Key", leaked.Clear);
        (await withShort.GetAsync("/api/v1/apikeys")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await withLeaked.GetAsync("/api/v1/apikeys")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/apikeys");
        list.EnumerateArray().Select(k => k.GetProperty("name").GetString()).ShouldContain("leaked");
        list.ToString().ShouldNotContain(leaked.Clear);

        var revoke = await server.Api.PostAsync($"/api/v1/apikeys/{leaked.Key.Prefix}/revoke", null);
        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await withLeaked.GetAsync("/api/v1/apikeys")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await server.Api.PostAsync($"/api/v1/apikeys/{leaked.Key.Id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await server.Api.PostAsync("/api/v1/apikeys/enc_nothing/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        (await withShort.GetAsync("/api/v1/apikeys")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var states = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/apikeys");
        states.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "ci").GetProperty("state").GetString().ShouldBe("expired");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_lists_and_revokes_api_keys_and_portal_links(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411REVOKE");
        var db = CliProcess.DbArgument(database);

        var created = await CliProcess.RunAsync("apikey", "create", "--name", "erp", "--days", "90", "--json", "--db", db);
        created.ExitCode.ShouldBe(0, created.Stderr);
        var prefix = JsonDocument.Parse(created.Stdout).RootElement.GetProperty("key").GetString()![..12];
        var listed = await CliProcess.RunAsync("apikey", "list", "--db", db);
        listed.Stdout.ShouldContain(prefix + "\tactive\terp");
        (await CliProcess.RunAsync("apikey", "revoke", prefix, "--db", db)).ExitCode.ShouldBe(0);
        (await CliProcess.RunAsync("apikey", "list", "--db", db)).Stdout.ShouldContain(prefix + "\trevoked\terp");
        var again = await CliProcess.RunAsync("apikey", "revoke", prefix, "--db", db);
        again.ExitCode.ShouldBe(1);
        again.Stderr.ShouldContain("already revoked");
        (await CliProcess.RunAsync("apikey", "create", "--days", "5000", "--db", db)).ExitCode.ShouldBe(2);

        (await CliProcess.RunAsync("portal", "link", "411REVOKE", "--db", db)).ExitCode.ShouldBe(0);
        var revoked = await CliProcess.RunAsync("portal", "revoke", "411REVOKE", "--json", "--db", db);
        revoked.ExitCode.ShouldBe(0, revoked.Stderr);
        JsonDocument.Parse(revoked.Stdout).RootElement.GetProperty("revoked").GetInt32().ShouldBe(1);
        await using var check = database.For(tenant);
        (await check.Set<PortalLink>().Where(l => l.CustomerId == customer.Id).Select(l => l.RevokedAt).SingleAsync()).ShouldNotBeNull();
    }

    private static async Task<(int Links, int Holds, int Promises, int Disputes, int Tasks)> CountsAsync(DatabaseFactory factory)
    {
        await using var db = factory.Create();
        return (await db.Set<PortalLink>().IgnoreQueryFilters().CountAsync(), await db.Set<DunningHold>().IgnoreQueryFilters().CountAsync(),
            await db.Set<PromiseToPay>().IgnoreQueryFilters().CountAsync(), await db.Set<Dispute>().IgnoreQueryFilters().CountAsync(),
            await db.Set<CollectionTask>().IgnoreQueryFilters().CountAsync());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
