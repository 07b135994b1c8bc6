using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// The invoices to declare, kept per tenant and day for the dashboard and the queue (ADR 1594): within the keep time the
/// same list is served (a new invoice waits for the refresh), a claim leaves it at once, after the keep time the old list
/// is served while one refresh runs in the background, and a new day is computed before it is shown.
/// </summary>
public sealed class KeptDeclarationDeadlinesTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_is_kept_a_claim_leaves_it_at_once_and_a_refresh_brings_what_changed(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = database.For(tenant))
        {
            (await InsuranceOperations.SetPolicyAsync(db, tenant, new PolicyInput("Allianz Trade", "P-778", 60, 90, 90m, null, null, null), clock, default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.RecordLimitAsync(db, tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 3_000m, new DateOnly(2026, 1, 1), null, "ALZ-1"),
                "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        var kept = new KeptDeclarationDeadlines(database.Factory, clock);
        var computedAt = clock.GetUtcNow();
        DeclarationDeadlines first;
        await using (var db = database.For(tenant))
        {
            first = await kept.GetAsync(db, tenant, WebSeed.Today, default);
        }

        // FA-2026-0101, due 04/02/2026, declared by 05/04/2026: 20 days left.
        first.AsOf.ShouldBe(WebSeed.Today);
        first.ComputedAt.ShouldBe(computedAt);
        first.Deadlines.Select(d => (d.Row.Invoice, d.Row.Stage, d.CustomerId, d.InvoiceId)).ShouldBe([("FA-2026-0101", DeadlineStage.Within30, seed.Dupont.Id, seed.Overdue.Id)]);
        first.Stages.ShouldBe(new Dictionary<DeadlineStage, int> { [DeadlineStage.Within30] = 1 });

        // A new invoice near its deadline (due 10/02, declared by 11/04): within the keep time the kept list is served.
        var now = clock.GetUtcNow();
        await using (var db = database.For(tenant))
        {
            db.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = seed.Dupont.Id, Number = "FA-2026-0105", IssueDate = new DateOnly(2026, 1, 10), DueDate = new DateOnly(2026, 2, 10),
                NetMinor = 500_00, TaxMinor = 100_00, GrossMinor = 600_00, Source = "test", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
            clock.Advance(TimeSpan.FromSeconds(10));
            (await kept.GetAsync(db, tenant, WebSeed.Today, default)).ShouldBeSameAs(first);

            // A claim declares both: they leave the list at once, without a refresh.
            (await InsuranceOperations.ClaimAsync(db, tenant, "411DUPONT", "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            var afterClaim = await kept.GetAsync(db, tenant, WebSeed.Today, default);
            afterClaim.Deadlines.ShouldBeEmpty();
            afterClaim.ComputedAt.ShouldBe(computedAt);
        }

        // Another invoice after the claim; past the keep time the old list (without the declared one) is served while the
        // refresh runs, whose list comes next.
        await using (var db = database.For(tenant))
        {
            db.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = seed.Dupont.Id, Number = "FA-2026-0106", IssueDate = new DateOnly(2026, 1, 11), DueDate = new DateOnly(2026, 2, 11),
                NetMinor = 500_00, TaxMinor = 100_00, GrossMinor = 600_00, Source = "test", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
            clock.Advance(KeptDeclarationDeadlines.ShortestKeep);
            (await kept.GetAsync(db, tenant, WebSeed.Today, default)).Deadlines.ShouldBeEmpty();
            var refreshed = first;
            for (var attempt = 0; attempt < 600 && refreshed.ComputedAt == computedAt; attempt++)
            {
                await Task.Delay(50);
                refreshed = await kept.GetAsync(db, tenant, WebSeed.Today, default);
            }

            refreshed.ComputedAt.ShouldBe(computedAt + TimeSpan.FromSeconds(10) + KeptDeclarationDeadlines.ShortestKeep);
            refreshed.Deadlines.Select(d => (d.Row.Invoice, d.Row.DeclarationDeadline, d.Row.Stage)).ShouldBe([("FA-2026-0106", new DateOnly(2026, 4, 12), DeadlineStage.Within30)]);

            // A new day is computed before it is shown: eight days later the deadline is 19 days away, still ≤ 30.
            var later = await kept.GetAsync(db, tenant, WebSeed.Today.AddDays(8), default);
            later.AsOf.ShouldBe(WebSeed.Today.AddDays(8));
            later.Deadlines.Single().Row.DaysLeft.ShouldBe(19);
        }
    }

    [Fact]
    public void A_list_is_kept_twenty_times_what_it_took_between_fifteen_seconds_and_two_minutes()
    {
        KeptDeclarationDeadlines.KeepFor(TimeSpan.FromMilliseconds(20)).ShouldBe(TimeSpan.FromSeconds(15));
        KeptDeclarationDeadlines.KeepFor(TimeSpan.FromSeconds(2)).ShouldBe(TimeSpan.FromSeconds(40));
        KeptDeclarationDeadlines.KeepFor(TimeSpan.FromSeconds(30)).ShouldBe(TimeSpan.FromMinutes(2));
    }
}
