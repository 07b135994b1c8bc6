using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Legal;

[Collection("Console")]
public sealed class ReferenceRateStoreTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_is_idempotent_and_keeps_overrides(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.Create())
        {
            (await db.Set<ReferenceRateRow>().CountAsync()).ShouldBe(23);
            await ReferenceRateStore.SetAsync(db, new ReferenceRate(HalfYear.Parse("2026H2"), 2.00m, 6.40m, 2.45m), DateTimeOffset.UtcNow);
            await ReferenceRateStore.SetAsync(db, new ReferenceRate(HalfYear.Parse("2026H1"), 2.15m, 6.67m, 2.60m), DateTimeOffset.UtcNow);
        }

        await database.Factory.MigrateAsync();
        await using (var db = database.Factory.Create())
        {
            (await db.Set<ReferenceRateRow>().CountAsync()).ShouldBe(24);
            var table = await ReferenceRateStore.LoadAsync(db);
            table.For(HalfYear.Parse("2026H2")).DefaultPenaltyRate.ShouldBe(12.00m);
            table.For(HalfYear.Parse("2026H1")).LegalRateOther.ShouldBe(2.60m);
            table.For(HalfYear.Parse("2026H1")).Source.ShouldBe("override");
            table.For(HalfYear.Parse("2024H1")).ContractualFloor.ShouldBe(15.21m);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_sets_a_half_year_that_penalties_then_use(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var db = database.Target.ConnectionString;
        var dbArg = provider == "sqlite" ? "sqlite:" + db.Replace("Data Source=", "", StringComparison.Ordinal) : db;

        var (setExit, setOut, setErr) = await LegalCli.RunAsync("rates", "set", "--half-year", "2026H2", "--ecb", "2.00", "--legal-pro", "6.40", "--legal-other", "2.45", "--db", dbArg, "--json");
        setErr.ShouldBeEmpty();
        setExit.ShouldBe(0);
        JsonDocument.Parse(setOut).RootElement[0].GetProperty("defaultPenaltyRate").GetDecimal().ShouldBe(12.00m);

        var (exit, stdout, _) = await LegalCli.RunAsync("legal", "penalty", "--amount", "10000.00", "--due", "2026-06-15", "--paid", "2026-07-15", "--db", dbArg, "--json");
        exit.ShouldBe(0);
        var periods = JsonDocument.Parse(stdout).RootElement.GetProperty("periods").EnumerateArray().ToList();
        periods.Select(p => p.GetProperty("annualRate").GetDecimal()).ShouldBe([12.15m, 12.00m]);

        var (listExit, listOut, _) = await LegalCli.RunAsync("rates", "list", "--db", dbArg, "--json");
        listExit.ShouldBe(0);
        JsonDocument.Parse(listOut).RootElement.GetArrayLength().ShouldBe(24);

        var (badExit, _, badErr) = await LegalCli.RunAsync("rates", "set", "--half-year", "2026H3", "--ecb", "2", "--legal-pro", "6", "--legal-other", "2", "--db", dbArg);
        badExit.ShouldBe(2);
        badErr.ShouldContain("2026H3");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_lists_and_sets_rates(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var list = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/rates");
        list.GetArrayLength().ShouldBe(23);

        var missing = await server.Api.GetAsync("/api/v1/rates/2026H2");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("encaisse rates set");

        // Rates are shared by all tenants: a tenant's ordinary key may read them, not change them.
        var refused = await server.Api.PutAsJsonAsync("/api/v1/rates/2026H2", new { ecb = 2.00m, legalPersonal = 6.40m, legalOther = 2.45m });
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Administrator key required");
        problem.GetProperty("detail").GetString()!.ShouldContain("encaisse apikey create --admin");
        (await server.Api.GetAsync("/api/v1/rates/2026H2")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var admin = await AdminClientAsync(server);
        var put = await admin.PutAsJsonAsync("/api/v1/rates/2026H2", new { ecb = 2.00m, legalPersonal = 6.40m, legalOther = 2.45m });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        var saved = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/rates/2026H2");
        saved.GetProperty("contractualFloor").GetDecimal().ShouldBe(7.35m);
        saved.GetProperty("source").GetString().ShouldBe("override");

        var bad = await admin.PutAsJsonAsync("/api/v1/rates/2026H2", new { ecb = 215m, legalPersonal = 6.40m, legalOther = 2.45m });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Apikey_create_admin_makes_a_key_that_may_set_rates(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var db = server.Database.Target.Provider == Encaisse.Storage.DatabaseProvider.Sqlite
            ? "sqlite:" + server.Database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
            : server.Database.Target.ConnectionString;
        var (exit, output, _) = await LegalCli.RunAsync("apikey", "create", "--name", "operator", "--admin", "--db", db, "--tenant", server.Tenant.Code, "--json");
        exit.ShouldBe(0);
        var created = JsonDocument.Parse(output).RootElement;
        created.GetProperty("administrator").GetBoolean().ShouldBeTrue();
        (exit, output, _) = await LegalCli.RunAsync("apikey", "create", "--name", "erp", "--db", db, "--tenant", server.Tenant.Code, "--json");
        exit.ShouldBe(0);
        var plain = JsonDocument.Parse(output).RootElement;
        plain.GetProperty("administrator").GetBoolean().ShouldBeFalse();

        foreach (var (key, expected) in new[] { (plain.GetProperty("key").GetString()!, HttpStatusCode.Forbidden), (created.GetProperty("key").GetString()!, HttpStatusCode.OK) })
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            (await client.GetAsync("/api/v1/rates")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.PutAsJsonAsync("/api/v1/rates/2026H2", new { ecb = 2.00m, legalPersonal = 6.40m, legalOther = 2.45m })).StatusCode.ShouldBe(expected);
        }
    }

    private static async Task<HttpClient> AdminClientAsync(TestServer server)
    {
        var (key, clear) = Encaisse.Web.Api.ApiKey.Issue(server.Tenant.Id, "operator", DateTimeOffset.UtcNow, administrator: true);
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(key);
            await db.SaveChangesAsync();
        }

        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", clear);
        return client;
    }
}
