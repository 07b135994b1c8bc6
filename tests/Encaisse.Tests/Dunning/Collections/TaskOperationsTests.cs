using Encaisse.Dunning;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class TaskOperationsTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Calls_of_the_day_are_the_collectors_open_calls_due_by_today(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);
        var dupontCall = await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411DUPONT", "First call"), default);
        await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411DUPONT", "Later call", data.Today.AddDays(3)), default);
        var assigned = await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411MARTIN", "Cover for Paul", AssignedTo: "marie"), default);
        await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411MARTIN", "Paul's call"), default);
        await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411DUPONT", "Check the file", Kind: CollectionTaskKind.Review), default);
        var past = (await Should.ThrowAsync<OperationFailedException>(() => CollectionTaskOperations.CreateAsync(scope, new CreateTask("411DUPONT", "x", data.Today.AddDays(-1)), default))).Error;
        (past.Fields.Single().Field, past.Code).ShouldBe(("dueOn", "task.duePast"));

        var calls = await CollectionTaskOperations.CallsOfTheDayAsync(scope, "marie", null, default);
        calls.Select(c => c.Id).ShouldBe([dupontCall.Id, assigned.Id], ignoreOrder: true);
        calls.Single(c => c.Id == dupontCall.Id).AssignedTo.ShouldBe("marie");
        (await CollectionTaskOperations.CallsOfTheDayAsync(scope, "marie", data.Today.AddDays(3), default)).Count.ShouldBe(3);
        (await CollectionTaskOperations.ListAsync(scope, new TaskFilter(Kind: CollectionTaskKind.Review), default)).Single().Title.ShouldBe("Check the file");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_call_outcome_closes_the_task_and_creates_what_it_says(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);
        async Task<Guid> NewCall() => (await CollectionTaskOperations.CreateAsync(scope, new CreateTask("411DUPONT", "Call"), default)).Id;

        var promise = await CollectionTaskOperations.LogCallAsync(scope, await NewCall(),
            new LogCall(CallOutcome.Promise, "Pays on Friday", PromiseAmount: 1200m, PromiseDate: data.Today.AddDays(4)), default);
        promise.Task.Status.ShouldBe(CollectionTaskStatus.Done);
        promise.Task.Outcome.ShouldBe("promise to pay: Pays on Friday");
        (await db.Set<PromiseToPay>().SingleAsync(p => p.Id == promise.PromiseId)).Channel.ShouldBe("phone");

        var dispute = await CollectionTaskOperations.LogCallAsync(scope, await NewCall(),
            new LogCall(CallOutcome.Dispute, "Goods never arrived", InvoiceNumbers: ["FA-002"], DisputeReason: DisputeReason.NotReceived), default);
        (await db.Set<Dispute>().SingleAsync(d => d.Id == dispute.DisputeId)).Reason.ShouldBe(DisputeReason.NotReceived);

        var callBack = await CollectionTaskOperations.LogCallAsync(scope, await NewCall(), new LogCall(CallOutcome.CallBack, CallBackOn: data.Today.AddDays(2)), default);
        (await db.Set<CollectionTask>().SingleAsync(t => t.Id == callBack.NextTaskId)).DueOn.ShouldBe(data.Today.AddDays(2));

        var wrong = await CollectionTaskOperations.LogCallAsync(scope, await NewCall(), new LogCall(CallOutcome.WrongNumber, "Number belongs to a bakery"), default);
        (await db.Set<CustomerNote>().SingleAsync(n => n.Id == wrong.NoteId)).Text.ShouldContain("Wrong phone number");

        var none = await CollectionTaskOperations.LogCallAsync(scope, await NewCall(), new LogCall(CallOutcome.NoAnswer), default);
        none.Task.Outcome.ShouldBe("no answer");
        var closed = (await Should.ThrowAsync<OperationFailedException>(() => CollectionTaskOperations.LogCallAsync(scope, none.Task.Id, new LogCall(CallOutcome.Reached), default))).Error;
        (closed.Kind, closed.Code).ShouldBe((ErrorKind.Conflict, "task.notOpen"));
        closed.Message("fr").ShouldBe("La tâche est déjà faite.");

        var missing = (await Should.ThrowAsync<OperationFailedException>(() => CollectionTaskOperations.LogCallAsync(scope, callBack.NextTaskId!.Value, new LogCall(CallOutcome.Promise, PromiseAmount: 10m), default))).Error;
        (missing.Fields.Single().Field, missing.Code).ShouldBe(("promiseDate", "call.promiseDateRequired"));
        // The nested promise's refusal keeps its code, on the field as the call names it.
        var tooMuch = (await Should.ThrowAsync<OperationFailedException>(() => CollectionTaskOperations.LogCallAsync(scope, callBack.NextTaskId!.Value,
            new LogCall(CallOutcome.Promise, PromiseAmount: 99999m, PromiseDate: data.Today), default))).Error;
        (tooMuch.Fields.Single().Field, tooMuch.Code, tooMuch.Data["field"]).ShouldBe(("promiseAmount", "promise.aboveBalance", "promiseAmount"));
        (await db.Set<CollectionTask>().SingleAsync(t => t.Id == callBack.NextTaskId)).Status.ShouldBe(CollectionTaskStatus.Open);

        var kinds = await db.Set<TimelineEvent>().Select(e => e.Kind).ToListAsync();
        kinds.Count(k => k == "call.logged").ShouldBe(5);
        kinds.ShouldContain("promise.recorded");
        kinds.ShouldContain("dispute.opened");
        kinds.ShouldContain("note");
    }
}
