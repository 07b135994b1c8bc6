using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class PromiseOperationsTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Recording_validates_date_and_amount_against_the_open_balance(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);

        async Task<OperationError> Refusal(RecordPromise request) =>
            (await Should.ThrowAsync<OperationFailedException>(() => PromiseOperations.RecordAsync(scope, request, default))).Error;
        var past = await Refusal(new RecordPromise("411DUPONT", 100m, data.Today.AddDays(-1)));
        (past.Kind, past.Code, past.Fields.Single().Field).ShouldBe((ErrorKind.Invalid, "promise.datePast", "date"));
        past.Message("fr").ShouldBe("La date promise (" + data.Today.AddDays(-1).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
            + ") est passée : nous sommes le " + data.Today.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) + ".");
        var zero = await Refusal(new RecordPromise("411DUPONT", 0m, data.Today));
        (zero.Fields.Single().Field, zero.Code).ShouldBe(("amount", "promise.amountNotPositive"));
        // Balance 1 600.00 = 1 200 + 600 open - 200 credit note.
        var tooMuch = await Refusal(new RecordPromise("411DUPONT", 1600.01m, data.Today));
        (tooMuch.Fields.Single().Field, tooMuch.Code).ShouldBe(("amount", "promise.aboveBalance"));
        tooMuch.Fields.Single().Reason.ShouldBe("The promised amount is above the open balance (1600.00 EUR).");
        tooMuch.Message("fr").ShouldBe("Le montant promis dépasse le solde restant dû (1 600,00 €).");
        var usd = await Refusal(new RecordPromise("411DUPONT", 10m, data.Today, Currency: "USD"));
        (usd.Code, usd.Data["currency"]).ShouldBe(("promise.nothingOwed", "USD"));

        var view = await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 1600m, data.Today, "email", "Will pay after the audit"), default);

        view.Status.ShouldBe(PromiseStatus.Pending);
        view.AmountMinor.ShouldBe(160000);
        view.RecordedOn.ShouldBe(data.Today);
        view.GraceEnd.ShouldBe(data.Today.AddDays(CollectionsPolicy.DefaultPromiseGraceDays));
        view.RecordedBy.ShouldBe("marie");
        (await db.Set<TimelineEvent>().SingleAsync()).Kind.ShouldBe("promise.recorded");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Check_marks_kept_and_broken_promises_once_with_timeline_events(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        Guid kept, broken, pending;
        await using (var db = database.For(data.Tenant))
        {
            var scope = data.Scope(db);
            kept = (await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 500m, data.Today.AddDays(5)), default)).Id;
            broken = (await PromiseOperations.RecordAsync(scope, new RecordPromise("411MARTIN", 500m, data.Today.AddDays(2)), default)).Id;
            pending = (await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 100m, data.Today.AddDays(30)), default)).Id;
        }

        await data.PayAsync(database, data.Dupont, "VIR-0002", data.Today.AddDays(3), 30000);
        await data.PayAsync(database, data.Dupont, "VIR-0003", data.Today.AddDays(6), 20000);
        await data.PayAsync(database, data.Martin, "VIR-0004", data.Today.AddDays(1), 10000);

        var asOf = data.Today.AddDays(6);
        await using (var db = database.For(data.Tenant))
        {
            var changes = await PromiseOperations.CheckAsync(data.Scope(db, asOf), asOf, default);
            changes.Select(c => (c.Id, c.Status, c.ResolvedOn)).ShouldBe([
                (broken, PromiseStatus.Broken, data.Today.AddDays(6)),
                (kept, PromiseStatus.Kept, data.Today.AddDays(6)),
            ], ignoreOrder: true);
            (await PromiseOperations.CheckAsync(data.Scope(db, asOf), asOf, default)).ShouldBeEmpty();
        }

        await using (var db = database.For(data.Tenant))
        {
            (await db.Set<PromiseToPay>().SingleAsync(p => p.Id == pending)).Status.ShouldBe(PromiseStatus.Pending);
            var events = await db.Set<TimelineEvent>().Where(e => e.Kind == "promise.kept" || e.Kind == "promise.broken").ToListAsync();
            events.Count.ShouldBe(2);
            events.Single(e => e.Kind == "promise.broken").Summary.ShouldContain("100.00 EUR received");
            events.Single(e => e.Kind == "promise.broken").CustomerId.ShouldBe(data.Martin.Id);

            // The planner's view: the broken promise no longer pauses MARTIN; DUPONT stays paused by the pending one.
            var martin = await DunningHoldOperations.PausesAsync(data.Scope(db, asOf), "411MARTIN", asOf, default);
            martin.CustomerPaused.ShouldBeFalse();
            var dupont = await DunningHoldOperations.PausesAsync(data.Scope(db, asOf), "411DUPONT", asOf, default);
            dupont.CustomerReasons.Single().SourceId.ShouldBe(pending);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Only_pending_promises_can_be_cancelled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);
        var promise = await PromiseOperations.RecordAsync(scope, new RecordPromise("411DUPONT", 100m, data.Today), default);

        (await PromiseOperations.CancelAsync(scope, promise.Id, "Customer changed their mind", default)).Status.ShouldBe(PromiseStatus.Cancelled);
        var cancelled = (await Should.ThrowAsync<OperationFailedException>(() => PromiseOperations.CancelAsync(scope, promise.Id, null, default))).Error;
        (cancelled.Kind, cancelled.Code).ShouldBe((ErrorKind.Conflict, "promise.notPending"));
        cancelled.Message("fr").ShouldBe("La promesse est déjà annulée : seule une promesse en attente peut être annulée.");
        cancelled.Message("en").ShouldBe("The promise is already cancelled: only a pending promise can be cancelled.");
        (await Should.ThrowAsync<OperationFailedException>(() => PromiseOperations.CancelAsync(scope, Guid.NewGuid(), null, default))).Error
            .ShouldSatisfyAllConditions(e => e.Kind.ShouldBe(ErrorKind.NotFound), e => e.Code.ShouldBe("promise.notFound"));
        (await PromiseOperations.ListAsync(scope, "411DUPONT", PromiseStatus.Cancelled, default)).Single().Id.ShouldBe(promise.Id);
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "promise.cancelled")).ShouldBe(1);
    }
}
