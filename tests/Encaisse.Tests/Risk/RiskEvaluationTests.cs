using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

public sealed class RiskEvaluationTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Evaluation_stores_the_class_and_raises_each_alert_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            await Reporting.ReportingLedger.SeedAsync(db, tenant);
            var first = await db.Customers.OrderBy(c => c.ExternalRef).FirstAsync();
            first.CreditLimitMinor = 1_00;
            await db.SaveChangesAsync();
        }

        var clock = new FakeClock(new DateTimeOffset(2026, 6, 30, 8, 0, 0, TimeSpan.Zero));
        await using (var db = database.For(tenant))
        {
            var risks = await RiskEvaluation.RunAsync(db, tenant, AsOf, clock, default);
            risks.Count.ShouldBe(7);
            risks.ShouldAllBe(r => r.RiskClass.Length == 1 && r.Reasons != null);
            risks[0].DepositRequired.ShouldBeTrue();
        }

        await using (var db = database.For(tenant))
        {
            (await db.Customers.CountAsync(c => c.RiskClass != null)).ShouldBe(7);
            var alerts = await AlertBook.ListAsync(db, default);
            alerts.ShouldContain(a => a.Kind == "risk.credit-limit-exceeded");
            await RiskEvaluation.RunAsync(db, tenant, AsOf, clock, default);
            (await AlertBook.ListAsync(db, default)).Count.ShouldBe(alerts.Count);

            var first = await db.Customers.OrderBy(c => c.ExternalRef).FirstAsync();
            first.CreditLimitMinor = long.MaxValue / 4;
            await db.SaveChangesAsync();
            await RiskEvaluation.RunAsync(db, tenant, AsOf, clock, default, first.ExternalRef);
            (await AlertBook.ListAsync(db, default, includeResolved: true))
                .Single(a => a.Kind == "risk.credit-limit-exceeded" && a.CustomerId == first.Id).Status.ShouldBe(AlertStatus.Resolved);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Orders_and_buyer_limits_through_the_api(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, new FakeClock(new DateTimeOffset(2026, 6, 30, 8, 0, 0, TimeSpan.Zero)));
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(new Customer { TenantId = server.Tenant.Id, ExternalRef = "411DUPONT", LegalName = "Dupont SARL", CreditLimitMinor = 10_000_00, RiskClass = "B" });
            await db.SaveChangesAsync();
        }

        var ok = await server.Api.PostAsJsonAsync("/api/v1/customers/411DUPONT/orders", new { reference = "CMD-1", amount = 8000.00m });
        ok.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("depositRequired").GetBoolean().ShouldBeFalse();

        var over = await server.Api.PostAsJsonAsync("/api/v1/customers/411DUPONT/orders", new { reference = "CMD-2", amount = 3000.00m });
        var decision = await over.Content.ReadFromJsonAsync<JsonElement>();
        decision.GetProperty("depositRequired").GetBoolean().ShouldBeTrue();
        decision.GetProperty("exposureAfter").GetDecimal().ShouldBe(11000.00m);

        using (var limit = await server.Api.PostAsJsonAsync("/api/v1/customers/411DUPONT/buyer-limits",
            new { insurer = "Coface", amount = 9000m, startsOn = "2026-01-01", expiresOn = "2026-07-10", declarationDays = 90 }))
        {
            limit.StatusCode.ShouldBe(HttpStatusCode.Created);
            var granted = await limit.Content.ReadFromJsonAsync<JsonElement>();
            (granted.GetProperty("insurer").GetString(), granted.GetProperty("amount").GetDecimal(), granted.GetProperty("declarationDays").GetInt32()).ShouldBe(("Coface", 9000m, 90));
        }

        (await server.Api.PostAsJsonAsync("/api/v1/risk/evaluate", new { })).EnsureSuccessStatusCode();
        var alerts = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/risk/alerts");
        var kinds = alerts.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("risk.credit-limit-exceeded");
        kinds.ShouldContain("risk.insured-limit-exceeded");
        kinds.ShouldContain("risk.insured-limit-expiring");

        var risk = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DUPONT/risk");
        risk.GetProperty("unbilledOrders").GetDecimal().ShouldBe(11000.00m);
        risk.GetProperty("buyerLimits").GetArrayLength().ShouldBe(1);

        (await server.Api.PostAsJsonAsync("/api/v1/customers/NOPE/orders", new { reference = "X", amount = 1m })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.PostAsJsonAsync("/api/v1/customers/411DUPONT/orders", new { reference = "", amount = -1m })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
