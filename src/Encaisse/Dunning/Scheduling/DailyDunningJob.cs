using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Scheduling;

/// <summary>
/// The daily dunning run inside <c>encaisse serve</c>, as a resumable job (docs/adr/0352). Every minute, for each tenant:
/// <list type="number">
/// <item>once the tenant's local hour reaches <see cref="DunningSettings.RunHour"/>, the day's <see cref="DailyRun"/> is
/// created by one node (unique key) with a lease it renews while working; it covers the days since the last completed
/// run (days missed during an outage are caught up by it);</item>
/// <item>a run not done whose lease lapsed (its node died) is claimed by any node, this one after a restart included, and
/// resumed at its phase: registry (time-boxed, never delays sending), promises, planning, sending;</item>
/// <item>the server's own retries: outbox rows whose attempt failed before anything left are sent again when due
/// (5, 10, 20 … minutes), claims of a runner that stopped are recovered.</item>
/// </list>
/// </summary>
/// <summary>How the server runs its scheduled work (from the server's options; tests leave the defaults).</summary>
/// <param name="RunLease">How long a node keeps the day without renewing it; another node resumes the run after it.</param>
/// <param name="MonitorRegistries">Check customers daily against the company registries (off for the demo).</param>
public sealed record SchedulerOptions(TimeSpan RunLease, bool MonitorRegistries = true);

internal sealed class DailyDunningJob(
    DatabaseFactory factory,
    TimeProvider clock,
    ILogger<DailyDunningJob> log,
    Risk.Registries.RegistryMonitor? registries = null,
    SchedulerOptions? options = null,
    DunningChannels? channels = null) : Operations.PeriodicJob(clock, log)
{
    /// <summary>How long a node keeps the day without renewing; another node resumes the run after it.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(2);

    /// <summary>This node's name in leases and claims: machine, process, random (a restart is a new runner).</summary>
    public string RunnerId { get; init; } = new DunningRunOptions().RunnerId;

    public TimeSpan Lease { get; init; } = options?.RunLease ?? DefaultLease;

    /// <summary>Failure hook (tests): called when a phase starts ("registry", "promises", "planning", "sending").</summary>
    internal Func<string, Task>? PhaseCheckpoint { get; init; }

    /// <summary>Failure hook (tests) passed to the runner: "claimed", "started", "delivered" per outbox row.</summary>
    internal Func<string, Guid?, Task>? ActionCheckpoint { get; init; }

    private DunningChannels Channels { get; } = channels ?? new DunningChannels();

    protected override TimeSpan Every => TimeSpan.FromMinutes(1);

    protected override string PassName => "Daily dunning tick";

    protected override Task PassAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One pass over the tenants; returns the number of daily runs completed by this node in it.</summary>
    internal async Task<int> TickAsync(CancellationToken ct)
    {
        List<Tenant> tenants;
        await using (var db = factory.Create())
        {
            tenants = await db.Tenants.AsNoTracking().ToListAsync(ct);
        }

        var runs = 0;
        foreach (var tenant in tenants)
        {
            // One tenant's failure (bad data, a bug) neither stops the others nor today's retries.
            try
            {
                if (await RunDayAsync(tenant, ct))
                {
                    runs++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.LogError(e, "Daily dunning run failed for tenant {Tenant}; it is resumed at its phase by the next tick (another node: once the lease lapses)", tenant.Code);
            }

            try
            {
                await RetryDueAsync(tenant, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.LogError(e, "Dunning retries failed for tenant {Tenant}", tenant.Code);
            }
        }

        return runs;
    }

    /// <summary>Starts today's run once the run hour has come, or resumes it; true when this node completed it.</summary>
    private async Task<bool> RunDayAsync(Tenant tenant, CancellationToken ct)
    {
        DailyRunClaim? claim;
        await using (var db = factory.Create(tenant.Id))
        {
            var settings = await DunningSetup.EnsureAsync(db, Clock, ct);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
            var now = Clock.GetUtcNow();
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var today = DateOnly.FromDateTime(local.DateTime);
            var run = await db.Set<DailyRun>().AsNoTracking().FirstOrDefaultAsync(r => r.RunOn == today, ct);
            if (run is null)
            {
                if (local.Hour < settings.RunHour)
                {
                    return false;
                }

                claim = await DailyRuns.CreateAsync(db, today, settings.LastRunOn, RunnerId, now, Lease, ct);
                if (claim is null)
                {
                    return false; // Another node created it this very moment.
                }
            }
            else
            {
                claim = await DailyRuns.ClaimAsync(db, run.Id, RunnerId, now, Lease, ct);
                if (claim is null)
                {
                    return false; // Done, or held by a node that is alive.
                }

                Log.LogWarning("Resuming the daily run of {Date} for tenant {Tenant} at phase {Phase} (claim {Claims}; earlier holders: {Owners})",
                    run.RunOn, tenant.Code, run.Phase, claim.Run.Claims, string.Join(", ", claim.EarlierOwners));
            }
        }

        return await WorkAsync(tenant, claim, ct);
    }

    private async Task<bool> WorkAsync(Tenant tenant, DailyRunClaim claim, CancellationToken ct)
    {
        await using var lease = new DailyRunLease(factory, tenant.Id, claim.Run, RunnerId, Lease, Clock, Log, ct);
        var run = claim.Run;
        var report = (DailyRunReport.FromJson(run.Report) ?? new DailyRunReport()) with { RunOn = run.RunOn, CoversFrom = run.CoversFrom, Claims = run.Claims };
        var token = lease.Token;
        try
        {
            if (run.Phase == DailyRunPhase.Registry)
            {
                await PhaseAsync("registry");
                report = await RegistryPhaseAsync(tenant, run.RunOn, report, token);
                await lease.AdvanceAsync(DailyRunPhase.Registry, DailyRunPhase.Promises, report.ToJson(), token);
            }

            if (run.Phase == DailyRunPhase.Promises)
            {
                await PhaseAsync("promises");
                report = report with { Promises = await PromisesPhaseAsync(tenant, run.RunOn, token), EInvoices = await EInvoicePhaseAsync(tenant, token) };
                await lease.AdvanceAsync(DailyRunPhase.Promises, DailyRunPhase.Planning, report.ToJson(), token);
            }

            var runner = new DunningRunner(factory, Clock, Channels);
            if (run.Phase == DailyRunPhase.Planning)
            {
                await PhaseAsync("planning");
                report = report with { Planning = DailyRunReport.From(await runner.PlanAsync(tenant, run.RunOn, token)) };
                await lease.AdvanceAsync(DailyRunPhase.Planning, DailyRunPhase.Sending, report.ToJson(), token);
            }

            await PhaseAsync("sending");
            var sendOptions = new DunningRunOptions
            {
                AsOf = run.RunOn,
                RunnerId = RunnerId,
                Checkpoint = ActionCheckpoint,
                Heartbeat = lease.RenewIfDueAsync,
            };
            // Every claim made under this run by an earlier holder (gone: its lease lapsed) or by this runner before a
            // failure is recovered first: released if its attempt had not started, else sent to review.
            var sending = await runner.SendAsync(tenant, sendOptions, run.OwnerList, token);
            report = report with { Sending = DailyRunReport.From(sending), Outbox = await OutboxAsync(tenant, run, token) };
            await lease.AdvanceAsync(DailyRunPhase.Sending, DailyRunPhase.Done, report.ToJson(), token);
            await using (var db = factory.Create(tenant.Id))
            {
                await db.Set<DunningSettings>().Where(s => s.LastRunOn == null || s.LastRunOn < run.RunOn)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastRunOn, run.RunOn), CancellationToken.None);
            }

            await KpiMonthsAsync(tenant, run.RunOn, token);

            Log.LogInformation(
                "Dunning run for tenant {Tenant} on {Date} (covers {From}, claim {Claims}): registry {Checked} checked / {Unchecked} unchecked; " +
                "{Stored} stored, {Sent} sent, {Retrying} retrying, {Failed} failed, {Review} to review, {Released} released",
                tenant.Code, run.RunOn, run.CoversFrom, run.Claims, report.Registry?.Checked ?? 0, report.Registry?.Unchecked ?? 0,
                report.Planning?.Stored ?? 0, sending.Sent, sending.Retrying, sending.Failed, sending.Interrupted + sending.MayHaveLeft, sending.Released);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The server stops: let another node (or this one, restarted) resume at once.
            await lease.ReleaseAsync();
            throw;
        }
        catch (Exception e) when (e is LeaseLostException || (e is OperationCanceledException && lease.IsLost))
        {
            Log.LogWarning("Daily run of {Date} for tenant {Tenant} taken over by another node; this node stops", run.RunOn, tenant.Code);
            return false;
        }
        catch (Exception e)
        {
            // Recorded on the run; the lease is kept and lapses: the run is resumed at this phase (here or elsewhere).
            await using var db = factory.Create(tenant.Id);
            await DailyRuns.FailedAsync(db, run.Id, RunnerId, $"{run.Phase}: {e.GetType().Name}: {e.Message}", CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The closed months of the dashboard's KPI trend computed once (missing or made stale by a backdated write,
    /// ADR 1510). Idempotent, so not a phase of its own; a failure never fails the day: the trend is computed live
    /// meanwhile and the next run tries again.
    /// </summary>
    private async Task KpiMonthsAsync(Tenant tenant, DateOnly day, CancellationToken ct)
    {
        try
        {
            await using var db = factory.Create(tenant.Id);
            var refresh = await Reporting.KpiMonths.RefreshAsync(db, day, ct);
            Log.LogInformation("KPI months of tenant {Tenant}: {Computed} computed, {Fresh} already fresh, {Raced} changed meanwhile",
                tenant.Code, refresh.Computed, refresh.Fresh, refresh.Raced);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "KPI months of tenant {Tenant} not refreshed; the dashboard computes them live until the next run", tenant.Code);
        }
    }

    private async Task PhaseAsync(string phase)
    {
        if (PhaseCheckpoint is not null)
        {
            await PhaseCheckpoint(phase);
        }
    }

    /// <summary>
    /// Registry watch within its time budget: customers not reached are "unchecked" (the report says so) and checked first
    /// next time; those already checked today (a resumed run) are skipped. A failure of the watch never stops the day.
    /// </summary>
    private async Task<DailyRunReport> RegistryPhaseAsync(Tenant tenant, DateOnly day, DailyRunReport report, CancellationToken ct)
    {
        if (registries is null || options?.MonitorRegistries == false)
        {
            return report;
        }

        try
        {
            await using var db = factory.Create(tenant.Id);
            var outcomes = await registries.RunAsync(db, tenant, day, Clock, ct, limits: registries.DailyLimits(day));
            var phase = new RegistryPhaseReport(outcomes.Count, outcomes.Count(o => o.Checked), outcomes.Count(o => o.Status is "ceased" or "insolvency" or "ceased+insolvency"),
                outcomes.Count(o => o.Status == "unavailable"), outcomes.Count(o => o.Status == "unchecked"), outcomes.Count(o => o.Status == "skipped"));
            var notes = report.Notes.ToList();
            if (phase.Unchecked > 0)
            {
                notes.Add($"registry: {phase.Unchecked} customer(s) not checked within the {registries.Options.MonitorBudget.TotalSeconds:0} s budget; checked first next time");
            }

            if (phase.Unavailable > 0)
            {
                notes.Add($"registry: {phase.Unavailable} customer(s) not checked, registry unavailable; checked first next time");
            }

            return report with { Registry = phase, Notes = notes };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "Registry monitoring failed for tenant {Tenant}; dunning goes on", tenant.Code);
            return report with { Registry = new RegistryPhaseReport(0, 0, 0, 0, 0, 0, e.Message), Notes = [.. report.Notes, "registry: failed (" + e.GetType().Name + "); checked next time"] };
        }
    }

    private async Task<PromisesPhaseReport> PromisesPhaseAsync(Tenant tenant, DateOnly day, CancellationToken ct)
    {
        int promises = 0, plans = 0;
        string? error = null;
        try
        {
            await using var db = factory.Create(tenant.Id);
            var result = await Timeline.CollectionsChecks.RunAsync(new Timeline.CollectionsScope(db, tenant, Clock, "scheduler"), day, ct);
            (promises, plans) = (result.Promises.Count, result.Plans.Count);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "Promise and payment-plan checks failed for tenant {Tenant}; dunning goes on", tenant.Code);
            error = e.Message;
        }

        try
        {
            await using var db = factory.Create(tenant.Id);
            await Legal.PrescriptionAlerts.RaiseAsync(db, tenant, day, Clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "Prescription alerts failed for tenant {Tenant}; dunning goes on", tenant.Code);
            error ??= e.Message;
        }

        return new PromisesPhaseReport(promises, plans, error);
    }

    /// <summary>
    /// The exchange of e-invoice lifecycle statuses (cashed statuses prepared; with a platform, sent and received) before
    /// planning, so that a refusal or a dispute received today stops today's reminders. A failure never stops the day.
    /// </summary>
    private async Task<ExchangeReport?> EInvoicePhaseAsync(Tenant tenant, CancellationToken ct)
    {
        try
        {
            await using var db = factory.Create(tenant.Id);
            var settings = await EInvoicing.EInvoiceStatuses.SettingsAsync(db, ct);
            using var platform = EInvoicing.EInvoiceExchange.ClientFor(settings);
            var outcome = await EInvoicing.EInvoiceExchange.RunAsync(new Timeline.CollectionsScope(db, tenant, Clock, "scheduler"), platform, send: true, receive: true, ct);
            foreach (var problem in outcome.Problems)
            {
                Log.LogWarning("E-invoice exchange for tenant {Tenant}: {Problem}", tenant.Code, problem);
            }

            return new ExchangeReport(outcome.Produced, outcome.Sent, outcome.Pending, outcome.Received, outcome.Problems.Count, platform is not null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LogWarning(e, "E-invoice exchange failed for tenant {Tenant}; dunning goes on", tenant.Code);
            return new ExchangeReport(0, 0, 0, 0, 1, false, e.Message);
        }
    }

    /// <summary>Statuses of the actions planned on the days the run covers (nothing should be left "sending").</summary>
    private async Task<IReadOnlyDictionary<string, int>> OutboxAsync(Tenant tenant, DailyRun run, CancellationToken ct)
    {
        await using var db = factory.Create(tenant.Id);
        var rows = await db.Set<DunningAction>().AsNoTracking()
            .Where(a => a.PlannedOn >= run.CoversFrom && a.PlannedOn <= run.RunOn)
            .GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.ToDictionary(r => char.ToLowerInvariant(r.Key.ToString()[0]) + r.Key.ToString()[1..], r => r.Count);
    }

    /// <summary>The server's own retries and the recovery of claims left by a runner that stopped (see <see cref="DunningDispatch.RetryDueAsync"/>).</summary>
    private async Task RetryDueAsync(Tenant tenant, CancellationToken ct)
    {
        await using var db = factory.Create(tenant.Id);
        var result = await DunningDispatch.RetryDueAsync(db, tenant, Channels, Clock, new DunningRunOptions { RunnerId = RunnerId + ":retry" }, ct);
        if (result.Sent + result.Retrying + result.Failed + result.Skipped > 0)
        {
            Log.LogInformation("Dunning retries for tenant {Tenant}: {Sent} sent, {Retrying} retrying, {Failed} failed", tenant.Code, result.Sent, result.Retrying, result.Failed);
        }
    }
}
