using Encaisse.Dunning;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

/// <summary>
/// The collections acts of the customer page and the portal answer results with coded errors, never exceptions: the shared
/// operations' refusals come back as their codes, an invoice of another customer and an unknown customer have their own;
/// nothing is written when refused. On SQLite and PostgreSQL.
/// </summary>
public sealed class CollectionActionsTests
{
    private static readonly Acting Marie = new("marie", new DateTimeOffset(2026, 3, 16, 10, 0, 0, TimeSpan.Zero), WebSeed.Today);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Refusals_are_coded_results_and_write_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);
        var bernardsInvoice = await db.Invoices.Where(i => i.CustomerId == seed.Bernard.Id).Select(i => i.Id).SingleAsync();

        var notHers = (await CollectionActions.OpenDisputeAsync(db, Marie, seed.Dupont.Id, [bernardsInvoice], DisputeReason.Price, null, "collector", default)).Error!;
        (notHers.Kind, notHers.Code).ShouldBe((ErrorKind.NotFound, "collections.invoiceNotOfCustomer"));
        notHers.Message("fr").ShouldBe("Cette facture n'est pas une facture de ce client.");
        notHers.Message("en").ShouldBe("This invoice is not one of this customer's.");
        (await CollectionActions.PauseDunningAsync(db, Marie, seed.Dupont.Id, bernardsInvoice, "Litige", null, default)).Error!.Code
            .ShouldBe("collections.invoiceNotOfCustomer");

        var nobody = Guid.NewGuid();
        (await CollectionActions.AddNoteAsync(db, Marie, nobody, "Rappeler lundi", default)).Error!.ShouldSatisfyAllConditions(
            e => e.Kind.ShouldBe(ErrorKind.NotFound), e => e.Code.ShouldBe("customer.notFound"));
        (await CollectionActions.LogCallAsync(db, Marie, nobody, "reached", null, null, default)).Error!.Code.ShouldBe("customer.notFound");
        (await CollectionActions.LogCallAsync(db, Marie, seed.Dupont.Id, "Joint", null, null, default)).Error!.Code.ShouldBe("call.outcomeUnknown");
        (await CollectionActions.ReceiveCustomerMessageAsync(db, Marie, nobody, "Bonjour", default)).Error!.Code.ShouldBe("customer.notFound");

        // A shared operation's rule: a promise in the past is refused with its field named.
        var past = (await CollectionActions.RecordPromiseAsync(db, Marie, seed.Dupont.Id, 100_00, "EUR", WebSeed.Today.AddDays(-1), "phone", null, default)).Error!;
        (past.Kind, past.Code).ShouldBe((ErrorKind.Invalid, "promise.datePast"));
        past.Fields.Select(f => f.Field).ShouldBe(["date"]);
        past.Message("fr").ShouldBe("La date promise (15/03/2026) est passée : nous sommes le 16/03/2026.");
        past.Message("en").ShouldBe("The promised date 2026-03-15 is in the past (today is 2026-03-16).");

        db.ChangeTracker.Clear();
        (await db.Set<Dispute>().CountAsync()).ShouldBe(0);
        (await db.Set<PromiseToPay>().CountAsync(p => p.CustomerId == seed.Dupont.Id)).ShouldBe(0);
        (await db.Set<TimelineEvent>().CountAsync()).ShouldBe(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dispute_is_opened_once_and_the_second_on_the_same_invoice_is_refused_by_the_shared_rule(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var seed = await WebSeed.AddAsync(database.Factory, tenant);
        await using var db = database.For(tenant);

        var id = (await CollectionActions.OpenDisputeAsync(db, Marie, seed.Dupont.Id, [seed.Overdue.Id], DisputeReason.Price, "Remise oubliée", "collector", default)).OrThrow();
        var again = (await CollectionActions.OpenDisputeAsync(db, Marie, seed.Dupont.Id, [seed.Overdue.Id], DisputeReason.Price, null, "collector", default)).Error!;
        (again.Kind, again.Code).ShouldBe((ErrorKind.Invalid, "dispute.alreadyOpen"));
        again.Fields.ShouldHaveSingleItem().Field.ShouldBe("invoiceNumbers");

        db.ChangeTracker.Clear();
        var dispute = await db.Set<Dispute>().SingleAsync();
        (dispute.Id, dispute.Owner, dispute.Channel).ShouldBe((id, "marie", "collector"));
        (await db.Set<TimelineEvent>().SingleAsync()).Kind.ShouldBe("dispute.opened");
    }
}
