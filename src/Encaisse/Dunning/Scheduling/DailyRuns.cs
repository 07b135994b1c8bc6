using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Scheduling;

/// <summary>A run this runner now holds, with the runners that held it before (their unfinished sends are recovered).</summary>
internal sealed record DailyRunClaim(DailyRun Run, IReadOnlyList<string> EarlierOwners);

/// <summary>The lease was taken over (it lapsed while this runner was silent) or the run was superseded: stop working on it.</summary>
internal sealed class LeaseLostException(string message) : Exception(message);

/// <summary>
/// Creating, claiming, renewing and advancing daily runs (docs/adr/0352). Every write is conditional, so it is safe with
/// several nodes on PostgreSQL (the row lock of an UPDATE re-checks its WHERE) and on SQLite (one writer):
/// <list type="bullet">
/// <item>create: INSERT under the unique key (tenant, date): of two nodes, one inserts, the other claims;</item>
/// <item>claim: compare-and-set on <see cref="DailyRun.Claims"/> when the lease is free or lapsed (the time test is
/// done on the row just read: SQLite cannot compare instants in SQL);</item>
/// <item>renew and advance: only while <see cref="DailyRun.LeaseOwner"/> is this runner and the phase is the expected one.</item>
/// </list>
/// </summary>
internal static class DailyRuns
{
    /// <summary>
    /// Creates the run of <paramref name="day"/> with this runner holding it, unless a node did already (then null). The
    /// run covers the days since the last completed one; unfinished runs of earlier days are superseded by it (it plans
    /// as of its own date: the planner sends the step that applies now, never the missed ones).
    /// </summary>
    public static async Task<DailyRunClaim?> CreateAsync(EncaisseDb db, DateOnly day, DateOnly? lastCompleted, string runner, DateTimeOffset now,
        TimeSpan lease, CancellationToken ct)
    {
        var lastDone = await db.Set<DailyRun>().Where(r => r.Phase == DailyRunPhase.Done && r.RunOn < day)
            .OrderByDescending(r => r.RunOn).Select(r => (DateOnly?)r.RunOn).FirstOrDefaultAsync(ct);
        var since = new[] { lastDone, lastCompleted }.Max();
        var run = new DailyRun
        {
            TenantId = db.TenantId,
            RunOn = day,
            CoversFrom = since is { } d && d < day ? d.AddDays(1) : day,
            Phase = DailyRunPhase.Registry,
            LeaseOwner = runner,
            LeaseExpiresAt = now + lease,
            Claims = 1,
            Owners = runner,
            StartedAt = now,
        };
        db.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node created the day's run first: it is that node's to run (or to resume if it stops).
            db.ChangeTracker.Clear();
            return null;
        }

        db.ChangeTracker.Clear();
        await db.Set<DailyRun>()
            .Where(r => r.RunOn < day && r.Phase != DailyRunPhase.Done && r.Phase != DailyRunPhase.Superseded)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Phase, DailyRunPhase.Superseded)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.LastError, $"left unfinished; covered by the run of {day:yyyy-MM-dd}"), ct);
        return new DailyRunClaim(run, []);
    }

    /// <summary>Takes the run when its lease is free, lapsed or already this runner's; null when another runner holds it or it is over.</summary>
    public static async Task<DailyRunClaim?> ClaimAsync(EncaisseDb db, Guid runId, string runner, DateTimeOffset now, TimeSpan lease, CancellationToken ct)
    {
        var run = await db.Set<DailyRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || run.Phase is DailyRunPhase.Done or DailyRunPhase.Superseded)
        {
            return null;
        }

        if (run.LeaseOwner is not null && run.LeaseOwner != runner && run.LeaseExpiresAt > now)
        {
            return null; // Held, and its holder renewed it recently: it is working.
        }

        var earlier = run.OwnerList;
        var owners = string.Join(',', earlier.Where(o => o != runner).Append(runner));
        while (owners.Length > 2000)
        {
            owners = owners[(owners.IndexOf(',', StringComparison.Ordinal) + 1)..];
        }

        var claims = run.Claims;
        var until = now + lease;
        var changed = await db.Set<DailyRun>()
            .Where(r => r.Id == runId && r.Claims == claims && r.Phase != DailyRunPhase.Done && r.Phase != DailyRunPhase.Superseded)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.LeaseOwner, runner)
                .SetProperty(r => r.LeaseExpiresAt, until)
                .SetProperty(r => r.Claims, claims + 1)
                .SetProperty(r => r.Owners, owners), ct);
        if (changed != 1)
        {
            return null; // Another node claimed it between the read and the update.
        }

        run.LeaseOwner = runner;
        run.LeaseExpiresAt = until;
        run.Claims = claims + 1;
        run.Owners = owners;
        return new DailyRunClaim(run, earlier);
    }

    /// <summary>Extends the lease; false when this runner no longer holds it (taken over, superseded or finished).</summary>
    public static async Task<bool> RenewAsync(EncaisseDb db, Guid runId, string runner, DateTimeOffset until, CancellationToken ct) =>
        await db.Set<DailyRun>()
            .Where(r => r.Id == runId && r.LeaseOwner == runner && r.Phase != DailyRunPhase.Done && r.Phase != DailyRunPhase.Superseded)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseExpiresAt, until), ct) == 1;

    /// <summary>Records the end of a phase (and the report so far); throws <see cref="LeaseLostException"/> when not held.</summary>
    public static async Task AdvanceAsync(EncaisseDb db, Guid runId, string runner, DailyRunPhase from, DailyRunPhase to, string report,
        DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        var done = to == DailyRunPhase.Done;
        var changed = await db.Set<DailyRun>()
            .Where(r => r.Id == runId && r.LeaseOwner == runner && r.Phase == from)
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Phase, to)
                .SetProperty(r => r.Report, report)
                .SetProperty(r => r.LastError, (string?)null)
                .SetProperty(r => r.LeaseExpiresAt, done ? now : until)
                .SetProperty(r => r.FinishedAt, done ? now : null), ct);
        if (changed != 1)
        {
            throw new LeaseLostException($"The daily run {runId} is no longer held by {runner} (phase {from}).");
        }
    }

    /// <summary>Lets another node take the run at once (this runner stops cleanly, e.g. the server shuts down).</summary>
    public static Task ReleaseAsync(EncaisseDb db, Guid runId, string runner, DateTimeOffset now, CancellationToken ct) =>
        db.Set<DailyRun>().Where(r => r.Id == runId && r.LeaseOwner == runner)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LeaseExpiresAt, now), ct);

    /// <summary>Notes why the run stopped (it is resumed by the next claim once the lease lapses).</summary>
    public static Task FailedAsync(EncaisseDb db, Guid runId, string runner, string error, CancellationToken ct) =>
        db.Set<DailyRun>().Where(r => r.Id == runId && r.LeaseOwner == runner)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.LastError, error.Length <= 2000 ? error : error[..2000]), ct);
}
