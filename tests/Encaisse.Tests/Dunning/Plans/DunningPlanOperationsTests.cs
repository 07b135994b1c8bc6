using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Plans;

/// <summary>The one operation behind the plan API and the plan settings pages (ADR 1150), on SQLite and PostgreSQL.</summary>
public sealed class DunningPlanOperationsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);

    private static PlanInput Plan(string name) => new(name, false, null, null, null, [new StepInput(5, DunningChannel.Email, "reminder", DunningTone.Reminder)]);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_customer_gets_one_plan_of_its_own_replaced_then_taken_back_to_the_automatic_choice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        await DunningSetup.EnsureAsync(db, new FakeClock(Now), default);
        var first = (await DunningPlanOperations.SaveAsync(db, null, Plan("Grands comptes"), "EUR", Now, default)).OrThrow();
        var second = (await DunningPlanOperations.SaveAsync(db, null, Plan("Export"), "EUR", Now, default)).OrThrow();

        (await DunningPlanOperations.AssignAsync(db, " 411DUPONT ", first.Id, default)).OrThrow().ShouldBe(new PlanAssignment("411DUPONT", first.Id));
        (await DunningPlanOperations.AssignAsync(db, "411DUPONT", second.Id, default)).OrThrow();
        db.ChangeTracker.Clear();
        (await db.Set<DunningPlanOverride>().SingleAsync()).PlanId.ShouldBe(second.Id);

        (await DunningPlanOperations.AssignAsync(db, "411DUPONT", null, default)).OrThrow().PlanId.ShouldBeNull();
        (await db.Set<DunningPlanOverride>().CountAsync()).ShouldBe(0);

        (await DunningPlanOperations.AssignAsync(db, "411NOBODY", first.Id, default)).Error!.Code.ShouldBe("customer.notFound");
        var unknownPlan = (await DunningPlanOperations.AssignAsync(db, "411DUPONT", Guid.NewGuid(), default)).Error!;
        (unknownPlan.Kind, unknownPlan.Code).ShouldBe((ErrorKind.NotFound, "plan.notFound"));
        (await db.Set<DunningPlanOverride>().CountAsync()).ShouldBe(0);

        // Deleting a plan takes its customers' overrides with it.
        (await DunningPlanOperations.AssignAsync(db, "411DUPONT", first.Id, default)).OrThrow();
        (await DunningPlanOperations.DeleteAsync(db, first.Id, default)).OrThrow().ShouldBe(first.Id);
        (await db.Set<DunningPlanOverride>().CountAsync()).ShouldBe(0);
        (await DunningPlanOperations.DeleteAsync(db, first.Id, default)).Error!.Code.ShouldBe("plan.notFound");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_taken_name_alone_is_a_conflict_with_other_problems_a_field_and_an_unknown_plan_is_not_found(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await DunningSetup.EnsureAsync(db, new FakeClock(Now), default);
        var plan = (await DunningPlanOperations.SaveAsync(db, null, Plan("Grands comptes"), "EUR", Now, default)).OrThrow();

        var taken = (await DunningPlanOperations.SaveAsync(db, null, Plan(" Grands comptes "), "EUR", Now, default)).Error!;
        (taken.Kind, taken.Code, taken.Message("en"), taken.Message("fr"))
            .ShouldBe((ErrorKind.Conflict, "plan.nameTaken", "A plan named 'Grands comptes' exists.", "Un plan nommé « Grands comptes » existe déjà."));

        var several = (await DunningPlanOperations.SaveAsync(db, null, Plan("Grands comptes") with { ForRiskClass = "Z" }, "EUR", Now, default)).Error!;
        (several.Kind, several.Code).ShouldBe((ErrorKind.Invalid, "plan.invalid"));
        several.Fields.Select(f => (f.Field, f.Reason)).ShouldBe(
            [("forRiskClass", "A risk class is one letter from A to E."), ("name", "A plan named 'Grands comptes' exists.")], ignoreOrder: true);

        // Renaming a plan to its own name is no conflict; a plan that does not exist cannot be replaced.
        (await DunningPlanOperations.SaveAsync(db, plan.Id, Plan("Grands comptes"), "EUR", Now, default)).IsOk.ShouldBeTrue();
        (await DunningPlanOperations.SaveAsync(db, Guid.NewGuid(), Plan("Autre"), "EUR", Now, default)).Error!.Code.ShouldBe("plan.notFound");
        (await db.Set<DunningPlan>().CountAsync(p => p.Name == "Autre")).ShouldBe(0);
    }
}
