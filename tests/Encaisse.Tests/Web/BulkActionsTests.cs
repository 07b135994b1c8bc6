using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Actions;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15's bulk actions at the operation level, on both databases: each item gets its own coded result, a refused
/// item does not stop the others, and a refused item leaves nothing written.
/// </summary>
public sealed class BulkActionsTests
{
    private static readonly DateTimeOffset Now = QueueSeed.Now;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Approving_several_reminders_sends_those_awaiting_and_reports_the_others(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        await QueueSeed.UseSmtpAsync(database.Factory, tenant, sink.Port);
        var missing = Guid.NewGuid();
        var clock = FakeClock.At(WebSeed.Today);

        await using (var db = database.For(tenant))
        {
            // The failed row is not awaiting approval: refused, left as it was; an unknown id: not found.
            var result = await ApprovalDecisions.ApproveAndSendManyAsync(db, tenant, new DunningChannels(), clock,
                [queued.Failed.Id, queued.Awaiting.Id, missing], "claire", default);
            result.Items.Select(i => i.Item).ShouldBe([queued.Failed.Id.ToString(), queued.Awaiting.Id.ToString(), missing.ToString()]);
            result.Items[0].Result.Error!.Code.ShouldBe("approval.notAwaiting");
            result.Items[0].Result.Error!.Kind.ShouldBe(ErrorKind.Conflict);
            result.Items[0].Result.Error!.Message("fr").ShouldBe("La relance de 411BERNARD n'attend plus de validation.");
            result.Items[1].Result.Value.Outcome.ShouldBe(ApprovalOutcome.Sent);
            result.Items[1].Result.Value.CustomerRef.ShouldBe("411DUPONT");
            result.Items[2].Result.Error!.Code.ShouldBe("approval.notFound");
            result.Done.Count.ShouldBe(1);
            result.Failed.Count.ShouldBe(2);
        }

        sink.Messages().ShouldHaveSingleItem().To.Mailboxes.Single().Address.ShouldBe("compta@dupont.example");
        await using (var db = database.For(tenant))
        {
            (await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id)).Status.ShouldBe(DunningActionStatus.Sent);
            var failed = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id);
            failed.Status.ShouldBe(DunningActionStatus.Failed);
            failed.ApprovedBy.ShouldBeNull();
            (await db.Set<TimelineEvent>().CountAsync(e => e.CustomerId == web.Bernard.Id)).ShouldBe(0);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rejecting_several_reminders_needs_one_reason_and_skips_each_awaiting_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var queued = await QueueSeed.AddAsync(database.Factory, tenant, web);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.For(tenant);

        var noReason = await ApprovalDecisions.RejectManyAsync(db, clock, [queued.Awaiting.Id], "claire", "  ", default);
        noReason.Error!.Code.ShouldBe("approval.reasonNeeded");
        (await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Id == queued.Awaiting.Id)).Status.ShouldBe(DunningActionStatus.AwaitingApproval);

        var result = (await ApprovalDecisions.RejectManyAsync(db, clock, [queued.Awaiting.Id, queued.Failed.Id], "claire", "Client en négociation", default)).Value;
        result.Items[0].Result.Value.Outcome.ShouldBe(ApprovalOutcome.Rejected);
        result.Items[1].Result.Error!.Code.ShouldBe("approval.notAwaiting");
        var rejected = await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Id == queued.Awaiting.Id);
        rejected.Status.ShouldBe(DunningActionStatus.Skipped);
        rejected.LastError.ShouldBe("rejected by claire: Client en négociation");
        (await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Id == queued.Failed.Id)).Status.ShouldBe(DunningActionStatus.Failed);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assigning_a_collector_checks_the_role_then_each_customer(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        var at = new Acting("claire", Now, WebSeed.Today);
        await using var db = database.For(tenant);

        // claire is a credit manager, paul is no user: the request is refused as a whole, nothing changes.
        foreach (var who in new[] { "claire", "paul", "" })
        {
            var refused = await CustomerBulkActions.AssignCollectorAsync(db, at, who, ["411BERNARD"], default);
            refused.Error!.Code.ShouldBe("bulk.collectorUnknown");
            refused.Error.Kind.ShouldBe(ErrorKind.Invalid);
        }

        (await CustomerBulkActions.AssignCollectorAsync(db, at, "marie", [], default)).Error!.Code.ShouldBe("bulk.nothingSelected");
        (await db.Customers.AsNoTracking().SingleAsync(c => c.ExternalRef == "411BERNARD")).Collector.ShouldBe("paul");

        var result = (await CustomerBulkActions.AssignCollectorAsync(db, at, "marie", ["411BERNARD", "411DUPONT", "411NOPE", "411LEROY"], default)).Value;
        result.Items.Select(i => i.Item).ShouldBe(["411BERNARD", "411DUPONT", "411NOPE", "411LEROY"]);
        result.Items[0].Result.Value.ShouldBe(new CollectorAssigned("411BERNARD", "paul", "marie", Changed: true));
        result.Items[1].Result.Value.Changed.ShouldBeFalse();
        result.Items[2].Result.Error!.Code.ShouldBe("customer.notFound");
        result.Items[2].Result.Error!.Message("fr").ShouldBe("Aucun client 411NOPE.");
        result.Items[3].Result.IsOk.ShouldBeTrue();

        var customers = await db.Customers.AsNoTracking().Where(c => c.ExternalRef == "411BERNARD" || c.ExternalRef == "411LEROY").ToListAsync();
        customers.ShouldAllBe(c => c.Collector == "marie");
        var entry = await db.Set<TimelineEvent>().AsNoTracking().SingleAsync(e => e.CustomerId == web.Bernard.Id && e.Kind == "customer.collectorAssigned");
        entry.Actor.ShouldBe("claire");
        TimelineText.Render(entry.Data, "fr").ShouldBe("Client confié à marie");
        // Dupont was already marie's: nothing written.
        (await db.Set<TimelineEvent>().CountAsync(e => e.CustomerId == web.Dupont.Id)).ShouldBe(0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sending_statements_mails_each_customer_with_an_address_and_reports_the_others(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var web = await WebSeed.AddAsync(database.Factory, tenant);
        await QueueSeed.UseSmtpAsync(database.Factory, tenant, sink.Port);
        var clock = FakeClock.At(WebSeed.Today);
        await using var db = database.For(tenant);

        var result = (await CustomerBulkActions.SendStatementsAsync(db, tenant, new DunningChannels(), clock, new Acting("claire", Now, WebSeed.Today),
            ["411DUPONT", "411MARTIN", "411NOPE"], default)).Value;
        result.Items[0].Result.IsOk.ShouldBeTrue();
        result.Items[1].Result.Error!.Code.ShouldBe("statement.noEmail");
        result.Items[1].Result.Error!.Message("en").ShouldBe("No working e-mail address for customer 411MARTIN.");
        result.Items[2].Result.Error!.Code.ShouldBe("customer.notFound");

        var mail = sink.Messages().ShouldHaveSingleItem();
        mail.To.Mailboxes.Single().Address.ShouldBe("compta@dupont.example");
        mail.Attachments.Single().ContentType.MimeType.ShouldBe("application/pdf");
        var documents = await db.Set<CustomerDocument>().AsNoTracking().ToListAsync();
        documents.ShouldHaveSingleItem().Id.ShouldBe(result.Items[0].Result.Value.DocumentId);
        documents[0].SentTo.ShouldBe("compta@dupont.example");
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "statement.sent")).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_statement_the_mail_server_refuses_leaves_nothing_written(string provider)
    {
        int closedPort;
        await using (var gone = await SmtpSink.StartAsync())
        {
            closedPort = gone.Port;
        }

        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        await QueueSeed.UseSmtpAsync(database.Factory, tenant, closedPort);
        await using var db = database.For(tenant);

        var result = (await CustomerBulkActions.SendStatementsAsync(db, tenant, new DunningChannels(), FakeClock.At(WebSeed.Today),
            new Acting("claire", Now, WebSeed.Today), ["411DUPONT"], default)).Value;
        var error = result.Items.Single().Result.Error!;
        error.Code.ShouldBe("statement.sendFailed");
        error.Kind.ShouldBe(ErrorKind.Failed);
        (await db.Set<CustomerDocument>().CountAsync()).ShouldBe(0);
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "statement.sent")).ShouldBe(0);
    }
}
