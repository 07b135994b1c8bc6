using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

/// <summary>The legal verbs and endpoints over a stored ledger, on SQLite and PostgreSQL.</summary>
[Collection("Console")]
public sealed class LegalLedgerTests
{
    private static async Task SeedAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        var stored = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        var sample = LegalSamples.Tenant();
        stored.Siren = sample.Siren;
        stored.VatNumber = sample.VatNumber;
        stored.Address = sample.Address;
        stored.Iban = sample.Iban;
        var legal = Case();
        foreach (var entity in new object[] { legal.Customer }.Concat(legal.Invoices).Concat(legal.Allocations))
        {
            switch (entity)
            {
                case Customer c: c.TenantId = tenant.Id; break;
                case Invoice i: i.TenantId = tenant.Id; break;
                case Allocation a: a.TenantId = tenant.Id; a.PaymentId = null; break;
            }

            db.Add(entity);
        }

        var old = Invoice(legal.Customer, "FA-2020-900", "2020-11-01", "2020-12-15", 500m);
        old.TenantId = tenant.Id;
        db.Add(old);
        await db.SaveChangesAsync();
    }

    private static string DbArg(TestDatabase database) => database.Target.Provider == DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
        : database.Target.ConnectionString;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_writes_the_documents_from_the_stored_ledger(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await SeedAsync(database, tenant);
        var dir = Path.Combine(Path.GetTempPath(), "encaisse-legal-" + Guid.NewGuid().ToString("N"));
        var db = DbArg(database);

        var (exit, stdout, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--output", Path.Combine(dir, "n.pdf"),
            "--as-of", "2025-07-15", "--db", db, "--json");
        stderr.ShouldNotContain("encaisse:");
        stderr.ShouldContain("first half of 2024"); // the old invoice crosses the 2024 half-years where 3 × legal rate > default rate
        exit.ShouldBe(0);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("total").GetDecimal().ShouldBe(11000m + 500m + 120.49m + json.GetProperty("lines")[0].GetProperty("interest").GetDecimal() + 120m);
        var text = Text(await File.ReadAllBytesAsync(Path.Combine(dir, "n.pdf")));
        text.ShouldContain("FA-2020-900");
        text.ShouldContain("103,97 €");

        (exit, _, stderr) = await LegalCli.RunAsync("legal", "statement", "--customer", "411DUPONT", "--output", Path.Combine(dir, "s.pdf"), "--as-of", "2025-07-15", "--db", db);
        stderr.ShouldNotContain("encaisse:");
        exit.ShouldBe(0);
        Text(await File.ReadAllBytesAsync(Path.Combine(dir, "s.pdf"))).ShouldContain("54,04 €");

        (exit, _, _) = await LegalCli.RunAsync("legal", "payment-order", "--customer", "411DUPONT", "--output", Path.Combine(dir, "ip.pdf"),
            "--json-output", Path.Combine(dir, "ip.json"), "--as-of", "2025-07-15", "--db", db);
        exit.ShouldBe(0);
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "ip.json"))).RootElement;
        file.GetProperty("court").GetProperty("type").GetString().ShouldBe("tribunal-des-activites-economiques");
        file.GetProperty("principal").GetDecimal().ShouldBe(11500m);
        Text(await File.ReadAllBytesAsync(Path.Combine(dir, "ip.pdf"))).ShouldContain("Bordereau");

        (exit, stdout, _) = await LegalCli.RunAsync("legal", "proof-of-claim", "--customer", "411DUPONT", "--publication-date", "2025-07-10",
            "--opened-on", "2025-07-01", "--output", Path.Combine(dir, "dc.pdf"), "--db", db, "--json");
        exit.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("deadline").GetString().ShouldBe("2025-09-10");
        Text(await File.ReadAllBytesAsync(Path.Combine(dir, "dc.pdf"))).ShouldContain("10/09/2025");

        (exit, stdout, _) = await LegalCli.RunAsync("legal", "prescription", "--as-of", "2025-10-01", "--db", db, "--json");
        exit.ShouldBe(0);
        var alert = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        alert.GetProperty("invoice").GetString().ShouldBe("FA-2020-900");
        alert.GetProperty("expiresOn").GetString().ShouldBe("2025-12-15");
        alert.GetProperty("state").GetString().ShouldBe("alert");

        (exit, _, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "NOBODY", "--output", Path.Combine(dir, "x.pdf"), "--db", db);
        exit.ShouldBe(2);
        stderr.ShouldContain("NOBODY");
        Directory.Delete(dir, recursive: true);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_policy_refuses_a_rate_below_the_floor_and_applies_to_claims(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await SeedAsync(database, tenant);
        var db = DbArg(database);
        // Today's half-year floor is at most 3 × 2.62 = 7.86 %: 5 % is refused, 15 % accepted.
        var (exit, _, stderr) = await LegalCli.RunAsync("legal", "policy", "set", "--rate", "1.5", "--db", db);
        exit.ShouldBe(2);
        stderr.ShouldContain("floor");
        stderr.ShouldContain("[legal.rate.belowFloor]");
        (exit, _, stderr) = await LegalCli.RunAsync("legal", "policy", "set", "--customer", "411DUPONT", "--rate", "15", "--db", db);
        stderr.ShouldBeEmpty();
        exit.ShouldBe(0);
        var output = Path.Combine(Path.GetTempPath(), "encaisse-docs", "policy.pdf");
        // FA-2020-900 is late through 2024H1, where 15 % is below the floor (15.21 %): the computation stops.
        (exit, _, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--output", output, "--as-of", "2025-07-15", "--db", db, "--json");
        exit.ShouldBe(1);
        stderr.ShouldContain("first half of 2024");
        stderr.ShouldContain("[legal.rate.belowFloor]");
        (exit, _, _) = await LegalCli.RunAsync("legal", "policy", "set", "--customer", "411DUPONT", "--rate", "16", "--db", db);
        exit.ShouldBe(0);
        var (_, stdout, _) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--output", output, "--as-of", "2025-07-15", "--db", db, "--json");
        var line = JsonDocument.Parse(stdout).RootElement.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("number").GetString() == "FA-2025-001");
        line.GetProperty("interest").GetDecimal().ShouldBe(131.51m); // 10,000 × 16 % × 30 / 365
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_returns_pdfs_claims_and_mentions(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await SeedAsync(server.Database, server.Tenant);

        var notice = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/notice?asOf=2025-07-15");
        notice.StatusCode.ShouldBe(HttpStatusCode.OK);
        notice.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        Text(await notice.Content.ReadAsByteArrayAsync()).ShouldContain("Mise en demeure");

        foreach (var path in new[] { "statement?asOf=2025-07-15", "payment-order?asOf=2025-07-15", "proof-of-claim?publicationDate=2025-07-10&openedOn=2025-07-01",
                     "notice?asOf=2025-07-15&agencyName=Recouvrex&agencyAddress=5%20quai%20Perrache,%2069002%20Lyon" })
        {
            var response = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/" + path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }

        var order = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/customers/411DUPONT/payment-order?asOf=2025-07-15&format=json");
        order.GetProperty("principal").GetDecimal().ShouldBe(11500m);

        var claim = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/customers/411DUPONT/claim?asOf=2025-07-15");
        claim.GetProperty("indemnity").GetDecimal().ShouldBe(120m);
        claim.GetProperty("lines").GetArrayLength().ShouldBe(3);

        // A half-year whose rate is not published yet: the notice goes out at the latest known rate and says so.
        var provisional = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/notice?asOf=2026-08-15");
        provisional.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await provisional.Content.ReadAsByteArrayAsync()).ShouldContain("provisoirement au taux du 1er semestre 2026");

        (await server.Api.GetAsync("/api/v1/legal/customers/NOBODY/notice")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var mentions = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/FA-2025-001/mentions");
        mentions.GetProperty("complete").GetBoolean().ShouldBeTrue();
        mentions.GetProperty("notVerifiable").EnumerateArray().Select(e => e.GetString()).ShouldContain("lines");

        var refused = await server.Api.PutAsJsonAsync("/api/v1/legal/policy", new { contractualRate = 2.0m });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("floor");
        var accepted = await server.Api.PutAsJsonAsync("/api/v1/legal/policy", new { contractualRate = 15m, policy = "start" });
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/policy")).GetProperty("policy").GetString().ShouldBe("start");

        var due = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/due-date?invoiceDate=2025-01-15&terms=45eom&method=45-then-end");
        due.GetProperty("dueDate").GetString().ShouldBe("2025-03-31");
        var terms = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/customers/411DUPONT/terms?sector=transport");
        terms.GetProperty("warnings").GetArrayLength().ShouldBe(0); // tenant default net30
        terms.GetProperty("invoices").GetArrayLength().ShouldBe(1); // FA-2020-900: 44 days, past the transport cap
        var id = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/check-id/812809234");
        id.GetProperty("vat").GetString().ShouldBe("FR04812809234");
    }
}
