using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class BankApiTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upload_list_and_correct_by_hand_which_teaches_the_payer(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await using (var db = server.Database.For(server.Tenant))
        {
            await StatementImportTests.SeedAsync(db);
        }

        var xml = SyntheticStatements.Camt(new DateOnly(2026, 4, 2), 0m, new SyntheticStatements.Entry(345.67m, "SCI LES PINS", "FR1420041010050500013M02606", "loyer avril"));
        using var upload = await server.Api.PostAsync("/api/v1/bank/statements", new StringContent(xml, Encoding.UTF8, "application/xml"));
        upload.StatusCode.ShouldBe(HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());

        using var list = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/bank/transactions?status=unmatched"));
        var tx = list.RootElement.EnumerateArray().Single();
        tx.GetProperty("amount").GetDecimal().ShouldBe(345.67m);
        var id = tx.GetProperty("id").GetGuid();

        using var allocate = await server.Api.PostAsJsonAsync($"/api/v1/bank/transactions/{id}/allocate",
            new { customerRef = "411DUPONT", invoices = new[] { new { number = "FA-2026-00124", amount = 300m } } });
        allocate.StatusCode.ShouldBe(HttpStatusCode.OK, await allocate.Content.ReadAsStringAsync());

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<PayerAlias>().Select(a => a.Kind).OrderBy(k => k).ToListAsync()).ShouldBe(["iban", "name"]);
            (await db.Allocations.SumAsync(a => a.AmountMinor)).ShouldBe(30_000);
        }

        using var bad = await server.Api.PostAsync("/api/v1/bank/statements", new StringContent("garbage", Encoding.UTF8, "text/plain"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Unknown bank statement format");
    }
}

public sealed class MandateApiTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Mandates_are_created_checked_and_listed(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await using (var db = server.Database.For(server.Tenant))
        {
            await StatementImportTests.SeedAsync(db);
        }

        using var created = await server.Api.PostAsJsonAsync("/api/v1/sepa/mandates",
            new { customerRef = "411DUPONT", reference = "RUM-1", signedOn = "2025-11-03", iban = "FR14 2004 1010 0505 0001 3M02 606" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        using var duplicate = await server.Api.PostAsJsonAsync("/api/v1/sepa/mandates",
            new { customerRef = "411DUPONT", reference = "RUM-1", signedOn = "2025-11-03", iban = "FR1420041010050500013M02607" });
        duplicate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await duplicate.Content.ReadAsStringAsync();
        problem.ShouldContain("iban");

        using var list = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/sepa/mandates"));
        var mandate = list.RootElement.EnumerateArray().Single();
        mandate.GetProperty("customerRef").GetString().ShouldBe("411DUPONT");
        mandate.GetProperty("nextSequence").GetString().ShouldBe("FRST");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Customers.SingleAsync()).PaysByDirectDebit.ShouldBeTrue();
        }
    }
}
