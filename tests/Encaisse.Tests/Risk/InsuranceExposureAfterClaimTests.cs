using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// What the exposure and the insurance alerts do with invoices declared in a claim file (docs/risk.md): a declared invoice stays in
/// the exposure until it is paid (indemnity receipt is not modelled), raises no new "declaration due" alert, and the claim's covered
/// amount is shown (deadline rows, the insured-limit alert).
/// </summary>
public sealed class InsuranceExposureAfterClaimTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_declared_invoice_stays_in_the_exposure_until_paid_without_a_new_declaration_alert(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var today = WebSeed.Today;
        await using (var db = server.Database.For(server.Tenant))
        {
            // Declare within 30 days of the due date: FA-2026-0101 (due 04/02/2026) is past its deadline (06/03/2026).
            (await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Allianz Trade", "P-778", 30, 90, 90m, null, null, null), clock, default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 3_000m, new DateOnly(2026, 1, 1), null, "ALZ-1"),
                "claire", clock, today, default)).IsOk.ShouldBeTrue();
            var before = (await RiskEvaluation.RunAsync(db, server.Tenant, today, clock, default, "411DUPONT")).Single();
            before.Exposure.ShouldBe(4_094.96m);
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var alerts = await OpenAlertsAsync(db, seed.Dupont.Id);
            alerts.ShouldContainKey("risk.insurer-declaration-due");
            alerts["risk.insurer-declaration-due"].ShouldContain("FA-2026-0101");
            alerts["risk.insured-limit-exceeded"].ShouldNotContain("declared to the insurer");

            var claim = (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, today, default)).Value;
            claim.Invoices.Select(i => i.Invoice).ShouldBe(["FA-2025-0950", "FA-2026-0101"]);
            claim.Invoices.Single(i => i.Invoice == "FA-2026-0101").Covered.ShouldBe(1_234.56m);
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            // Still owed, so still in the exposure; no declaration alert any more; the limit alert names what the claim covers.
            var after = (await RiskEvaluation.RunAsync(db, server.Tenant, today, clock, default, "411DUPONT")).Single();
            after.Exposure.ShouldBe(4_094.96m);
            after.OpenInvoices.ShouldBe(4_094.96m);
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var alerts = await OpenAlertsAsync(db, seed.Dupont.Id);
            alerts.ShouldNotContainKey("risk.insurer-declaration-due");
            alerts["risk.insured-limit-exceeded"].ShouldContain("declared to the insurer: FA-2025-0950 (claim covers 0.00 EUR), FA-2026-0101 (claim covers 1234.56 EUR)");
            var rows = await InsuranceOperations.DeadlinesAsync(db, server.Tenant, today, default, approachingOnly: false, customerRef: "411DUPONT");
            var declared = rows.Single(r => r.Invoice == "FA-2026-0101");
            declared.DeclaredOn.ShouldBe(today);
            declared.ClaimCovered.ShouldBe(1_234.56m);
            rows.Single(r => r.Invoice == "FA-2026-0142").ClaimCovered.ShouldBeNull();
            // The queue of declarations to make no longer lists it.
            (await InsuranceOperations.DeadlinesAsync(db, server.Tenant, today, default, customerRef: "411DUPONT")).ShouldNotContain(r => r.Invoice == "FA-2026-0101");
        }

        // The customer pays part of the declared invoice: the exposure goes down by what was paid, never by the claim.
        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = server.Database.For(server.Tenant))
        {
            (await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Dupont.Id, Reference = "VIR-DUPONT-9", ReceivedOn = today, AmountMinor = 234_56, Currency = "EUR", CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0101")],
            }, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await RiskEvaluation.RunAsync(db, server.Tenant, today, clock, default, "411DUPONT")).Single().Exposure.ShouldBe(3_860.40m);
            var alerts = await OpenAlertsAsync(db, seed.Dupont.Id);
            alerts.ShouldNotContainKey("risk.insurer-declaration-due");
            alerts["risk.insured-limit-exceeded"].ShouldContain("exposure 3860.40 EUR exceeds the insured limit 3000.00 EUR");
        }
    }

    private static async Task<Dictionary<string, string>> OpenAlertsAsync(Encaisse.Storage.EncaisseDb db, Guid customerId) =>
        (await db.Set<Alert>().AsNoTracking().Where(a => a.CustomerId == customerId && a.Status == AlertStatus.Open).ToListAsync())
            .ToDictionary(a => a.Kind, a => a.Message);
}
