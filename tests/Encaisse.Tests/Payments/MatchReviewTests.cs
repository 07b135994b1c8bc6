using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Payments;

/// <summary>The review decisions on stored data: refusals leave the transaction untouched, a rejection sends it back to the unidentified receipts.</summary>
public sealed class MatchReviewTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Refuses_allocations_beyond_the_open_amount_or_the_credit(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.Factory.Create(tenant.Id);

        // FA-2025-0950 has 460,40 left (860,40 − 400,00 paid).
        var tooMuch = await MatchReview.AllocateAsync(db, queued.TwoInvoices.Id, "411DUPONT", [new AllocationLine("FA-2025-0950", 500_00)], "t", [], clock, default);
        tooMuch.IsOk.ShouldBeFalse();
        tooMuch.Error.ShouldNotBeNull().Code.ShouldBe("allocation.overSettles");
        tooMuch.Error.Message("fr").ShouldStartWith("La facture FA-2025-0950 n'a plus que 460,40 €");
        var overCredit = await MatchReview.AllocateAsync(db, queued.ExactAmount.Id, "411DUPONT",
            [new AllocationLine("FA-2026-0101", 1_234_56), new AllocationLine("FA-2026-0142", 1_00)], "t", [], clock, default);
        overCredit.Error!.Code.ShouldBe("bank.allocationsExceedCredit");
        var twice = await MatchReview.AllocateAsync(db, queued.TwoInvoices.Id, "411DUPONT",
            [new AllocationLine("FA-2026-0142", 1_00), new AllocationLine("FA-2026-0142", 2_00)], "t", [], clock, default);
        twice.Error!.Code.ShouldBe("allocation.invoiceTwice");
        (await MatchReview.AllocateAsync(db, queued.TwoInvoices.Id, "411NOBODY", [], "t", [], clock, default)).Error!.Code.ShouldBe("customer.notFound");

        (await db.Set<BankTransaction>().CountAsync(t => t.Status == BankTransactionStatus.Review)).ShouldBe(2);
        (await db.Payments.CountAsync()).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejected_proposal_becomes_an_unidentified_receipt_and_can_be_allocated_by_hand(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.Factory.Create(tenant.Id);

        (await MatchReview.RejectAsync(db, queued.ExactAmount.Id, "claire", "paiement d'un autre dossier", QueueSeed.Now, default)).IsOk.ShouldBeTrue();
        var tx = await db.Set<BankTransaction>().AsNoTracking().SingleAsync(t => t.Id == queued.ExactAmount.Id);
        tx.Status.ShouldBe(BankTransactionStatus.Unmatched);
        tx.CustomerId.ShouldBeNull();
        tx.Proposal.ShouldNotBeNull();
        (await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "payment.proposalRejected")).Summary.ShouldEndWith(": paiement d'un autre dossier");
        (await MatchReview.RejectAsync(db, queued.ExactAmount.Id, "claire", null, QueueSeed.Now, default)).Error!.Kind.ShouldBe(Encaisse.Operations.ErrorKind.Conflict);
        (await MatchReview.AcceptAsync(db, queued.ExactAmount.Id, "claire", clock, default)).IsOk.ShouldBeTrue();
        (await db.Allocations.Where(a => a.InvoiceId == web.Overdue.Id).SumAsync(a => a.AmountMinor)).ShouldBe(1_234_56);
    }

}
