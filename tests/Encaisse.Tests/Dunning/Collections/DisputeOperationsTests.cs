using Encaisse.Dunning;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class DisputeOperationsTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opening_defaults_the_amount_to_the_open_amounts_and_writes_history_and_timeline(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);

        var view = await DisputeOperations.OpenAsync(data.Scope(db), new OpenDispute("411DUPONT", ["FA-001", "FA-002"], DisputeReason.Quality, Description: "Defective pallets"), default);

        view.Status.ShouldBe(DisputeStatus.Open);
        view.AmountMinor.ShouldBe(180000);
        view.InvoiceNumbers.ShouldBe(["FA-001", "FA-002"]);
        view.Owner.ShouldBe("marie");
        view.OpenedOn.ShouldBe(data.Today);
        view.History.Single().ToStatus.ShouldBe(DisputeStatus.Open);
        var timeline = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "dispute.opened");
        timeline.Summary.ShouldContain("FA-001, FA-002");
        timeline.Summary.ShouldContain("1800.00 EUR");
        timeline.Actor.ShouldBe("marie");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Opening_refuses_foreign_paid_cancelled_credit_notes_unknown_and_excessive_amounts(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);

        // Each refusal is "field: code", its sentence written by the catalogue in the reader's language.
        async Task<OperationError> Refusal(OpenDispute request) =>
            (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.OpenAsync(scope, request, default))).Error;
        async Task<string> ErrorOf(OpenDispute request)
        {
            var e = await Refusal(request);
            e.Kind.ShouldBe(ErrorKind.Invalid);
            return e.Fields.Single().Field + ": " + e.Code;
        }

        var foreign = await Refusal(new OpenDispute("411DUPONT", ["FA-100"], DisputeReason.Price));
        (foreign.Fields.Single().Field, foreign.Code).ShouldBe(("invoiceNumbers", "dispute.invoiceOfAnotherCustomer"));
        foreign.Message("fr").ShouldBe("La facture FA-100 appartient à un autre client.");
        foreign.Fields.Single().Reason.ShouldBe("Invoice FA-100 belongs to another customer.");
        (await ErrorOf(new OpenDispute("411DUPONT", ["FA-003"], DisputeReason.Price))).ShouldBe("invoiceNumbers: dispute.invoicePaid");
        (await ErrorOf(new OpenDispute("411DUPONT", ["FA-004"], DisputeReason.Price))).ShouldBe("invoiceNumbers: dispute.invoiceCancelled");
        (await ErrorOf(new OpenDispute("411DUPONT", ["AV-001"], DisputeReason.Price))).ShouldBe("invoiceNumbers: dispute.notAnInvoice");
        (await Refusal(new OpenDispute("411DUPONT", ["NOPE"], DisputeReason.Price))).Message("en").ShouldBe("No invoice 'NOPE'.");
        (await ErrorOf(new OpenDispute("411DUPONT", [], DisputeReason.Price))).ShouldBe("invoiceNumbers: dispute.noInvoice");
        var above = await Refusal(new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Price, Amount: 600.01m));
        (above.Fields.Single().Field, above.Code).ShouldBe(("amount", "dispute.aboveOpen"));
        above.Message("fr").ShouldBe("Le montant contesté dépasse le reste dû sur les factures (600,00 €).");
        (await ErrorOf(new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Price, Amount: 0m))).ShouldBe("amount: dispute.amountNotPositive");
        (await Refusal(new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Price, Amount: 10.001m))).Message("en").ShouldBe("EUR amounts have at most 2 decimals.");
        var nobody = await Refusal(new OpenDispute("411NOBODY", ["FA-001"], DisputeReason.Price));
        (nobody.Kind, nobody.Code).ShouldBe((ErrorKind.NotFound, "customer.notFound"));

        await DisputeOperations.OpenAsync(scope, new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Price, Amount: 100m), default);
        (await ErrorOf(new OpenDispute("411DUPONT", ["FA-002"], DisputeReason.Price))).ShouldBe("invoiceNumbers: dispute.alreadyOpen");
        (await db.Set<Dispute>().CountAsync()).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Review_then_resolve_allocates_the_credit_note_and_keeps_the_history(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        Guid id;
        await using (var db = database.For(data.Tenant))
        {
            id = (await DisputeOperations.OpenAsync(data.Scope(db), new OpenDispute("411DUPONT", ["FA-001"], DisputeReason.Price, Amount: 200m), default)).Id;
        }

        await using (var db = database.For(data.Tenant))
        {
            var scope = data.Scope(db, data.Today.AddDays(2), "claire");
            await DisputeOperations.ChangeStatusAsync(scope, id, DisputeStatus.InReview, "Asked sales", null, default);
            var missing = (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.ChangeStatusAsync(scope, id, DisputeStatus.ResolvedWithCreditNote, null, null, default))).Error;
            (missing.Fields.Single().Field, missing.Code).ShouldBe(("creditNoteNumber", "dispute.creditNoteRequired"));
            var notCredit = (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.ChangeStatusAsync(scope, id, DisputeStatus.ResolvedWithCreditNote, null, "FA-002", default))).Error;
            (notCredit.Fields.Single().Field, notCredit.Code).ShouldBe(("creditNoteNumber", "dispute.notACreditNote"));
            notCredit.Message("fr").ShouldBe("FA-002 est une facture, pas un avoir.");
            var resolved = await DisputeOperations.ChangeStatusAsync(scope, id, DisputeStatus.ResolvedWithCreditNote, "Price error confirmed", "AV-001", default);

            resolved.Status.ShouldBe(DisputeStatus.ResolvedWithCreditNote);
            resolved.ClosedOn.ShouldBe(data.Today.AddDays(2));
            resolved.CreditNoteNumber.ShouldBe("AV-001");
            resolved.History.Select(h => h.ToStatus).ShouldBe([DisputeStatus.Open, DisputeStatus.InReview, DisputeStatus.ResolvedWithCreditNote]);
            resolved.History[1].Actor.ShouldBe("claire");
            resolved.History[2].Comment.ShouldBe("Price error confirmed");
            resolved.NextStatuses.ShouldBeEmpty();
        }

        await using (var db = database.For(data.Tenant))
        {
            var allocation = await db.Allocations.SingleAsync(a => a.CreditNoteId != null);
            allocation.AmountMinor.ShouldBe(20000);
            allocation.Source.ShouldBe("dispute");
            var position = await CustomerPositions.LoadAsync(db, data.Dupont.Id, data.Today.AddDays(2), default);
            position.OpenOf(allocation.InvoiceId).ShouldBe(100000);
            position.BalanceIn("EUR").ShouldBe(160000);
            var kinds = await db.Set<TimelineEvent>().Select(e => e.Kind).ToListAsync();
            kinds.ShouldBe(["dispute.opened", "dispute.in_review", "creditNote.applied", "dispute.resolved"], ignoreOrder: true);
            var again = (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.ChangeStatusAsync(data.Scope(db), id, DisputeStatus.Open, null, null, default))).Error;
            (again.Kind, again.Code, again.Fields.Single().Field).ShouldBe((ErrorKind.Invalid, "dispute.closed", "status"));
            again.Message("fr").ShouldBe("Le litige est résolu par avoir et ne peut plus changer de statut.");
            again.Message("en").ShouldBe("The dispute is resolved with a credit note and can no longer change.");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task List_filters_by_status_and_customer(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        await using var db = database.For(data.Tenant);
        var scope = data.Scope(db);
        var a = await DisputeOperations.OpenAsync(scope, new OpenDispute("411DUPONT", ["FA-001"], DisputeReason.Quality), default);
        await DisputeOperations.OpenAsync(scope, new OpenDispute("411MARTIN", ["FA-100"], DisputeReason.NotReceived), default);
        await DisputeOperations.ChangeStatusAsync(scope, a.Id, DisputeStatus.Rejected, "Delivered and signed", null, default);

        (await DisputeOperations.ListAsync(scope, null, null, false, default)).Count.ShouldBe(2);
        (await DisputeOperations.ListAsync(scope, DisputeStatus.Rejected, null, false, default)).Single().CustomerRef.ShouldBe("411DUPONT");
        (await DisputeOperations.ListAsync(scope, null, "411MARTIN", false, default)).Single().Reason.ShouldBe(DisputeReason.NotReceived);
        (await DisputeOperations.ListAsync(scope, null, null, true, default)).Single().CustomerRef.ShouldBe("411MARTIN");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Another_tenant_sees_nothing_of_a_tenants_disputes_and_customers(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var data = await CollectionsData.SeedAsync(database);
        var other = await database.AddTenantAsync("other");
        Guid id;
        await using (var db = database.For(data.Tenant))
        {
            id = (await DisputeOperations.OpenAsync(data.Scope(db), new OpenDispute("411DUPONT", ["FA-001"], DisputeReason.Quality), default)).Id;
        }

        await using (var db = database.For(other))
        {
            var scope = new CollectionsScope(db, other, FakeClock.At(data.Today), "intruder");
            (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.GetAsync(scope, id, default))).Error.Code.ShouldBe("dispute.notFound");
            (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.ChangeStatusAsync(scope, id, DisputeStatus.Rejected, null, null, default))).Error.Kind.ShouldBe(ErrorKind.NotFound);
            (await Should.ThrowAsync<OperationFailedException>(() => DisputeOperations.OpenAsync(scope, new OpenDispute("411DUPONT", ["FA-001"], DisputeReason.Quality), default))).Error.Code.ShouldBe("customer.notFound");
            (await DisputeOperations.ListAsync(scope, null, null, false, default)).ShouldBeEmpty();
        }
    }
}
