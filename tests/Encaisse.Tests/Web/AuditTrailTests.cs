using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Encaisse.Audit;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16, audit trail: who changed what, when, from where, before and after; append-only; outlives its object.</summary>
public sealed partial class AuditTrailTests
{
    private static HttpClient Client(TestServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiForgery().Match(await client.GetStringAsync(path)).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    private static async Task SetLimitWithoutActorAsync(TestServer server, Guid customerId, long minor)
    {
        await using var db = server.Database.For(server.Tenant);
        var customer = await db.Customers.SingleAsync(c => c.Id == customerId);
        customer.CreditLimitMinor = minor;
        customer.VatNumber = null; // the seed's number does not match its SIREN, which a PUT would refuse
        await db.SaveChangesAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_credit_limit_cut_through_the_api_and_the_page_is_found_with_before_and_after(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SetLimitWithoutActorAsync(server, seed.Dupont.Id, 14_500_000);
        // The system's own writes (no actor) are not in the trail.
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/audit?customer=411DUPONT")).GetArrayLength().ShouldBe(0);

        // 1. Through the API: 145,000 -> 5,000.
        var put = await server.Api.PutAsJsonAsync("/api/v1/customers/411DUPONT", new { legalName = "Dupont Matériaux SARL", creditLimit = 5000m });
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());

        // 2. Through the page, by a credit manager: back to 145,000 quietly, then cut to 5,000 again.
        await SetLimitWithoutActorAsync(server, seed.Dupont.Id, 14_500_000);
        using var client = Client(server);
        var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = "claire", ["password"] = WebSeed.Password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        }));
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var token = await TokenAsync(client, $"/customers/{seed.Dupont.Id}");
        var post = await client.PostAsync($"/customers/{seed.Dupont.Id}?handler=CreditLimit",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["limit"] = "5 000", ["__RequestVerificationToken"] = token }));
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var entries = (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/audit?customer=411DUPONT")).EnumerateArray().ToList();
        var cuts = entries.Where(e => e.GetProperty("after").ValueKind == JsonValueKind.Object && e.GetProperty("after").TryGetProperty("CreditLimitMinor", out _)).ToList();
        cuts.Count.ShouldBe(2);
        foreach (var cut in cuts)
        {
            cut.GetProperty("before").GetProperty("CreditLimitMinor").GetInt64().ShouldBe(14_500_000);
            cut.GetProperty("after").GetProperty("CreditLimitMinor").GetInt64().ShouldBe(500_000);
            cut.GetProperty("objectType").GetString().ShouldBe("customer");
            cut.GetProperty("customerRef").GetString().ShouldBe("411DUPONT");
            cut.GetProperty("remoteAddress").GetString().ShouldBe("127.0.0.1");
        }

        var byKey = cuts.Single(e => e.GetProperty("actorKind").GetString() == AuditActor.ApiKey);
        byKey.GetProperty("action").GetString().ShouldBe("customer.updated");
        var byPerson = cuts.Single(e => e.GetProperty("actorKind").GetString() == AuditActor.User);
        byPerson.GetProperty("actorId").GetString().ShouldBe("claire");
        byPerson.GetProperty("action").GetString().ShouldBe("customer.creditLimit");

        // The customer page shows both, and the object filter finds them too.
        var page = await client.GetStringAsync($"/customers/{seed.Dupont.Id}");
        page.ShouldContain("data-action=\"customer.creditLimit\"");
        page.ShouldContain("data-action=\"customer.updated\"");
        page.ShouldContain("14500000");
        var byObject = await server.Api.GetFromJsonAsync<JsonElement>($"/api/v1/audit?type=customer&object={seed.Dupont.Id}");
        byObject.GetArrayLength().ShouldBe(2);
        (await server.Api.GetAsync("/api/v1/audit?customer=NOBODY")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A read-only user cannot change the limit.
        using var reader = Client(server);
        await reader.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = "lecture", ["password"] = WebSeed.Password, ["__RequestVerificationToken"] = await TokenAsync(reader, "/login"),
        }));
        var refused = await reader.PostAsync($"/customers/{seed.Dupont.Id}?handler=CreditLimit",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["limit"] = "1", ["__RequestVerificationToken"] = await TokenAsync(reader, $"/customers/{seed.Dupont.Id}") }));
        refused.Headers.Location?.ToString().ShouldNotContain($"/customers/{seed.Dupont.Id}");
        await using var check = server.Database.For(server.Tenant);
        (await check.Customers.Where(c => c.Id == seed.Dupont.Id).Select(c => c.CreditLimitMinor).SingleAsync()).ShouldBe(500_000);
        (await check.Set<AuditEntry>().CountAsync()).ShouldBe(entries.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_records_its_changes_and_lists_them_as_json(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            db.Customers.Add(new Customer { TenantId = tenant.Id, ExternalRef = "411CLI", LegalName = "Cli SA", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var dbArg = CliProcess.DbArgument(database);
        var created = await ConsoleCapture.RunCliAsync("apikey", "create", "--name", "erp", "--db", dbArg);
        created.Exit.ShouldBe(0, created.Err);
        var (exit, output, error) = await ConsoleCapture.RunCliAsync("portal", "link", "411CLI", "--db", dbArg);
        exit.ShouldBe(0, error);
        (exit, output, error) = await ConsoleCapture.RunCliAsync("portal", "revoke", "411CLI", "--db", dbArg);
        exit.ShouldBe(0, error);

        (exit, output, error) = await ConsoleCapture.RunCliAsync("audit", "list", "--customer", "411CLI", "--json", "--db", dbArg);
        exit.ShouldBe(0, error);
        var entries = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("action").GetString()).ShouldBe(["portal_link.revoked", "portal_link.created"]);
        entries.ShouldAllBe(e => e.GetProperty("actorKind").GetString() == AuditActor.Cli);
        // Secrets never reach the trail: the link's token hash is masked.
        entries[1].GetProperty("after").GetProperty("TokenHash").GetString().ShouldBe("***");

        (exit, output, error) = await ConsoleCapture.RunCliAsync("audit", "list", "--type", "api_key", "--json", "--db", dbArg);
        exit.ShouldBe(0, error);
        var key = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        key.GetProperty("action").GetString().ShouldBe("api_key.created");
        key.GetProperty("after").GetProperty("Hash").GetString().ShouldBe("***");
        (await ConsoleCapture.RunCliAsync("audit", "list", "--customer", "NOBODY", "--db", dbArg)).Exit.ShouldBe(2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_cannot_be_updated_or_deleted_and_outlive_what_they_describe(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        Guid customerId;
        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.User, "marie", "10.0.0.7");
            var customer = new Customer { TenantId = tenant.Id, ExternalRef = "411GONE", LegalName = "Gone SAS", CreatedAt = DateTimeOffset.UtcNow };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            customerId = customer.Id;
            db.Customers.Remove(customer);
            await db.SaveChangesAsync();
        }

        await using (var db = database.For(tenant))
        {
            (await db.Customers.AnyAsync(c => c.Id == customerId)).ShouldBeFalse();
            var entries = await AuditTrail.ListAsync(db, customerId, null, null, 10, default);
            entries.Select(e => e.Action).ShouldBe(["customer.deleted", "customer.created"], ignoreOrder: true);
            entries.Single(e => e.Action == "customer.deleted").Before!.ShouldContain("Gone SAS");
            // Found by the deleted customer's reference too.
            (await AuditQueries.ListAsync(db, "411GONE", null, null, 10, default)).Value.Count.ShouldBe(2);

            // The database refuses to alter or remove an entry, whoever asks.
            await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET action = 'nothing'"));
            await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET actor_id = 'someone else', redacted_at = at"));
            await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));
            if (provider == "postgres")
            {
                await Should.ThrowAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));
            }

            // Through EF as well.
            var entry = await db.Set<AuditEntry>().FirstAsync();
            db.Remove(entry);
            await Should.ThrowAsync<Exception>(() => db.SaveChangesAsync());
        }

        await using (var check = database.For(tenant))
        {
            (await check.Set<AuditEntry>().CountAsync()).ShouldBe(2);
            (await check.Set<AuditEntry>().CountAsync(e => e.Action == "nothing" || e.ActorId != "marie")).ShouldBe(0);
        }
    }
}
