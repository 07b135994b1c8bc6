using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// The invoices to declare to the credit insurer are read from the invoices due early enough to be near their deadline
/// only (ADR 1592): the rows, their cover and the counts per stage are those of reading every open invoice and keeping
/// the covered, undeclared ones within 30 days of their deadline or past it, day after day across the bound, with a
/// policy (discretionary limit) or with buyer limits alone (each with its own declaration period), on both databases; the
/// list the dashboard and the queue keep (ADR 1594) is that one, and so are its counts per stage.
/// </summary>
public sealed class DeclarationDeadlineReadTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_bounded_read_lists_and_counts_what_reading_every_open_invoice_would(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        await using (var db = database.For(tenant))
        {
            // Invoices of two customers due every 9 days from November to June: some past their deadline, some near it,
            // some far from it; the limits and the discretionary cover run out part of the way (cover in due-date order).
            var k = 0;
            foreach (var customer in new[] { seed.Dupont, seed.Bernard })
            {
                for (var due = new DateOnly(2025, 11, 3); due < new DateOnly(2026, 6, 30); due = due.AddDays(9))
                {
                    k++;
                    db.Add(new Invoice
                    {
                        TenantId = tenant.Id, CustomerId = customer.Id, Number = $"FA-INS-{k:000}", IssueDate = due.AddDays(-30), DueDate = due,
                        NetMinor = 500_00, TaxMinor = 100_00, GrossMinor = 600_00, Source = "test", CreatedAt = now, UpdatedAt = now,
                    });
                }
            }

            await db.SaveChangesAsync();
            (await InsuranceOperations.RecordLimitAsync(db, tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 9_000m, new DateOnly(2025, 10, 1), null, "L-1",
                Insurer: "Allianz Trade", DeclarationDays: 45), "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.RecordLimitAsync(db, tenant, new LimitInput("411BERNARD", LimitDecision.Granted, 20_000m, new DateOnly(2025, 10, 1), null, "L-2",
                Insurer: "Allianz Trade", DeclarationDays: 75), "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        await CompareAsync(database, tenant, "limits alone");
        await using (var db = database.For(tenant))
        {
            (await InsuranceOperations.SetPolicyAsync(db, tenant, new PolicyInput("Allianz Trade", "P-1", 60, 90, 90m, 4_000m, null, null), clock, default)).IsOk.ShouldBeTrue();
        }

        await CompareAsync(database, tenant, "policy");
    }

    private static async Task CompareAsync(TestDatabase database, Tenant tenant, string what)
    {
        var seen = 0;
        for (var today = new DateOnly(2026, 1, 1); today < new DateOnly(2026, 6, 1); today = today.AddDays(11))
        {
            await using var db = database.For(tenant);
            var every = await InsuranceOperations.DeadlinesAsync(db, tenant, today, default, approachingOnly: false);
            var expected = every.Where(r => r.Stage != DeadlineStage.Later && r.DeclaredOn is null && r.Covered > 0).ToList();
            var approaching = await InsuranceOperations.DeadlinesAsync(db, tenant, today, default);
            approaching.ShouldBe(expected, $"{what}, {today}");
            var kept = await new KeptDeclarationDeadlines(database.Factory, FakeClock.At(today)).GetAsync(db, tenant, today, default);
            kept.Deadlines.Select(d => d.Row).ShouldBe(expected, $"{what}, {today}");
            var stages = kept.Stages;
            stages.OrderBy(s => s.Key).ShouldBe(expected.GroupBy(r => r.Stage).ToDictionary(g => g.Key, g => g.Count()).OrderBy(s => s.Key), $"{what}, {today}");
            // Not a vacuous comparison: far-off invoices exist, and so do approaching ones.
            every.ShouldContain(r => r.Stage == DeadlineStage.Later, $"{what}, {today}");
            seen += approaching.Count;
        }

        seen.ShouldBeGreaterThan(10, what);
    }
}
