using Encaisse.Dunning;
using Encaisse.Dunning.Scheduling;
using Encaisse.Ledger;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Scheduling;

/// <summary>
/// The real thing: `encaisse serve` sending the day's reminders through a real SMTP server is killed with SIGKILL in the
/// middle of its sending phase; a new `serve` on the same database resumes the day once the lease lapses.
/// </summary>
public class ServeKillTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_killed_while_sending_is_resumed_by_a_restart_with_no_duplicate_and_nothing_stranded(string provider)
    {
        const int Customers = 20;
        await using var smtp = await SmtpSink.StartAsync(answerAfter: TimeSpan.FromMilliseconds(250));
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var today = BusinessCalendar.Today(TimeProvider.System, tenant.TimeZone);
        for (var i = 0; i < Customers; i++)
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411KILL{i:00}");
            await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"FK-{i:00}", today.AddDays(-4), 100m + i);
        }

        // The day's run starts as soon as a server is up (run hour 0), e-mails go to the sink.
        await DunningTestData.SettingsAsync(database, tenant, s => (s.RunHour, s.SmtpPort, s.SmtpSecurity) = (0, smtp.Port, SmtpSecurity.None));
        var environment = new Dictionary<string, string> { ["ENCAISSE_RUN_LEASE_SECONDS"] = "3" };
        var db = database.Target.ConnectionString;

        await using (var first = ServeProcess.Start(db, environment))
        {
            await WaitAsync(async () => await CountAsync(database, tenant, DunningActionStatus.Sent) >= 5, first, "5 e-mails sent");
            first.KillHard();
        }

        (await CountAsync(database, tenant, DunningActionStatus.Sent)).ShouldBeLessThan(Customers, "the kill came too late to prove anything");
        (await RunAsync(database, tenant)).Phase.ShouldBe(DailyRunPhase.Sending);

        await using (var restarted = ServeProcess.Start(db, environment))
        {
            await WaitAsync(async () => (await RunAsync(database, tenant)).Phase == DailyRunPhase.Done, restarted, "the day done");
        }

        var run = await RunAsync(database, tenant);
        run.Claims.ShouldBe(2);
        await using var check = database.For(tenant);
        var actions = await check.Set<DunningAction>().AsNoTracking().Where(a => a.TemplateKey != DunningTestData.Earlier).ToListAsync();
        actions.Count.ShouldBe(Customers);
        // Nothing stranded: every reminder sent, except at most the one in flight at the kill (it may have left: review).
        actions.ShouldAllBe(a => a.Status == DunningActionStatus.Sent || (a.Status == DunningActionStatus.Failed && a.AttemptStartedAt != null));
        var review = actions.Where(a => a.Status == DunningActionStatus.Failed).ToList();
        review.Count.ShouldBeLessThanOrEqualTo(1);
        (await check.Set<CollectionTask>().CountAsync(t => t.Kind == CollectionTaskKind.Review)).ShouldBe(review.Count);
        // No duplicate: one message per Message-ID at the server, and each one sent is there.
        var received = smtp.Messages().Select(m => m.MessageId).ToList();
        received.Distinct().Count().ShouldBe(received.Count);
        foreach (var sent in actions.Where(a => a.Status == DunningActionStatus.Sent))
        {
            received.ShouldContain(sent.MessageId);
        }

        received.Count.ShouldBeLessThanOrEqualTo(Customers);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, ServeProcess server, string what)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!await condition())
        {
            server.HasExited.ShouldBeFalse(server.Output);
            guard.IsCancellationRequested.ShouldBeFalse($"waiting for {what}: {server.Output}");
            await Task.Delay(50);
        }
    }

    private static async Task<int> CountAsync(TestDatabase database, Tenant tenant, DunningActionStatus status)
    {
        await using var db = database.For(tenant);
        return await db.Set<DunningAction>().CountAsync(a => a.Status == status && a.TemplateKey != DunningTestData.Earlier);
    }

    private static async Task<DailyRun> RunAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        return await db.Set<DailyRun>().AsNoTracking().SingleAsync();
    }
}
