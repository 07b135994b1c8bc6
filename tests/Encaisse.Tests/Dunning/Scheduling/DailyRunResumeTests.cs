using Encaisse.Dunning;
using Encaisse.Dunning.Scheduling;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Scheduling;

/// <summary>
/// The node running the day dies at a chosen point (a failure hook that throws: nothing after it runs, as with kill -9);
/// another node, or the same one restarted, resumes the day once the lease lapses and completes it exactly once.
/// </summary>
public class DailyRunResumeTests
{
    /// <summary>provider × where the node dies: a phase start, or an outbox row of a channel at a step of its send.</summary>
    public static TheoryData<string, string> CrashPoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in new[] { "sqlite", "postgres" })
        {
            foreach (var point in new[]
                     {
                         "phase:registry", "phase:promises", "phase:planning", "phase:sending",
                         "claimed:Email", "started:Email", "delivered:Email",
                         "claimed:Call", "delivered:Call", "delivered:Letter", "delivered:Task",
                     })
            {
                data.Add(provider, point);
            }
        }

        return data;
    }

    [Theory, MemberData(nameof(CrashPoints))]
    public async Task A_node_dying_anywhere_in_the_day_is_resumed_by_another_and_the_day_completes_exactly_once(string provider, string crashAt)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database);
        var (kind, where) = (crashAt.Split(':')[0], crashAt.Split(':')[1]);
        var crashed = false;
        var nodeA = world.Node("node-a",
            phase: p => kind == "phase" && p == where && !crashed ? Crash() : Task.CompletedTask,
            action: async (point, id) =>
            {
                if (point == kind && !crashed && (await world.ActionAsync(id!.Value)).Channel.ToString() == where)
                {
                    await Crash();
                }
            });

        Task Crash()
        {
            crashed = true;
            throw new IOException("kill -9 at " + crashAt);
        }

        (await nodeA.TickAsync(default)).ShouldBe(0);
        crashed.ShouldBeTrue();
        var run = (await world.RunsAsync()).ShouldHaveSingleItem();
        run.Phase.ShouldNotBe(DailyRunPhase.Done);
        run.LeaseOwner.ShouldBe("node-a");

        // While the lease holds, the day belongs to node A (it may only be slow): node B leaves it alone.
        var nodeB = world.Node("node-b");
        (await nodeB.TickAsync(default)).ShouldBe(0);
        (await world.RunsAsync()).Single().Claims.ShouldBe(1);

        // Node A stays silent; its lease lapses; node B resumes where A stopped and completes the day.
        world.Clock.Advance(DailyDunningJob.DefaultLease + TimeSpan.FromSeconds(1));
        (await nodeB.TickAsync(default)).ShouldBe(1);

        run = (await world.RunsAsync()).ShouldHaveSingleItem();
        run.Phase.ShouldBe(DailyRunPhase.Done);
        run.Claims.ShouldBe(2);
        run.Owners.ShouldBe("node-a,node-b");
        var report = DailyRunReport.FromJson(run.Report).ShouldNotBeNull();
        report.Outbox.ShouldNotBeNull().Keys.ShouldNotContain("sending");
        report.Outbox!.Keys.ShouldNotContain("planned");
        // Only an e-mail whose attempt had started (the server may have taken it) goes to review; nothing else.
        await world.ShouldBeCompleteExactlyOnceAsync(mayHaveLeft: crashAt is "started:Email" or "delivered:Email" ? 1 : 0);

        // A later tick, or another node, changes nothing.
        world.Clock.Advance(TimeSpan.FromMinutes(30));
        (await world.Node("node-c").TickAsync(default)).ShouldBe(0);
        (await nodeB.TickAsync(default)).ShouldBe(0);
        await world.ShouldBeCompleteExactlyOnceAsync(mayHaveLeft: crashAt is "started:Email" or "delivered:Email" ? 1 : 0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_node_restarted_after_a_crash_resumes_its_own_day(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database);
        var sent = 0;
        var first = world.Node("host:100:aaaa", action: (point, _) => point == "delivered" && ++sent == 3 ? throw new IOException("kill -9") : Task.CompletedTask);
        (await first.TickAsync(default)).ShouldBe(0);

        // The restarted process is a new runner (new process id): it waits for the old lease, then resumes.
        var restarted = world.Node("host:101:bbbb");
        (await restarted.TickAsync(default)).ShouldBe(0);
        world.Clock.Advance(DailyDunningJob.DefaultLease);
        (await restarted.TickAsync(default)).ShouldBe(1);

        await world.ShouldBeCompleteExactlyOnceAsync(mayHaveLeft: 1);
        var report = DailyRunReport.FromJson((await world.RunsAsync()).Single().Report)!;
        (report.Sending!.Released + report.Sending.Interrupted).ShouldBeLessThanOrEqualTo(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_long_run_renews_its_lease_so_no_other_node_takes_the_day_while_it_works(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database);
        var nodeB = world.Node("node-b");
        var otherNodeRuns = new List<int>();
        var nodeA = world.Node("node-a", action: async (point, _) =>
        {
            if (point == "claimed")
            {
                // Each send takes 60 % of the lease: without renewals the lease would lapse by the second one.
                world.Clock.Advance(DailyDunningJob.DefaultLease * 0.6);
                otherNodeRuns.Add(await nodeB.TickAsync(default));
            }
        });

        (await nodeA.TickAsync(default)).ShouldBe(1);

        otherNodeRuns.Count.ShouldBe(8);
        otherNodeRuns.ShouldAllBe(r => r == 0);
        var run = (await world.RunsAsync()).Single();
        (run.Claims, run.Owners, run.Phase).ShouldBe((1, "node-a", DailyRunPhase.Done));
        await world.ShouldBeCompleteExactlyOnceAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_nodes_ticking_at_the_same_moment_run_the_day_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database);

        var runs = await Task.WhenAll(Task.Run(() => world.Node("node-a").TickAsync(default)), Task.Run(() => world.Node("node-b").TickAsync(default)));

        runs.Sum().ShouldBe(1);
        (await world.RunsAsync()).ShouldHaveSingleItem().Claims.ShouldBe(1);
        await world.ShouldBeCompleteExactlyOnceAsync();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Days_missed_during_an_outage_are_caught_up_by_the_next_run_and_an_unfinished_day_is_covered(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await DailyRunWorld.CreateAsync(database, clockDay: DailyRunWorld.Today.AddDays(-4));

        // Four days earlier, a run completed; three days earlier a node died during its planning; then an outage.
        (await world.Node("node-a").TickAsync(default)).ShouldBe(1);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.Node("node-a", phase: p => p == "planning" ? throw new IOException("power cut") : Task.CompletedTask).TickAsync(default);

        world.Clock.Advance(TimeSpan.FromDays(3));
        (await world.Node("node-b").TickAsync(default)).ShouldBe(1);

        var runs = await world.RunsAsync();
        runs.Select(r => (r.RunOn, r.Phase)).ShouldBe([
            (DailyRunWorld.Today.AddDays(-4), DailyRunPhase.Done),
            (DailyRunWorld.Today.AddDays(-3), DailyRunPhase.Superseded),
            (DailyRunWorld.Today, DailyRunPhase.Done)]);
        runs[^1].CoversFrom.ShouldBe(DailyRunWorld.Today.AddDays(-3));
        runs[1].LastError.ShouldNotBeNull().ShouldContain(DailyRunWorld.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await using var db = database.For(world.Tenant);
        var settings = db.Set<DunningSettings>().Single();
        settings.LastRunOn.ShouldBe(DailyRunWorld.Today);
        // Nothing is left behind from the missed days: every outbox row of the period is settled.
        var report = DailyRunReport.FromJson(runs[^1].Report)!;
        report.Outbox!.Keys.ShouldNotContain("planned");
        report.Outbox.Keys.ShouldNotContain("sending");
    }

    [Fact]
    public async Task Dunning_days_shows_a_day_held_by_a_node_then_done_with_its_report()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var world = await DailyRunWorld.CreateAsync(database);
        await world.Node("node-a", phase: p => p == "sending" ? throw new IOException("kill -9") : Task.CompletedTask).TickAsync(default);

        var (exit, stdout, stderr) = await Encaisse.Tests.Reporting.CliRun.RunAsync("dunning", "days", "--db", database.Target.ConnectionString);
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("2026-03-20 (covers from 2026-03-20) sending");
        stdout.ShouldContain("held by node-a");

        world.Clock.Advance(DailyDunningJob.DefaultLease);
        await world.Node("node-b").TickAsync(default);
        (exit, stdout, stderr) = await Encaisse.Tests.Reporting.CliRun.RunAsync("dunning", "days", "--json", "--db", database.Target.ConnectionString);
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("\"phase\": \"done\"");
        stdout.ShouldContain("\"claims\": 2");
        stdout.ShouldContain("\"sent\": 8");
    }
}
