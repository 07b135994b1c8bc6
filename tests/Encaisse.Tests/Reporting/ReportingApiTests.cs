using System.Net;
using System.Text.Json;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Reporting;

public sealed class ReportingApiTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reports_are_served_as_json_and_files(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await using (var db = server.Database.For(server.Tenant))
        {
            await ReportingLedger.SeedAsync(db, server.Tenant);
        }

        using var kpis = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/reports/kpis?asOf=2026-06-30&months=2"));
        kpis.RootElement.GetProperty("dsoCountback").GetDecimal().ShouldBeGreaterThan(0);
        kpis.RootElement.GetProperty("trend").GetArrayLength().ShouldBe(2);

        using var aged = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/reports/aged-balance?asOf=2026-06-30&by=collector"));
        aged.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("key").GetString()).ShouldContain("alice");

        var csv = await server.Api.GetAsync("/api/v1/reports/aged-balance?asOf=2026-06-30&format=csv");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        (await csv.Content.ReadAsStringAsync()).ShouldStartWith("customer,currency,notDue");

        var bad = await server.Api.GetAsync("/api/v1/reports/aged-balance?asOf=june&by=planet");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("yyyy-mm-dd");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_aged_balance_csv_writes_formulas_as_text(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await using (var db = server.Database.For(server.Tenant))
        {
            await ReportingLedger.SeedAsync(db, server.Tenant);
            await db.Customers.ExecuteUpdateAsync(s => s.SetProperty(c => c.Collector, "=HYPERLINK(\"http://evil.example\",\"x\")"));
        }

        var csv = await (await server.Api.GetAsync("/api/v1/reports/aged-balance?asOf=2026-06-30&by=collector&format=csv")).Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBeGreaterThan(1);
        lines.ShouldAllBe(l => !l.StartsWith('=') && !l.StartsWith('+') && !l.StartsWith('@') && !l.StartsWith("\"="));
        csv.ShouldContain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    }
}
