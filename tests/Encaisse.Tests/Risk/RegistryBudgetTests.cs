using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Scheduling;
using Encaisse.Ledger;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>Registry checks without network neither block nor delay the day's reminders.</summary>
public sealed class RegistryBudgetTests
{
    private static readonly string[] Sirens = ["812809234", "552100554", "542107651"];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_registry_that_never_answers_does_not_hold_back_the_reminders_and_is_checked_first_next_time(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        registry.Delay = TimeSpan.FromMinutes(10); // accepts the connection, never answers in time
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        foreach (var (siren, i) in Sirens.Select((s, i) => (s, i)))
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411REG{i}");
            await using (var db = database.For(tenant))
            {
                var stored = await db.Customers.SingleAsync(c => c.Id == customer.Id);
                stored.Siren = siren;
                await db.SaveChangesAsync();
            }

            await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"FR-{i}", new DateOnly(2026, 3, 16), 300m);
        }

        await DunningTestData.SettingsAsync(database, tenant);
        // 09:30 in Paris. The registry phase gets a 1 s budget (real time: this clock's timers are the system's); each
        // registry attempt would wait 10 s and be retried 3 times.
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 20, 8, 30, 0, TimeSpan.Zero));
        var options = new RegistryOptions
        {
            RechercheEntreprisesUrl = registry.Address,
            BodaccUrl = registry.Address,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MonitorBudget = TimeSpan.FromSeconds(1),
        };
        var email = new RecordingEmailSender();
        var job = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance, RegistryMonitor.Create(options, clock),
            channels: new DunningChannels { Email = email });

        (await job.TickAsync(default)).ShouldBe(1);

        email.Sent.Count.ShouldBe(3);
        // Sending did not wait for timeouts and retries: only the first call of each customer was ever made.
        registry.Requests.Count.ShouldBeLessThanOrEqualTo(Sirens.Length);
        var report = await ReportAsync(database, tenant, new DateOnly(2026, 3, 20));
        report.Registry.ShouldNotBeNull();
        (report.Registry.Customers, report.Registry.Checked, report.Registry.Unchecked).ShouldBe((3, 0, 3));
        report.Notes.ShouldContain(n => n.Contains("3 customer(s) not checked", StringComparison.Ordinal) && n.Contains("next time", StringComparison.Ordinal));
        await using (var db = database.For(tenant))
        {
            (await db.Set<RegistryCheck>().CountAsync()).ShouldBe(0);
        }

        // The next day the registry answers (and the budget is a roomy one): the three are checked.
        registry.Delay = TimeSpan.Zero;
        clock.AdvanceDays(1);
        job = new DailyDunningJob(database.Factory, clock, NullLogger<DailyDunningJob>.Instance,
            RegistryMonitor.Create(options with { MonitorBudget = TimeSpan.FromMinutes(10) }, clock), channels: new DunningChannels { Email = email });
        (await job.TickAsync(default)).ShouldBe(1);
        report = await ReportAsync(database, tenant, new DateOnly(2026, 3, 21));
        (report.Registry!.Checked, report.Registry.Unchecked).ShouldBe((3, 0));
        await using (var db = database.For(tenant))
        {
            (await db.Set<RegistryCheck>().Select(c => c.CheckedOn).ToListAsync()).ShouldAllBe(d => d == new DateOnly(2026, 3, 21));
        }
    }

    [Fact]
    public async Task A_failing_registry_opens_the_circuit_and_later_calls_fail_at_once()
    {
        await using var server = await ReplayServer.StartAsync();
        server.Unavailable = true;
        var options = new RegistryOptions
        {
            RechercheEntreprisesUrl = server.Address,
            BodaccUrl = server.Address,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            Retries = 1,
            BreakerMinimumThroughput = 4,
            BreakDuration = TimeSpan.FromMinutes(1),
        };
        using var http = new RegistryHttp("test", server.Address, 100, options, FakeClock.At(new DateOnly(2026, 3, 20)));
        var companies = new CompanyRegistry(http, options);

        for (var i = 0; i < 2; i++)
        {
            (await Should.ThrowAsync<RegistryUnavailableException>(() => companies.FindAsync("812809234", default))).Message.ShouldContain("503");
        }

        server.Requests.Count.ShouldBe(4);
        for (var i = 0; i < 3; i++)
        {
            (await Should.ThrowAsync<RegistryUnavailableException>(() => companies.FindAsync("552100554", default))).Message.ShouldContain("circuit open");
        }

        server.Requests.Count.ShouldBe(4);
    }

    private static async Task<DailyRunReport> ReportAsync(TestDatabase database, Tenant tenant, DateOnly day)
    {
        await using var db = database.For(tenant);
        var run = await db.Set<DailyRun>().AsNoTracking().SingleAsync(r => r.RunOn == day);
        run.Phase.ShouldBe(DailyRunPhase.Done);
        return DailyRunReport.FromJson(run.Report).ShouldNotBeNull();
    }
}
