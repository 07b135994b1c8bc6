using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Running;

/// <summary>Putting failed and bounced rows back in the outbox, and giving them up.</summary>
public sealed class DunningDispatchTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bounce_is_requeued_to_the_corrected_address_with_a_new_message_id(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        await using var db = database.Factory.Create(tenant.Id);
        var action = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id);
        action.Status = DunningActionStatus.Sent;
        action.Outcome = "bounced: Status: 5.1.1";
        action.LastError = null;
        db.Add(new CollectionTask
        {
            TenantId = tenant.Id, CustomerId = action.CustomerId, Kind = CollectionTaskKind.BouncedEmail, Title = "Adresse en échec",
            DueOn = WebSeed.Today, DunningActionId = action.Id, CreatedAt = QueueSeed.Now,
        });
        var contact = await db.Contacts.SingleAsync(c => c.Id == action.ContactId);
        contact.Email = "compta@boulangerie-bernard.example";
        await db.SaveChangesAsync();

        (await DunningDispatch.RequeueAsync(db, action.Id, "marie", QueueSeed.Now, default)).ShouldBe(RequeueResult.Done);
        db.ChangeTracker.Clear();
        var requeued = await db.Set<DunningAction>().SingleAsync(a => a.Id == action.Id);
        requeued.Status.ShouldBe(DunningActionStatus.Planned);
        requeued.Attempts.ShouldBe(0);
        requeued.Recipient.ShouldBe("compta@boulangerie-bernard.example");
        requeued.MessageId.ShouldNotBe("step1.bernard@acme.example");
        requeued.LastError.ShouldBe("re-queued by marie after: bounced: Status: 5.1.1");
        (await db.Set<CollectionTask>().SingleAsync(t => t.DunningActionId == action.Id)).Status.ShouldBe(CollectionTaskStatus.Done);

        // Planned again: neither retry nor cancel applies until it fails once more.
        (await DunningDispatch.RequeueAsync(db, action.Id, "marie", QueueSeed.Now, default)).ShouldBe(RequeueResult.NotRetryable);
        (await DunningDispatch.CancelAsync(db, action.Id, "marie", QueueSeed.Now, default)).ShouldBe(RequeueResult.NotRetryable);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rejected_reminder_stays_rejected_and_a_failed_one_can_be_given_up(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        await using var db = database.Factory.Create(tenant.Id);
        (await DunningApprovals.RejectAsync(db, queued.Awaiting.Id, "claire", "litige commercial", QueueSeed.Now, default)).ShouldBe(ApprovalResult.Done);
        (await DunningDispatch.RequeueAsync(db, queued.Awaiting.Id, "marie", QueueSeed.Now, default)).ShouldBe(RequeueResult.NotRetryable);

        (await DunningDispatch.CancelAsync(db, queued.Failed.Id, "marie", QueueSeed.Now, default)).ShouldBe(RequeueResult.Done);
        db.ChangeTracker.Clear();
        var cancelled = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id);
        cancelled.Status.ShouldBe(DunningActionStatus.Cancelled);
        cancelled.LastError.ShouldBe("cancelled by marie after: attempt 5: SocketException: Connection refused");
        (await db.Set<Encaisse.Ledger.TimelineEvent>().SingleAsync(e => e.Kind == "dunning.abandoned")).Actor.ShouldBe("marie");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reminder_approved_after_its_invoice_was_disputed_is_cancelled_not_sent(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        await using var db = database.Factory.Create(tenant.Id);
        // Since the run planned it, the customer disputed the invoice the reminder is about.
        var dispute = new Dispute
        {
            TenantId = tenant.Id, CustomerId = web.Dupont.Id, AmountMinor = web.Overdue.GrossMinor, Reason = DisputeReason.Quality,
            Status = DisputeStatus.Open, OpenedOn = WebSeed.Today, CreatedAt = QueueSeed.Now,
        };
        dispute.Invoices.Add(new DisputedInvoice { TenantId = tenant.Id, DisputeId = dispute.Id, InvoiceId = web.Overdue.Id });
        db.Add(dispute);
        await db.SaveChangesAsync();

        (await DunningApprovals.ApproveAsync(db, queued.Awaiting.Id, "claire", QueueSeed.Now, default)).ShouldBe(ApprovalResult.Done);
        // A second approval (another browser) finds the decision taken and changes nothing.
        (await DunningApprovals.ApproveAsync(db, queued.Awaiting.Id, "julien", QueueSeed.Now, default)).ShouldBe(ApprovalResult.NotAwaiting);

        var result = await DunningDispatch.SendNowAsync(db, tenant, new DunningChannels(), FakeClock.At(WebSeed.Today), "claire", [queued.Awaiting.Id], default);
        (result.Sent, result.Skipped).ShouldBe((0, 1));
        db.ChangeTracker.Clear();
        var action = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id);
        action.Status.ShouldBe(DunningActionStatus.Cancelled);
        action.ApprovedBy.ShouldBe("claire");
        action.LastError.ShouldNotBeNull().ShouldStartWith("cancelled: ");
    }
}
