using System.Collections.Concurrent;
using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Formats.Runs;

/// <summary>How far a running import has come, updated by the import's thread and read by status requests.</summary>
public sealed class ImportProgress
{
    private long rowsRead;
    private long fractionBits;

    public long RowsRead => Interlocked.Read(ref rowsRead);

    /// <summary>Share of the file read, 0 to 1.</summary>
    public double Fraction => BitConverter.Int64BitsToDouble(Interlocked.Read(ref fractionBits));

    internal void Report(long rows, double fraction)
    {
        Interlocked.Exchange(ref rowsRead, rows);
        Interlocked.Exchange(ref fractionBits, BitConverter.DoubleToInt64Bits(Math.Clamp(fraction, 0, 1)));
    }
}

/// <summary>What the status endpoint answers (camelCase JSON).</summary>
public sealed record ImportRunState(
    Guid Id, ImportRunStatus Status, bool Done, long RowsRead, int Percent, int Records, int Created, int Updated, int Rejected, int ErrorCount);

/// <summary>
/// Runs back-office imports in the background of the server (the upload request returns at once) through the one
/// import path, <see cref="LedgerImport"/>: same rules, same all-or-nothing transaction as the CLI and the API.
/// Live progress is kept in memory on the server running the import; the history and the reports are in the
/// database (table <c>import_runs</c>), so any server shows them.
/// </summary>
public sealed class ImportRuns(DatabaseFactory database, TimeProvider clock, IHostApplicationLifetime lifetime)
{
    public const int HistorySize = 20;
    private readonly ConcurrentDictionary<Guid, (ImportProgress Progress, Task Task)> live = new();

    /// <summary>Called on the import's thread after each progress report (tests hold an import there to watch its progress).</summary>
    internal Action<long>? AfterProgress { get; set; }

    /// <summary>Spools the upload to a temporary file, records the run, and starts it in the background.</summary>
    public async Task<ImportRun> StartAsync(Tenant tenant, string startedBy, ImportKind kind, string fileName, Stream upload, bool skipInvalid, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(upload);
        var temp = Path.Combine(Path.GetTempPath(), "encaisse-import-" + Guid.NewGuid().ToString("N"));
        long size;
        await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await upload.CopyToAsync(target, ct);
            size = target.Length;
        }

        var run = new ImportRun
        {
            TenantId = tenant.Id,
            Kind = kind,
            FileName = Trim(Path.GetFileName(fileName), 260),
            SizeBytes = size,
            SkipInvalid = skipInvalid,
            StartedBy = Trim(startedBy, 100),
            StartedAt = clock.GetUtcNow(),
            Status = ImportRunStatus.Running,
        };
        try
        {
            await using var db = database.Create(tenant.Id);
            await MarkAbandonedAsync(db, run.StartedAt, ct);
            db.Add(run);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        var progress = new ImportProgress();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await gate.Task;
            await RunAsync(run, tenant, temp, progress, lifetime.ApplicationStopping);
        }, CancellationToken.None);
        live[run.Id] = (progress, task);
        gate.SetResult();
        return run;
    }

    /// <summary>The background task of a run started on this server (null when unknown here or finished).</summary>
    public Task? Completion(Guid id) => live.TryGetValue(id, out var entry) ? entry.Task : null;

    /// <summary>Current state: live counters while running on this server, else what the database says.</summary>
    public async Task<ImportRunState?> StateAsync(EncaisseDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var run = await db.Set<ImportRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return null;
        }

        if (run.Status == ImportRunStatus.Running)
        {
            var progress = live.TryGetValue(id, out var entry) ? entry.Progress : null;
            // The share of the file read runs ahead of the rows (readers buffer); the writing is still to come: at most 99 % while running.
            var percent = Math.Min(99, (int)Math.Floor((progress?.Fraction ?? 0) * 100));
            return new ImportRunState(id, run.Status, false, progress?.RowsRead ?? 0, percent, 0, 0, 0, 0, 0);
        }

        return new ImportRunState(id, run.Status, true, run.Records, 100, run.Records, run.Created, run.Updated, run.Rejected, run.ErrorCount);
    }

    /// <summary>
    /// Runs still "running" long after they started lost their server (crash, kill): their transaction died with it,
    /// so nothing was written. They are marked failed when the tenant starts its next import.
    /// </summary>
    private static async Task MarkAbandonedAsync(EncaisseDb db, DateTimeOffset now, CancellationToken ct)
    {
        var running = await db.Set<ImportRun>().Where(r => r.Status == ImportRunStatus.Running).ToListAsync(ct);
        foreach (var stale in running.Where(r => r.StartedAt < now - AbandonedAfter))
        {
            stale.Status = ImportRunStatus.Failed;
            stale.FinishedAt = now;
            stale.Failure = "Interrupted: the server running it stopped before the end (nothing was written).";
        }
    }

    /// <summary>How long after its start a run that is still "running" is taken as lost.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(12);

    public static async Task<IReadOnlyList<ImportRun>> HistoryAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<ImportRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(HistorySize)
            .Select(r => new ImportRun
            {
                Id = r.Id,
                TenantId = r.TenantId,
                Kind = r.Kind,
                FileName = r.FileName,
                SizeBytes = r.SizeBytes,
                SkipInvalid = r.SkipInvalid,
                StartedBy = r.StartedBy,
                StartedAt = r.StartedAt,
                FinishedAt = r.FinishedAt,
                Status = r.Status,
                Records = r.Records,
                Created = r.Created,
                Updated = r.Updated,
                Rejected = r.Rejected,
                ErrorCount = r.ErrorCount,
            })
            .ToListAsync(ct);
    }

    public static ImportReport? ReportOf(ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(run.Report, Encaisse.Operations.JsonShape.Options);
    }

    private async Task RunAsync(ImportRun run, Tenant tenant, string temp, ImportProgress progress, CancellationToken ct)
    {
        ImportReport? report = null;
        string? failure = null;
        try
        {
            await using var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var length = Math.Max(1, stream.Length);
            var options = new ImportOptions
            {
                SkipInvalid = run.SkipInvalid,
                RowsRead = rows =>
                {
                    // The reader may have closed the file once at its end.
                    progress.Report(rows, stream.CanSeek ? (double)stream.Position / length : 1);
                    AfterProgress?.Invoke(rows);
                },
            };
            report = await LedgerImport.RunAsync(database, tenant, run.Kind, run.FileName, stream, options, clock, ct);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The import's transaction was rolled back: nothing of the file is in the ledger.
            failure = Trim(e.GetType().Name + ": " + e.Message, 1000);
        }
        finally
        {
            File.Delete(temp);
        }

        try
        {
            await using var db = database.Create(tenant.Id);
            var stored = await db.Set<ImportRun>().SingleAsync(r => r.Id == run.Id, CancellationToken.None);
            Finish(stored, report, failure, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            live.TryRemove(run.Id, out _);
        }
    }

    /// <summary>
    /// Adds an import made elsewhere (CLI <c>import</c>, API upload) to the history, so that the page lists every import
    /// of the tenant. Best effort: the import is already committed or rolled back.
    /// </summary>
    public static async Task RecordAsync(DatabaseFactory database, Guid tenantId, string by, string fileName, long sizeBytes,
        DateTimeOffset startedAt, ImportReport report, DateTimeOffset finishedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(report);
        var run = new ImportRun
        {
            TenantId = tenantId,
            Kind = report.Kind,
            FileName = Trim(Path.GetFileName(fileName), 260),
            SizeBytes = sizeBytes,
            SkipInvalid = report.SkipInvalid,
            StartedBy = Trim(by, 100),
            StartedAt = startedAt,
        };
        Finish(run, report, null, finishedAt);
        await using var db = database.Create(tenantId);
        db.Add(run);
        await db.SaveChangesAsync(ct);
    }

    private static void Finish(ImportRun run, ImportReport? report, string? failure, DateTimeOffset finishedAt)
    {
        run.FinishedAt = finishedAt;
        run.Failure = failure;
        run.Status = report is null ? ImportRunStatus.Failed : report.Written ? ImportRunStatus.Written : ImportRunStatus.Rejected;
        if (report is not null)
        {
            (run.Records, run.Created, run.Updated, run.Rejected, run.ErrorCount) =
                (report.Records, report.Created, report.Updated, report.Rejected, report.ErrorCount);
            run.Report = JsonSerializer.Serialize(report, Encaisse.Operations.JsonShape.Options);
        }
    }

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
