using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Shouldly;
using static Encaisse.Tests.Legal.LegalSamples;

namespace Encaisse.Tests.Legal;

/// <summary>Consumers owe legal interest from the day after the formal notice is received (§8): <c>--notice-date</c>.</summary>
[Collection("Console")]
public sealed class ConsumerNoticeTests
{
    private static async Task SeedAsync(TestDatabase database, Tenant tenant, CustomerKind kind)
    {
        await using var db = database.For(tenant);
        var customer = Customer(tenant, kind);
        db.AddRange(customer, Invoice(customer, "FA-2025-010", "2025-01-15", "2025-02-14", 2000m));
        await db.SaveChangesAsync();
    }

    private static string DbArg(TestDatabase database) => database.Target.Provider == DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
        : database.Target.ConnectionString;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_notice_claims_legal_interest_from_the_day_after_the_notice_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await SeedAsync(database, tenant, CustomerKind.Consumer);
        var pdf = Path.Combine(Path.GetTempPath(), $"med-{Guid.NewGuid():N}.pdf");

        // §8 worked example: €2,000, notice received 1 Mar 2025, 2 Mar → 30 Apr = 60 days at 3.71 % (2025H1 "autres cas") = €12.20.
        var (exit, stdout, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--notice-date", "2025-03-01",
            "--as-of", "2025-04-30", "--output", pdf, "--db", DbArg(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("noticeDate").GetString().ShouldBe("2025-03-01");
        json.GetProperty("interestFrom").GetString().ShouldBe("2025-03-02");
        json.GetProperty("interest").GetDecimal().ShouldBe(12.20m);
        json.GetProperty("indemnity").GetDecimal().ShouldBe(0m);
        var period = json.GetProperty("lines")[0].GetProperty("periods").EnumerateArray().ShouldHaveSingleItem();
        (period.GetProperty("from").GetString(), period.GetProperty("days").GetInt32(), period.GetProperty("annualRate").GetDecimal()).ShouldBe(("2025-03-02", 60, 3.71m));

        var text = Text(await File.ReadAllBytesAsync(pdf));
        text.ShouldContain("reçue le 01/03/2025");
        text.ShouldContain("courent depuis le 02/03/2025");
        text.ShouldContain("12,20 €");
        text.ShouldContain("2 012,20 €");
        text.ShouldNotContain("40,00 €");

        // Without the date: no interest yet, the notice itself makes it run.
        (exit, stdout, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--as-of", "2025-04-30",
            "--output", pdf, "--db", DbArg(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("interest").GetDecimal().ShouldBe(0m);
        stderr.ShouldContain("1344-1");
        Text(await File.ReadAllBytesAsync(pdf)).ShouldContain("la présente mise en demeure fait courir les intérêts");

        // The agency letter states it too.
        (exit, _, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--notice-date", "2025-03-01", "--as-of", "2025-04-30",
            "--agency-name", "Recouvrement Rhône", "--agency-address", "5 quai Perrache, 69002 Lyon", "--output", pdf, "--db", DbArg(database), "--tenant", tenant.Code);
        exit.ShouldBe(0, stderr);
        Text(await File.ReadAllBytesAsync(pdf)).ShouldContain("courant depuis le 02/03/2025");

        (exit, _, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--notice-date", "2025-05-01", "--as-of", "2025-04-30",
            "--output", pdf, "--db", DbArg(database), "--tenant", tenant.Code);
        exit.ShouldBe(2);
        stderr.ShouldContain("--notice-date");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_takes_the_notice_date_and_a_business_ignores_it(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await SeedAsync(server.Database, server.Tenant, CustomerKind.Consumer);
        var claim = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/legal/customers/411DUPONT/claim?asOf=2025-04-30&noticeDate=2025-03-01");
        claim.GetProperty("interest").GetDecimal().ShouldBe(12.20m);
        claim.GetProperty("interestFrom").GetString().ShouldBe("2025-03-02");
        var bad = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/claim?asOf=2025-04-30&noticeDate=1er-mars");
        bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var notice = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/notice?asOf=2025-04-30&noticeDate=2025-03-01");
        notice.StatusCode.ShouldBe(HttpStatusCode.OK);
        Text(await notice.Content.ReadAsByteArrayAsync()).ShouldContain("12,20 €");

        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await SeedAsync(database, tenant, CustomerKind.Business);
        var (exit, stdout, stderr) = await LegalCli.RunAsync("legal", "notice", "--customer", "411DUPONT", "--notice-date", "2025-03-01", "--as-of", "2025-04-30",
            "--output", Path.Combine(Path.GetTempPath(), $"med-{Guid.NewGuid():N}.pdf"), "--db", DbArg(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0);
        stderr.ShouldContain("--notice-date is ignored for a business debtor");
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("noticeDate").ValueKind.ShouldBe(JsonValueKind.Null);
        json.GetProperty("indemnity").GetDecimal().ShouldBe(40m);
    }
}
