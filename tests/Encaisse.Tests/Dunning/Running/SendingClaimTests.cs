using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Tests.Dunning.Scheduling;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Dunning.Running;

/// <summary>Claims taken one at a time and the "attempt started" mark: a crash strands nothing that never left.</summary>
public class SendingClaimTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_killed_after_claiming_a_reminder_strands_nothing_the_next_run_sends_every_one_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        for (var i = 0; i < 25; i++)
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411K{i:00}");
            await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"FK-{i:00}", Due, 100m + i);
        }

        await DunningTestData.SettingsAsync(database, tenant);
        var clock = FakeClock.At(Due.AddDays(3));
        var email = new RecordingEmailSender();
        var runner = new DunningRunner(database.Factory, clock, new DunningChannels { Email = email });
        var claims = 0;

        // Killed right after its second claim: one e-mail sent, the second claimed but not started.
        await Should.ThrowAsync<IOException>(() => runner.RunAsync(tenant, new DunningRunOptions
        {
            Checkpoint = (point, _) => point == "claimed" && ++claims == 2 ? throw new IOException("kill -9") : Task.CompletedTask,
        }, default));
        email.Sent.Count.ShouldBe(1);
        (await DunningTestData.ActionsAsync(database, tenant)).Count(a => a.Status == DunningActionStatus.Sending).ShouldBe(1);

        // Once the claim is stale the next run releases it (its attempt never started) and sends all the others.
        clock.Advance(TimeSpan.FromMinutes(20));
        var report = await runner.RunAsync(tenant, new DunningRunOptions(), default);

        report.Released.ShouldBe(1);
        report.Interrupted.ShouldBe(0);
        report.Sent.ShouldBe(24);
        email.Sent.Count.ShouldBe(25);
        email.Sent.Select(m => m.MessageId).Distinct().Count().ShouldBe(25);
        (await DunningTestData.ActionsAsync(database, tenant)).ShouldAllBe(a => a.Status == DunningActionStatus.Sent);
        await using var db = database.For(tenant);
        (await db.Set<CollectionTask>().CountAsync()).ShouldBe(0); // no review task: nothing "may have left"
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_send_that_fails_before_anything_left_is_retried_by_the_server_after_5_10_and_20_minutes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database, emails: 1);
        var failures = 3;
        world.Email.Fail = _ => failures-- > 0 ? new IOException("421 4.3.2 service not available, try later") : null;
        var node = world.Node("node-a");

        (await node.TickAsync(default)).ShouldBe(1); // the day is done; the e-mail waits for its retry
        var action = await EmailActionAsync(world);
        (action.Status, action.Attempts, action.AttemptStartedAt).ShouldBe((DunningActionStatus.Planned, 1, (DateTimeOffset?)null));
        action.NextAttemptAt.ShouldBe(world.Clock.GetUtcNow().AddMinutes(5));

        world.Clock.Advance(TimeSpan.FromMinutes(4));
        await node.TickAsync(default);
        (await EmailActionAsync(world)).Attempts.ShouldBe(1); // not due yet
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        await node.TickAsync(default);
        (await EmailActionAsync(world)).Attempts.ShouldBe(2);
        world.Clock.Advance(TimeSpan.FromMinutes(10));
        await node.TickAsync(default);
        (await EmailActionAsync(world)).Attempts.ShouldBe(3);
        world.Clock.Advance(TimeSpan.FromMinutes(20));
        await node.TickAsync(default);

        action = await EmailActionAsync(world);
        (action.Status, action.Attempts).ShouldBe((DunningActionStatus.Sent, 4));
        world.Email.Sent.ShouldHaveSingleItem().MessageId.ShouldBe(action.MessageId);
        world.Clock.Advance(TimeSpan.FromHours(2));
        await node.TickAsync(default);
        world.Email.Sent.Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_claim_left_by_a_stopped_runner_is_recovered_by_the_server_within_the_day(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database, emails: 2);
        var runner = new DunningRunner(database.Factory, world.Clock, new DunningChannels { Email = world.Email });
        var claims = 0;
        // A `dunning run` from the command line is killed with a claimed (not started) e-mail and a claimed call.
        await Should.ThrowAsync<IOException>(() => runner.RunAsync(world.Tenant, new DunningRunOptions
        {
            AsOf = DailyRunWorld.Today,
            Checkpoint = (point, _) => point == "claimed" && ++claims == 3 ? throw new IOException("kill -9") : Task.CompletedTask,
        }, default));

        // The server's scheduler runs the day; the stale claim is recovered by its retries a quarter of an hour later.
        var node = world.Node("server");
        (await node.TickAsync(default)).ShouldBe(1);
        world.Clock.Advance(TimeSpan.FromMinutes(16));
        await node.TickAsync(default);

        await using var db = database.For(world.Tenant);
        var actions = await db.Set<DunningAction>().AsNoTracking().Where(a => a.TemplateKey != DunningTestData.Earlier).ToListAsync();
        actions.Count.ShouldBe(5);
        actions.ShouldAllBe(a => a.Status == DunningActionStatus.Sent);
        world.Email.Sent.Select(m => m.MessageId).Distinct().Count().ShouldBe(world.Email.Sent.Count);
        (await db.Set<CollectionTask>().CountAsync(t => t.Title.StartsWith("Vérifier"))).ShouldBe(0);
    }

    private static async Task<DunningAction> EmailActionAsync(DailyRunWorld world)
    {
        await using var db = world.Database.For(world.Tenant);
        return await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Channel == DunningChannel.Email && a.TemplateKey != DunningTestData.Earlier);
    }

    [Fact]
    public void Retries_wait_5_10_20_40_minutes()
    {
        Enumerable.Range(1, 5).Select(ActionSender.RetryDelay).ShouldBe(
            [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(80)]);
    }
}
