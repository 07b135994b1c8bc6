using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Scheduling;
using Encaisse.Ledger;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Encaisse.Tests.Dunning.Scheduling;

/// <summary>
/// A tenant whose day holds every local and remote channel: five customers get their +3 reminder e-mail, one its +20
/// collector call, one its +45 hand-off task, a consumer its +15 reminder letter. The clock is 09:30 in Paris on
/// <see cref="Today"/> (after the 08:00 run hour) and moves only when a test moves it.
/// </summary>
internal sealed class DailyRunWorld
{
    public static readonly DateOnly Today = new(2026, 3, 20);

    private DailyRunWorld(TestDatabase database, Tenant tenant, FakeTimeProvider clock)
    {
        Database = database;
        Tenant = tenant;
        Clock = clock;
    }

    public TestDatabase Database { get; }
    public Tenant Tenant { get; }
    public FakeTimeProvider Clock { get; }
    public RecordingEmailSender Email { get; } = new();

    /// <summary>09:30 in Paris on <paramref name="day"/> (winter time): after the run hour.</summary>
    public static DateTimeOffset MorningOf(DateOnly day) => new(day.ToDateTime(new TimeOnly(8, 30)), TimeSpan.Zero);

    public static async Task<DailyRunWorld> CreateAsync(TestDatabase database, int emails = 5, DateOnly? clockDay = null)
    {
        var tenant = await database.AddTenantAsync();
        for (var i = 1; i <= emails; i++)
        {
            var customer = await DunningTestData.AddCustomerAsync(database, tenant, $"411MAIL{i:00}");
            await DunningTestData.AddInvoiceAsync(database, tenant, customer, $"FM-{i:00}", Today.AddDays(-4), 100m * i);
        }

        // Steps go in order (issue 12): each customer has the history that makes today's step the one the test wants.
        var call = await DunningTestData.AddCustomerAsync(database, tenant, "411CALL");
        var callDue = Today.AddDays(-21);
        var callInvoice = await DunningTestData.AddInvoiceAsync(database, tenant, call, "FC-01", callDue, 900m);
        await DunningTestData.SentAsync(database, tenant, call, [callInvoice], (2, callDue.AddDays(3)), (3, callDue.AddDays(10)));
        var handoff = await DunningTestData.AddCustomerAsync(database, tenant, "411HAND");
        var handoffDue = Today.AddDays(-46);
        var handoffInvoice = await DunningTestData.AddInvoiceAsync(database, tenant, handoff, "FH-01", handoffDue, 4200m);
        await DunningTestData.SentAsync(database, tenant, handoff, [handoffInvoice],
            (2, handoffDue.AddDays(3)), (3, handoffDue.AddDays(10)), (4, handoffDue.AddDays(20)), (5, handoffDue.AddDays(30)));
        var letter = await DunningTestData.AddCustomerAsync(database, tenant, "411LETTRE", CustomerKind.Consumer);
        var letterDue = Today.AddDays(-16);
        var letterInvoice = await DunningTestData.AddInvoiceAsync(database, tenant, letter, "FL-01", letterDue, 250m);
        await DunningTestData.SentAsync(database, tenant, letter, [letterInvoice], (2, letterDue.AddDays(7)));
        await DunningTestData.SettingsAsync(database, tenant);
        return new DailyRunWorld(database, tenant, new FakeTimeProvider(MorningOf(clockDay ?? Today)));
    }

    public DailyDunningJob Node(string name, Func<string, Task>? phase = null, Func<string, Guid?, Task>? action = null,
        Encaisse.Risk.Registries.RegistryMonitor? registries = null, DunningChannels? channels = null) =>
        new(Database.Factory, Clock, NullLogger<DailyDunningJob>.Instance, registries, channels: channels ?? new DunningChannels { Email = Email })
        {
            RunnerId = name,
            PhaseCheckpoint = phase,
            ActionCheckpoint = action,
        };

    public async Task<DunningAction> ActionAsync(Guid id)
    {
        await using var db = Database.For(Tenant);
        return await db.Set<DunningAction>().AsNoTracking().SingleAsync(a => a.Id == id);
    }

    public async Task<List<DailyRun>> RunsAsync()
    {
        await using var db = Database.For(Tenant);
        return await db.Set<DailyRun>().AsNoTracking().OrderBy(r => r.RunOn).ToListAsync();
    }

    /// <summary>
    /// The day is complete and exactly once: nothing planned or claimed is left, every e-mail left at most once, every
    /// call and hand-off task exists once, and only an e-mail whose attempt had started may be in review (at most
    /// <paramref name="mayHaveLeft"/> of them).
    /// </summary>
    public async Task ShouldBeCompleteExactlyOnceAsync(int mayHaveLeft = 0)
    {
        await using var db = Database.For(Tenant);
        var actions = await db.Set<DunningAction>().AsNoTracking().Where(a => a.TemplateKey != DunningTestData.Earlier).ToListAsync();
        var tasks = await db.Set<CollectionTask>().AsNoTracking().ToListAsync();
        actions.Count.ShouldBe(8, string.Join(", ", actions.Select(a => a.StepKey + "/" + a.Channel)));
        actions.ShouldAllBe(a => a.Status != DunningActionStatus.Planned && a.Status != DunningActionStatus.Sending);
        var review = actions.Where(a => a.Status == DunningActionStatus.Failed).ToList();
        review.Count.ShouldBeLessThanOrEqualTo(mayHaveLeft);
        review.ShouldAllBe(a => a.Channel == DunningChannel.Email && a.AttemptStartedAt != null && a.LastError!.Contains("may have left"));
        actions.Count(a => a.Status == DunningActionStatus.Sent).ShouldBe(8 - review.Count);

        // No duplicate: one message per Message-ID, and every e-mail marked sent did leave.
        var messageIds = Email.Sent.Select(m => m.MessageId).ToList();
        messageIds.Distinct().Count().ShouldBe(messageIds.Count);
        foreach (var sent in actions.Where(a => a.Channel == DunningChannel.Email && a.Status == DunningActionStatus.Sent))
        {
            messageIds.ShouldContain(sent.MessageId);
        }

        // Local channels exactly once: one task per call and hand-off action; a letter has its PDF and no task.
        foreach (var local in actions.Where(a => a.Channel is DunningChannel.Call or DunningChannel.Task))
        {
            tasks.Count(t => t.DunningActionId == local.Id && !t.Title.StartsWith("Vérifier", StringComparison.Ordinal)).ShouldBe(1);
        }

        actions.Single(a => a.Channel == DunningChannel.Letter).Document.ShouldNotBeNull();
        tasks.Count(t => t.Title.StartsWith("Vérifier", StringComparison.Ordinal)).ShouldBe(review.Count);
        foreach (var r in review)
        {
            tasks.Single(t => t.DunningActionId == r.Id && t.Title.StartsWith("Vérifier", StringComparison.Ordinal)).Kind.ShouldBe(CollectionTaskKind.Review);
        }
    }
}
