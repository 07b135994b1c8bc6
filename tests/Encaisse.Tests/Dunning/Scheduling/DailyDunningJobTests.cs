using Encaisse.Dunning;
using Encaisse.Dunning.Scheduling;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Encaisse.Tests.Dunning.Scheduling;

public class DailyDunningJobTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Runs_once_per_day_after_the_tenant_hour_and_two_nodes_do_not_both_run(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411JOB", email: null);
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", new DateOnly(2026, 3, 16), 10m);
        // 06:30 UTC = 07:30 in Paris (winter time): before the 08:00 run hour.
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 20, 6, 30, 0, TimeSpan.Zero));
        var nodeA = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance);
        var nodeB = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance);

        (await nodeA.TickAsync(default)).ShouldBe(0);
        clock.Advance(TimeSpan.FromHours(1));
        (await nodeA.TickAsync(default)).ShouldBe(1);
        (await nodeB.TickAsync(default)).ShouldBe(0);
        (await nodeA.TickAsync(default)).ShouldBe(0);
        clock.Advance(TimeSpan.FromDays(1));
        (await nodeB.TickAsync(default)).ShouldBe(1);

        var actions = await DunningTestData.ActionsAsync(database, tenant);
        actions.ShouldHaveSingleItem().Status.ShouldBe(DunningActionStatus.Skipped); // no e-mail address: skipped with a reason
        actions[0].LastError.ShouldBe("no usable e-mail address for this customer");
    }
}

public class DailyChecksBeforeDunningTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_daily_job_records_a_broken_promise_before_planning(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411PROM", email: null);
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", new DateOnly(2026, 2, 16), 500m);
        await using (var db = database.For(tenant))
        {
            db.Add(new PromiseToPay
            {
                TenantId = tenant.Id, CustomerId = customer.Id, AmountMinor = 50_000, Currency = "EUR", PromisedDate = new DateOnly(2026, 3, 1),
                Status = PromiseStatus.Pending, RecordedBy = "claire", RecordedAt = new DateTimeOffset(2026, 2, 20, 9, 0, 0, TimeSpan.Zero),
                RecordedOn = new DateOnly(2026, 2, 20),
            });
            await db.SaveChangesAsync();
        }

        // 09:30 in Paris on 20 March: the promise of 1 March (plus grace) is long past and nothing was paid.
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 20, 8, 30, 0, TimeSpan.Zero));
        var job = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance);
        (await job.TickAsync(default)).ShouldBe(1);

        await using (var db = database.For(tenant))
        {
            var promise = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<PromiseToPay>());
            promise.Status.ShouldBe(PromiseStatus.Broken);
            (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Encaisse.Ledger.TimelineEvent>(), e => e.Kind == "promise.broken")).ShouldBe(1);
        }

        // Dunning resumed at once: an action was planned the same day.
        (await DunningTestData.ActionsAsync(database, tenant)).ShouldNotBeEmpty();
    }
}
