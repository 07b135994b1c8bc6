using Encaisse.Dunning;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

/// <summary>Stories told day by day with a fake clock: what the planner would see each morning.</summary>
public sealed class CollectionsStoryTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_broken_promise_resumes_dunning_the_day_after_the_grace_period_and_a_kept_one_at_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using (var db = database.For(data.Tenant))
        {
            var scope = data.Scope(db);
            await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 1200m, data.Today.AddDays(5)), default);
            await PromiseOperations.RecordAsync(scope, new RecordPromise("411MARTIN", 500m, data.Today.AddDays(3)), default);
        }

        await data.PayAsync(database, data.Martin, "VIR-0100", data.Today.AddDays(2), 50000);
        await data.PayAsync(database, data.Dupont, "VIR-0101", data.Today.AddDays(4), 60000);

        var dupontPaused = new List<int>();
        var martinPaused = new List<int>();
        for (var day = 0; day <= 12; day++)
        {
            var date = data.Today.AddDays(day);
            await using var db = database.For(data.Tenant);
            var scope = data.Scope(db, date, "scheduler");
            await CollectionsChecks.RunAsync(scope, null, default);
            if ((await DunningHoldOperations.PausesAsync(scope, "411DUPONT", null, default)).CustomerPaused)
            {
                dupontPaused.Add(day);
            }

            if ((await DunningHoldOperations.PausesAsync(scope, "411MARTIN", null, default)).CustomerPaused)
            {
                martinPaused.Add(day);
            }
        }

        dupontPaused.ShouldBe(Enumerable.Range(0, 9)); // promised T+5, grace 3 days: paused through T+8
        martinPaused.ShouldBe([0, 1]); // paid in full on T+2
        await using (var db = database.For(data.Tenant))
        {
            var promises = await db.Set<PromiseToPay>().ToListAsync();
            promises.Single(p => p.CustomerId == data.Dupont.Id).ShouldSatisfyAllConditions(
                p => p.Status.ShouldBe(PromiseStatus.Broken),
                p => p.ResolvedOn.ShouldBe(data.Today.AddDays(9)));
            promises.Single(p => p.CustomerId == data.Martin.Id).ResolvedOn.ShouldBe(data.Today.AddDays(2));
            var events = await db.Set<TimelineEvent>().Where(e => e.Kind == "promise.broken" || e.Kind == "promise.kept").ToListAsync();
            events.Select(e => e.Kind).ShouldBe(["promise.kept", "promise.broken"], ignoreOrder: true);
            events.ShouldAllBe(e => e.Actor == "scheduler");

            // Replaying an earlier day still gives the answer of that day (catch-up runs).
            var replay = await DunningHoldOperations.PausesAsync(data.Scope(db, data.Today.AddDays(12)), "411DUPONT", data.Today.AddDays(8), default);
            replay.CustomerPaused.ShouldBeTrue();
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dispute_pauses_only_its_invoice_until_resolved_and_a_plan_replaces_dunning_until_it_defaults(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        Guid disputeId;
        await using (var db = database.For(data.Tenant))
        {
            var scope = data.Scope(db);
            disputeId = (await DisputeOperations.OpenAsync(scope, new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Quantity), default)).Id;
            await PaymentPlanOperations.RequestAsync(data.Scope(db, actor: "portal"), new CreatePaymentPlan("411MARTIN", 500m, Count: 2, FirstDueDate: data.Today.AddDays(3)), default);
        }

        await using (var db = database.For(data.Tenant))
        {
            var pauses = await DunningHoldOperations.PausesAsync(data.Scope(db), "411DUPONT", null, default);
            pauses.CustomerPaused.ShouldBeFalse();
            pauses.InvoiceReasons.Keys.ShouldBe(["FA-002"]);
            (await DunningHoldOperations.PausesAsync(data.Scope(db), "411MARTIN", null, default)).CustomerReasons.Single().Cause.ShouldBe(PauseCause.PaymentPlan);
            await DisputeOperations.ChangeStatusAsync(data.Scope(db, data.Today.AddDays(4)), disputeId, DisputeStatus.Rejected, "Quantities match the delivery note", null, default);
        }

        await using (var db = database.For(data.Tenant))
        {
            var later = data.Today.AddDays(9); // first instalment T+3, grace 5 days: defaulted from T+9
            var check = await CollectionsChecks.RunAsync(data.Scope(db, later), null, default);
            check.Plans.Single().Status.ShouldBe(PaymentPlanStatus.Defaulted);
            (await DunningHoldOperations.PausesAsync(data.Scope(db, later), "411MARTIN", null, default)).CustomerPaused.ShouldBeFalse();
            (await DunningHoldOperations.PausesAsync(data.Scope(db, later), "411MARTIN", data.Today.AddDays(8), default)).CustomerPaused.ShouldBeTrue();
            (await DunningHoldOperations.PausesAsync(data.Scope(db, later), "411DUPONT", null, default)).InvoiceReasons.ShouldBeEmpty();
            (await DunningHoldOperations.PausesAsync(data.Scope(db, later), "411DUPONT", data.Today.AddDays(3), default)).InvoiceReasons.Keys.ShouldBe(["FA-002"]);

            // The planner's bulk loader agrees with the per-customer view.
            (await DunningHoldOperations.PausesAsync(data.Scope(db, later), "411DUPONT", data.Today.AddDays(3), default)).CustomerPaused.ShouldBeFalse();
            var bulk = await DunningPauseLoader.PausedOnAsync(db, data.Today.AddDays(3), null, default);
            bulk.Keys.ShouldBe([data.Dupont.Id, data.Martin.Id], ignoreOrder: true);
            bulk[data.Dupont.Id].InvoiceReasons.Keys.Single().ShouldBe(await db.Invoices.Where(i => i.Number == "FA-002").Select(i => i.Id).SingleAsync());
            bulk[data.Martin.Id].ReplacedByPaymentPlan.ShouldBeTrue();
            (await DunningPauseLoader.PausedOnAsync(db, later, [data.Martin.Id], default)).ShouldBeEmpty();
        }
    }
}
