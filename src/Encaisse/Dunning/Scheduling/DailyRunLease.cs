using Encaisse.Storage;

namespace Encaisse.Dunning.Scheduling;

/// <summary>
/// Keeps this runner's lease on a daily run alive while it works: renewed in the work loop (before each claim of an
/// outbox row, at each phase end) and by a heartbeat every quarter of the lease for long single steps (a slow mail
/// server, the registry budget). When a renewal finds the lease taken over, <see cref="Token"/> is cancelled and the
/// work stops; nothing is released on a crash: the lease simply lapses and another node resumes.
/// </summary>
internal sealed class DailyRunLease : IAsyncDisposable
{
    private readonly DatabaseFactory factory;
    private readonly Guid tenantId;
    private readonly TimeProvider clock;
    private readonly ILogger log;
    private readonly CancellationTokenSource lost = new();
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource linked;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Task heartbeat;
    private DateTimeOffset renewedAt;

    public DailyRunLease(DatabaseFactory factory, Guid tenantId, DailyRun run, string runner, TimeSpan duration, TimeProvider clock, ILogger log,
        CancellationToken ct)
    {
        this.factory = factory;
        this.tenantId = tenantId;
        this.clock = clock;
        this.log = log;
        Run = run;
        Runner = runner;
        Duration = duration;
        renewedAt = clock.GetUtcNow();
        linked = CancellationTokenSource.CreateLinkedTokenSource(ct, lost.Token);
        heartbeat = HeartbeatAsync();
    }

    public DailyRun Run { get; }
    public string Runner { get; }
    public TimeSpan Duration { get; }

    /// <summary>Cancelled when the caller stops or the lease is lost.</summary>
    public CancellationToken Token => linked.Token;

    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>Renews when a quarter of the lease has passed since the last renewal.</summary>
    public async Task RenewIfDueAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - renewedAt < Duration / 4)
        {
            return;
        }

        await RenewAsync(ct);
    }

    public async Task RenewAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            await using var db = factory.Create(tenantId);
            if (!await DailyRuns.RenewAsync(db, Run.Id, Runner, now + Duration, ct))
            {
                await lost.CancelAsync();
                throw new LeaseLostException($"The daily run of {Run.RunOn:yyyy-MM-dd} was taken over by another runner.");
            }

            renewedAt = now;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Ends <paramref name="from"/>: the phase and the report are stored, the lease renewed (or ended at Done).</summary>
    public async Task AdvanceAsync(DailyRunPhase from, DailyRunPhase to, string report, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            await using var db = factory.Create(tenantId);
            try
            {
                await DailyRuns.AdvanceAsync(db, Run.Id, Runner, from, to, report, now, now + Duration, ct);
            }
            catch (LeaseLostException)
            {
                await lost.CancelAsync();
                throw;
            }

            renewedAt = now;
            Run.Phase = to;
            Run.Report = report;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A clean stop (shutdown): another node may take the run at once.</summary>
    public async Task ReleaseAsync()
    {
        await using var db = factory.Create(tenantId);
        await DailyRuns.ReleaseAsync(db, Run.Id, Runner, clock.GetUtcNow(), CancellationToken.None);
    }

    private async Task HeartbeatAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Duration / 4, clock, stop.Token);
                await RenewIfDueAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (LeaseLostException)
            {
                log.LogWarning("Lease on the daily run of {Date} lost by {Runner}: stopping", Run.RunOn, Runner);
                return;
            }
            catch (Exception e)
            {
                // The database may be unreachable for a moment; the next beat tries again (the lease lasts 4 beats).
                log.LogWarning(e, "Could not renew the lease on the daily run of {Date}", Run.RunOn);
            }
        }
    }

    /// <summary>Stops the heartbeat. Does NOT release the lease: after a failure it lapses, and the run is resumed.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await heartbeat;
        stop.Dispose();
        linked.Dispose();
        lost.Dispose();
        gate.Dispose();
    }
}
