using Encaisse.Dunning;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class PaymentPlanOperationsTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_collector_plan_is_active_at_once_and_must_sum_to_its_total(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);

        var bad = (await Should.ThrowAsync<OperationFailedException>(() => PaymentPlanOperations.CreateAsync(scope,
            new CreatePaymentPlan("411DUPONT", 1000m, [new(data.Today.AddDays(10), 400m), new(data.Today.AddDays(40), 500m)]), default))).Error;
        (bad.Fields.Single().Field, bad.Code).ShouldBe(("instalments", "paymentPlan.instalmentsDontSum"));
        bad.Message("fr").ShouldBe("La somme des échéances (900,00 €) ne correspond pas au total (1 000,00 €).");
        bad.Message("en").ShouldBe("The instalments sum to 900.00 EUR, not the total of 1000.00 EUR.");
        var above = (await Should.ThrowAsync<OperationFailedException>(() => PaymentPlanOperations.CreateAsync(scope,
            new CreatePaymentPlan("411DUPONT", 2000m, Count: 4, FirstDueDate: data.Today.AddDays(10)), default))).Error;
        (above.Fields.Single().Field, above.Code).ShouldBe(("total", "paymentPlan.aboveBalance"));
        above.Fields.Single().Reason.ShouldContain("1600.00 EUR");

        var plan = await PaymentPlanOperations.CreateAsync(scope, new CreatePaymentPlan("411DUPONT", 1000m, Count: 3, FirstDueDate: data.Today.AddDays(10)), default);

        plan.Status.ShouldBe(PaymentPlanStatus.Active);
        plan.ActivatedOn.ShouldBe(data.Today);
        plan.Instalments.Select(i => i.AmountMinor).ShouldBe([33334L, 33333L, 33333L]);
        plan.Channel.ShouldBe("collector");
        (await db.Set<TimelineEvent>().SingleAsync()).Kind.ShouldBe("plan.created");
        var twice = (await Should.ThrowAsync<OperationFailedException>(() => PaymentPlanOperations.CreateAsync(scope,
            new CreatePaymentPlan("411DUPONT", 100m, Count: 1, FirstDueDate: data.Today), default))).Error;
        (twice.Fields[0].Field, twice.Code).ShouldBe(("customerRef", "paymentPlan.customerHasPlan"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Customer_requests_follow_the_tenant_rules(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db, actor: "portal");
        await CollectionsPolicyOperations.SaveAsync(scope, new CollectionsPolicy { MaxInstalments = 3, MaxDurationDays = 90, MinFirstInstalmentPercent = 25, MaxAutoAcceptMinor = 100000 }, default);

        var accepted = await PaymentPlanOperations.RequestAsync(scope, new CreatePaymentPlan("411MARTIN", 500m, Count: 2, FirstDueDate: data.Today.AddDays(7)), default);
        accepted.Status.ShouldBe(PaymentPlanStatus.Active);
        accepted.Channel.ShouldBe("portal");

        var review = await PaymentPlanOperations.RequestAsync(scope, new CreatePaymentPlan("411DUPONT", 1500m, Count: 5, FirstDueDate: data.Today.AddDays(7)), default);
        review.Status.ShouldBe(PaymentPlanStatus.Requested);
        review.ReviewNote!.ShouldContain("5 instalments requested; at most 3");
        review.ReviewNote!.ShouldContain("above the automatic limit");
        var kinds = await db.Set<TimelineEvent>().OrderBy(e => e.Kind).Select(e => e.Kind).ToListAsync();
        kinds.ShouldBe(["plan.accepted", "plan.requested"]);

        var approved = await PaymentPlanOperations.ReviewAsync(data.Scope(db), review.Id, accept: true, "Good payer", default);
        approved.Status.ShouldBe(PaymentPlanStatus.Active);
        var reviewed = (await Should.ThrowAsync<OperationFailedException>(() => PaymentPlanOperations.ReviewAsync(data.Scope(db), review.Id, accept: false, null, default))).Error;
        (reviewed.Kind, reviewed.Code).ShouldBe((ErrorKind.Conflict, "paymentPlan.notRequested"));

        var policy = (await Should.ThrowAsync<OperationFailedException>(() => CollectionsPolicyOperations.SaveAsync(scope, new CollectionsPolicy { MinFirstInstalmentPercent = 120 }, default))).Error;
        (policy.Fields.Single().Field, policy.Code).ShouldBe(("minFirstInstalmentPercent", "collectionsPolicy.between"));
        policy.Message("fr").ShouldBe("Entre 0 et 100.");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Check_completes_or_defaults_plans_from_payments(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        Guid dupontPlan, martinPlan;
        await using (var db = database.For(data.Tenant))
        {
            var scope = data.Scope(db);
            dupontPlan = (await PaymentPlanOperations.CreateAsync(scope, new CreatePaymentPlan("411DUPONT", 600m, Count: 2, FirstDueDate: data.Today.AddDays(5)), default)).Id;
            martinPlan = (await PaymentPlanOperations.CreateAsync(scope, new CreatePaymentPlan("411MARTIN", 500m, Count: 2, FirstDueDate: data.Today.AddDays(5)), default)).Id;
        }

        await data.PayAsync(database, data.Dupont, "VIR-0010", data.Today.AddDays(5), 30000);
        await data.PayAsync(database, data.Dupont, "VIR-0011", data.Today.AddDays(30), 30000);
        await data.PayAsync(database, data.Martin, "VIR-0012", data.Today.AddDays(4), 10000);

        var asOf = data.Today.AddDays(40);
        await using (var db = database.For(data.Tenant))
        {
            var changed = await PaymentPlanOperations.CheckAsync(data.Scope(db, asOf), asOf, default);
            changed.Single(p => p.Id == dupontPlan).Status.ShouldBe(PaymentPlanStatus.Completed);
            var martin = changed.Single(p => p.Id == martinPlan);
            martin.Status.ShouldBe(PaymentPlanStatus.Defaulted);
            martin.ClosedOn.ShouldBe(data.Today.AddDays(5 + 5 + 1));
            martin.Instalments[0].State.ShouldBe(InstalmentState.Defaulted);
            (await PaymentPlanOperations.CheckAsync(data.Scope(db, asOf), asOf, default)).ShouldBeEmpty();
            (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "plan.completed" || e.Kind == "plan.defaulted")).ShouldBe(2);
            (await PaymentPlanOperations.ListAsync(data.Scope(db), null, PaymentPlanStatus.Defaulted, default)).Single().CustomerRef.ShouldBe("411MARTIN");
        }
    }
}
