using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Dunning.Running;

public class DunningRunnerTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stores_then_sends_one_grouped_email_and_a_second_run_sends_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411DUPONT");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-001", Due, 1234.56m);
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-007", Due.AddDays(5), 100m);
        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(12));
        var email = new RecordingEmailSender();
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });

        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        var again = await runner.RunAsync(tenant, new DunningRunOptions(), default);

        report.Sent.ShouldBe(1);
        again.Stored.ShouldBe(0);
        again.Sent.ShouldBe(0);
        var message = email.Sent.ShouldHaveSingleItem();
        // The first message is the first step that applies (the reminder), even when an invoice is 12 days late.
        message.Subject.ShouldBe("Relance : factures échues — ACME Industrie SAS");
        message.HtmlBody!.ShouldContain("FA-2026-001");
        message.HtmlBody!.ShouldContain("FA-2026-007");
        message.HtmlBody!.ShouldContain("1 334,56 €");
        var action = (await DunningTestData.ActionsAsync(database, tenant)).ShouldHaveSingleItem();
        action.Status.ShouldBe(DunningActionStatus.Sent);
        action.StepKey.ShouldBe("step:2");
        action.MessageId.ShouldBe(message.MessageId);
        action.Outcome.ShouldStartWith("250");
        action.Body.ShouldBe(message.HtmlBody);
        action.ContentHash!.Length.ShouldBe(64);
        await using var db = database.For(tenant);
        (await db.Set<TimelineEvent>().CountAsync(e => e.Kind == "dunning.sent")).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Crash_between_store_and_send_then_rerun_sends_exactly_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411A");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", Due, 500m);
        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(3));
        var email = new RecordingEmailSender();
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });

        await Should.ThrowAsync<IOException>(() => runner.RunAsync(tenant,
            new DunningRunOptions { Checkpoint = (point, _) => point == "stored" ? throw new IOException("power cut") : Task.CompletedTask }, default));
        email.Sent.ShouldBeEmpty();
        (await DunningTestData.ActionsAsync(database, tenant)).ShouldHaveSingleItem().Status.ShouldBe(DunningActionStatus.Planned);

        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        report.Sent.ShouldBe(1);
        email.Sent.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Crash_between_send_and_mark_is_never_resent_and_asks_a_person(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411B");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", Due, 500m);
        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(3));
        var email = new RecordingEmailSender();
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });

        await Should.ThrowAsync<IOException>(() => runner.RunAsync(tenant,
            new DunningRunOptions { Checkpoint = (point, _) => point == "delivered" ? throw new IOException("killed") : Task.CompletedTask }, default));
        email.Sent.Count.ShouldBe(1);

        // Right after the crash the claim is fresh: another run leaves it alone.
        await runner.RunAsync(tenant, new DunningRunOptions(), default);
        (await DunningTestData.ActionsAsync(database, tenant)).ShouldHaveSingleItem().Status.ShouldBe(DunningActionStatus.Sending);

        clock.Advance(TimeSpan.FromMinutes(20));
        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        report.Interrupted.ShouldBe(1);
        email.Sent.Count.ShouldBe(1);
        var action = (await DunningTestData.ActionsAsync(database, tenant)).ShouldHaveSingleItem();
        action.Status.ShouldBe(DunningActionStatus.Failed);
        action.LastError!.ShouldContain(action.MessageId!);
        await using var db = database.For(tenant);
        (await db.Set<CollectionTask>().SingleAsync()).Kind.ShouldBe(CollectionTaskKind.Review);
    }

    [Fact]
    public async Task A_failing_server_is_retried_with_backoff_then_sent()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411C");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", Due, 500m);
        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(3));
        var email = new RecordingEmailSender { Fail = _ => new IOException("421 try later") };
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });

        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Retrying.ShouldBe(1);
        var first = (await DunningTestData.ActionsAsync(database, tenant)).Single();
        first.Status.ShouldBe(DunningActionStatus.Planned);
        first.Attempts.ShouldBe(1);
        first.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddMinutes(5));

        clock.Advance(TimeSpan.FromMinutes(2));
        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Retrying.ShouldBe(0); // not due yet
        clock.Advance(TimeSpan.FromMinutes(4));
        email.Fail = null;
        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);
        (await DunningTestData.ActionsAsync(database, tenant)).Single().Attempts.ShouldBe(2);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Formal_notice_waits_for_approval_and_its_pdf_shows_amounts_and_invoices(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411MED");
        var invoice = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-0042", Due, 12345.67m);
        await DunningTestData.SettingsAsync(database, tenant);
        await DunningTestData.SentAsync(database, tenant, customer, [invoice], (2, Due.AddDays(3)), (3, Due.AddDays(10)), (4, Due.AddDays(20)));
        var clock = FakeClock.At(Due.AddDays(31));
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = new RecordingEmailSender() });

        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        report.AwaitingApproval.ShouldBe(1);
        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single(a => a.StepKey == "step:5");
        action.Status.ShouldBe(DunningActionStatus.AwaitingApproval);
        action.Channel.ShouldBe(DunningChannel.Letter);

        await using (var db = database.For(tenant))
        {
            (await DunningApprovals.ApproveAsync(db, action.Id, "credit.manager", clock.GetUtcNow(), default)).ShouldBe(ApprovalResult.Done);
        }

        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);
        var sent = (await DunningTestData.ActionsAsync(database, tenant)).Single(a => a.StepKey == "step:5");
        sent.Status.ShouldBe(DunningActionStatus.Sent);
        sent.ApprovedBy.ShouldBe("credit.manager");
        using var pdf = PdfDocument.Open(sent.Document!);
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        text.ShouldContain("FA-2026-0042");
        text.ShouldContain("12 345,67");
        text.ShouldContain("demeure");
        // Legal claims (L441-10): 31 days late (17/03 to 16/04/2026) at 2026-H1 ECB 2.15 % + 10 points:
        // 12 345.67 × 12.15 % × 31 / 365 = 127.40; the €40 indemnity; total 12 345.67 + 127.40 + 40 = 12 513.07.
        text.ShouldContain("127,40");
        text.ShouldContain("40,00");
        text.ShouldContain("12 513,07");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Letters_claim_interest_at_the_stored_rate_after_rates_set(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411RATE");
        var invoice = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-0043", Due, 12345.67m);
        await DunningTestData.SettingsAsync(database, tenant);
        await DunningTestData.SentAsync(database, tenant, customer, [invoice], (2, Due.AddDays(3)), (3, Due.AddDays(10)), (4, Due.AddDays(20)));
        await using (var db = database.Factory.Create())
        {
            // As 'encaisse rates set --half-year 2026H1 --ecb 4.15' would.
            await Encaisse.Legal.Storage.ReferenceRateStore.SetAsync(db,
                new Encaisse.Legal.Rates.ReferenceRate(new Encaisse.Legal.Rates.HalfYear(2026, 1), 4.15m, 6.67m, 2.62m), DateTimeOffset.UtcNow);
        }

        var clock = FakeClock.At(Due.AddDays(31));
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = new RecordingEmailSender() });
        await runner.RunAsync(tenant, new DunningRunOptions(), default);
        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single(a => a.StepKey == "step:5");
        await using (var db = database.For(tenant))
        {
            (await DunningApprovals.ApproveAsync(db, action.Id, "credit.manager", clock.GetUtcNow(), default)).ShouldBe(ApprovalResult.Done);
        }

        await runner.RunAsync(tenant, new DunningRunOptions(), default);
        using var pdf = PdfDocument.Open((await DunningTestData.ActionsAsync(database, tenant)).Single(a => a.StepKey == "step:5").Document!);
        var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        // 31 days at 4.15 % + 10 points: 12 345.67 × 14.15 % × 31 / 365 = 148.37; total 12 345.67 + 148.37 + 40 = 12 534.04.
        text.ShouldContain("148,37");
        text.ShouldContain("12 534,04");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Paying_cancels_what_is_pending_and_tasks_land_in_the_collector_queue(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411CALL");
        var invoice = await DunningTestData.AddInvoiceAsync(database, tenant, customer, "F1", Due, 900m);
        await DunningTestData.SettingsAsync(database, tenant);
        await DunningTestData.SentAsync(database, tenant, customer, [invoice], (2, Due.AddDays(3)), (3, Due.AddDays(10)));
        var clock = FakeClock.At(Due.AddDays(21));
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = new RecordingEmailSender() });

        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);
        await using (var db = database.For(tenant))
        {
            var task = await db.Set<CollectionTask>().SingleAsync();
            task.Kind.ShouldBe(CollectionTaskKind.Call);
            task.AssignedTo.ShouldBe("marie.durand");
            task.Title.ShouldContain("900,00 €");
        }

        clock.SetDate(Due.AddDays(31));
        await runner.RunAsync(tenant, new DunningRunOptions(), default);
        (await DunningTestData.ActionsAsync(database, tenant)).Last().Status.ShouldBe(DunningActionStatus.AwaitingApproval);
        await DunningTestData.PayAsync(database, tenant, invoice, Due.AddDays(32));
        clock.SetDate(Due.AddDays(33));
        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);
        report.Cancelled.ShouldBe(1);
        (await DunningTestData.ActionsAsync(database, tenant)).Last().Status.ShouldBe(DunningActionStatus.Cancelled);
    }

    [Fact]
    public async Task Two_concurrent_runners_on_postgres_never_send_the_same_action()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        var tenant = await database.AddTenantAsync();
        for (var i = 0; i < 40; i++)
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411C{i:00}");
            await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"F{i:00}", Due, 100m + i);
        }

        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(3));
        var email = new RecordingEmailSender { Delay = TimeSpan.FromMilliseconds(5) };
        var channels = new DunningChannels { Email = email };
        var reports = await Task.WhenAll(
            Task.Run(() => new DunningRunner(database.Factory, clock, channels).RunAsync(tenant, new DunningRunOptions { RunnerId = "node-a" }, default)),
            Task.Run(() => new DunningRunner(database.Factory, clock, channels).RunAsync(tenant, new DunningRunOptions { RunnerId = "node-b" }, default)));

        email.Sent.Count.ShouldBe(40);
        email.Sent.Select(m => m.MessageId).Distinct().Count().ShouldBe(40);
        reports.Sum(r => r.Sent).ShouldBe(40);
        var actions = await DunningTestData.ActionsAsync(database, tenant);
        actions.Count.ShouldBe(40);
        actions.ShouldAllBe(a => a.Status == DunningActionStatus.Sent && a.Attempts == 1);
    }
}
