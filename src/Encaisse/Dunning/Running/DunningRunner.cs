using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Plans;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>
/// The effects around the pure planner: snapshot → plan → store every action in the outbox (unique key
/// customer + step + cycle) → claim → send → mark. Guarantees (docs/dunning.md "Guarantees per channel"):
/// nothing is sent before it is stored; rows are claimed one at a time (status Sending) before the channel is called;
/// an e-mail or SMS is marked "attempt started" before the server is asked. A claim interrupted before that mark is
/// released and sent by the next run (nothing had left); after it, the message may have left and is never retried
/// automatically (at most once, a person checks). Letters, calls and tasks are completed in one transaction (exactly once).
/// The daily job runs the same steps as resumable phases (<see cref="PlanAsync"/>, <see cref="SendAsync"/>).
/// </summary>
public sealed class DunningRunner(DatabaseFactory factory, TimeProvider clock, DunningChannels channels)
{
    public async Task<DunningRunReport> RunAsync(Tenant tenant, DunningRunOptions options, CancellationToken ct)
    {
        var asOf = options.AsOf ?? BusinessCalendar.Today(clock, tenant.TimeZone);
        await using var db = factory.Create(tenant.Id);
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        if (options.DryRun)
        {
            var preview = await DunningSnapshotLoader.PlanAsync(db, settings, asOf, ct);
            var byKey = preview.Stored.ToDictionary(s => (s.CustomerId, s.StepKey, s.Cycle));
            var previewLines = new List<RunLine>();
            foreach (var p in preview.Decision.Actions)
            {
                var exists = byKey.TryGetValue((p.CustomerId, p.StepKey, p.Cycle), out var s);
                previewLines.Add(Line(p, Ref(preview, p.CustomerId), exists ? s!.Id : null, exists ? s!.Status.ToString() : "wouldPlan", null));
            }

            return Report(asOf, true, previewLines, preview.Decision, stored: 0, interrupted: 0);
        }

        var recovered = await RecoverInterruptedAsync(db, settings, options, [], ct);
        var planned = await PlanAndStoreAsync(db, tenant, settings, asOf, ct);
        if (options.Checkpoint is not null)
        {
            await options.Checkpoint("stored", null);
        }

        var sender = new ActionSender(db, tenant, settings, channels, clock, options);
        var outcomes = await sender.SendDueAsync(ct);
        var after = (await db.Set<DunningAction>().AsNoTracking()
                .Select(a => new { a.Id, a.CustomerId, a.StepKey, a.Cycle, a.Status, a.LastError, a.Outcome }).ToListAsync(ct))
            .ToDictionary(a => (a.CustomerId, a.StepKey, a.Cycle));
        var lines = new List<RunLine>();
        foreach (var p in planned.Loaded.Decision.Actions)
        {
            var action = after.GetValueOrDefault((p.CustomerId, p.StepKey, p.Cycle));
            lines.Add(Line(p, Ref(planned.Loaded, p.CustomerId), action?.Id, action?.Status.ToString() ?? "unknown", action?.LastError ?? action?.Outcome));
        }

        var report = Report(asOf, false, lines, planned.Loaded.Decision, planned.Stored, recovered.Interrupted);
        return report with
        {
            Sent = outcomes.Sent,
            Retrying = outcomes.Retrying,
            Failed = outcomes.Failed,
            Skipped = outcomes.Skipped,
            Cancelled = planned.Cancelled,
            AwaitingApproval = await db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct),
            Released = recovered.Released,
            MayHaveLeft = outcomes.MayHaveLeft,
        };
    }

    /// <summary>
    /// The daily job's planning phase: promises broken, pending rows no longer due cancelled, new actions stored with their
    /// exact content. Idempotent (unique outbox keys): a resumed phase stores only what is missing.
    /// </summary>
    internal async Task<PlanningOutcome> PlanAsync(Tenant tenant, DateOnly asOf, CancellationToken ct)
    {
        await using var db = factory.Create(tenant.Id);
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var planned = await PlanAndStoreAsync(db, tenant, settings, asOf, ct);
        var decision = planned.Loaded.Decision;
        return new PlanningOutcome(decision.Actions.Count, planned.Stored, planned.Cancelled, decision.BrokenPromises.Count,
            await db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct));
    }

    /// <summary>
    /// The daily job's sending phase: claims left by <paramref name="deadRunners"/> (earlier holders of the day's lease) or
    /// older than the stale delay are recovered first, then every due row is claimed and sent, one at a time.
    /// </summary>
    internal async Task<SendingOutcome> SendAsync(Tenant tenant, DunningRunOptions options, IReadOnlyCollection<string> deadRunners, CancellationToken ct)
    {
        await using var db = factory.Create(tenant.Id);
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var recovered = await RecoverInterruptedAsync(db, settings, options, deadRunners, ct);
        var outcomes = await new ActionSender(db, tenant, settings, channels, clock, options).SendDueAsync(ct);
        return new SendingOutcome(recovered.Released, recovered.Interrupted, outcomes.Sent, outcomes.Retrying, outcomes.Failed, outcomes.Skipped, outcomes.MayHaveLeft);
    }

    private async Task<PlannedOutbox> PlanAndStoreAsync(EncaisseDb db, Tenant tenant, DunningSettings settings, DateOnly asOf, CancellationToken ct)
    {
        var loaded = await DunningSnapshotLoader.PlanAsync(db, settings, asOf, ct);
        var decision = loaded.Decision;
        var byKey = loaded.Stored.ToDictionary(s => (s.CustomerId, s.StepKey, s.Cycle));
        var now = clock.GetUtcNow();
        await RecordBrokenPromisesAsync(db, decision.BrokenPromises, asOf, now, ct);
        var cancelled = await CancelNoLongerDueAsync(db, loaded, decision, now, ct);

        var composer = new ActionComposer(tenant, settings);
        var fresh = new List<DunningAction>();
        var toCompose = decision.Actions.Where(p => !byKey.ContainsKey((p.CustomerId, p.StepKey, p.Cycle))).ToList();
        foreach (var batch in toCompose.Chunk(500))
        {
            // Full customers (addresses, contacts) only for those who get a message, a batch at a time.
            var ids = batch.Select(p => p.CustomerId).Distinct().ToList();
            var customers = await db.Customers.AsNoTracking().Include(c => c.Contacts).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
            foreach (var p in batch)
            {
                fresh.Add(await composer.ComposeAsync(db, p, customers[p.CustomerId], asOf, now, ct));
            }
        }

        var stored = await StoreAsync(db, fresh, ct);
        return new PlannedOutbox(loaded, stored.Count, cancelled);
    }

    private static string Ref(PlannedRun loaded, Guid id) => loaded.CustomerRefs.TryGetValue(id, out var r) ? r : id.ToString();

    private static DunningRunReport Report(DateOnly asOf, bool dryRun, List<RunLine> lines, DunningDecision decision, int stored, int interrupted) =>
        new(asOf, dryRun, lines, decision.Notes, stored, 0, 0, 0, 0, 0, 0, interrupted, decision.BrokenPromises.Count, decision.NextCheck);

    private static RunLine Line(PlannedAction p, string customerRef, Guid? id, string status, string? detail) =>
        new(id, p.CustomerId, customerRef, p.StepKey, p.Cycle, p.Channel, p.Tone, p.Level,
            p.Items.Select(i => i.Item.Number).ToList(), p.Items.Sum(i => i.Item.OpenMinor),
            p.Items.FirstOrDefault()?.Item.Currency ?? "EUR", char.ToLowerInvariant(status[0]) + status[1..], detail);

    /// <summary>Stores new rows; a row another runner stored first (same key) is simply not stored again.</summary>
    private static async Task<List<DunningAction>> StoreAsync(EncaisseDb db, List<DunningAction> fresh, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return fresh;
        }

        db.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }

        var kept = new List<DunningAction>();
        foreach (var action in fresh)
        {
            db.Add(action);
            try
            {
                await db.SaveChangesAsync(ct);
                kept.Add(action);
            }
            catch (DbUpdateException)
            {
                // Unique key (customer, step, cycle) taken by a concurrent runner: that one is the action.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return kept;
    }

    /// <summary>Pending rows the planner no longer wants (paid, paused, superseded by a later step) are cancelled.</summary>
    private static async Task<int> CancelNoLongerDueAsync(EncaisseDb db, PlannedRun loaded, DunningDecision decision, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = decision.Actions.Select(a => (a.CustomerId, a.StepKey, a.Cycle))
            .Concat(decision.Waiting.Select(w => (w.CustomerId, w.StepKey, w.Cycle))).ToHashSet();
        var stale = loaded.Stored.Where(s => s.Pending && !wanted.Contains((s.CustomerId, s.StepKey, s.Cycle))).ToList();
        var count = 0;
        foreach (var s in stale)
        {
            var reason = decision.Notes.FirstOrDefault(n => n.CustomerId == s.CustomerId)
                ?? (decision.Actions.FirstOrDefault(a => a.CustomerId == s.CustomerId) is { } next
                    ? PlanningNote.Of(s.CustomerId, null, "superseded", ("step", next.StepKey))
                    : PlanningNote.Of(s.CustomerId, null, "noLongerDue"));
            var changed = await db.Set<DunningAction>()
                .Where(a => a.Id == s.Id && (a.Status == DunningActionStatus.Planned || a.Status == DunningActionStatus.AwaitingApproval))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Cancelled).SetProperty(a => a.LastError, Truncate("cancelled: " + reason.Reason)), ct);
            if (changed == 1)
            {
                count++;
                db.Add(Cancelled(db.TenantId, s.CustomerId, now, s.StepKey, s.Cycle, reason));
            }
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task RecordBrokenPromisesAsync(EncaisseDb db, IReadOnlyList<Guid> broken, DateOnly asOf, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var id in broken)
        {
            var promise = await db.Set<PromiseToPay>().FirstAsync(p => p.Id == id, ct);
            if (promise.Status != PromiseStatus.Pending)
            {
                continue;
            }

            promise.Status = PromiseStatus.Broken;
            promise.ResolvedOn = asOf;
            db.Add(Timeline(db.TenantId, promise.CustomerId, now, "promise.broken",
                TimelineText.Of("promise.brokenResumed", ("date", promise.PromisedDate))));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Rows left in Sending by a runner that stopped: one of <paramref name="deadRunners"/> (their lease on the day lapsed)
    /// or claimed longer ago than the stale delay. Without the "attempt started" mark nothing had left: the claim is
    /// released and the row is sent by this run. With it, an e-mail or SMS may have left: Failed, never resent
    /// automatically, and a Review task for a person with the Message-ID to look up.
    /// </summary>
    private Task<(int Released, int Interrupted)> RecoverInterruptedAsync(EncaisseDb db, DunningSettings settings, DunningRunOptions options,
        IReadOnlyCollection<string> deadRunners, CancellationToken ct) =>
        RecoverInterruptedAsync(db, settings, clock.GetUtcNow(), options.StaleClaimAfter, deadRunners, ct);

    internal static async Task<(int Released, int Interrupted)> RecoverInterruptedAsync(EncaisseDb db, DunningSettings settings, DateTimeOffset now,
        TimeSpan staleAfter, IReadOnlyCollection<string> deadRunners, CancellationToken ct)
    {
        var cutoff = now - staleAfter;
        var sending = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Status == DunningActionStatus.Sending).ToListAsync(ct);
        int released = 0, interrupted = 0;
        foreach (var action in sending.Where(a => a.ClaimedAt is null || a.ClaimedAt <= cutoff || (a.ClaimedBy is not null && deadRunners.Contains(a.ClaimedBy))))
        {
            if (action.AttemptStartedAt is null)
            {
                if (await ReleaseClaimAsync(db, action.Id, action.ClaimedBy, now,
                        $"claim of {action.ClaimedBy} released after an interruption before the attempt started (nothing had left)",
                        giveUp: action.Attempts >= settings.MaxAttempts, countAttempt: true, ct))
                {
                    released++;
                }
            }
            else if (await SendToReviewAsync(db, action, action.ClaimedBy,
                         $"interrupted while sending (claimed by {action.ClaimedBy} at {action.ClaimedAt:O}, attempt started at {action.AttemptStartedAt:O})", now, ct))
            {
                interrupted++;
            }
        }

        return (released, interrupted);
    }

    /// <summary>
    /// Gives back a claim under which nothing left (no "attempt started" mark): Planned and due at once, or Failed when
    /// <paramref name="giveUp"/> (a row whose claims keep being interrupted). Conditional on the claim being unchanged.
    /// </summary>
    internal static async Task<bool> ReleaseClaimAsync(EncaisseDb db, Guid id, string? claimedBy, DateTimeOffset now, string reason, bool giveUp,
        bool countAttempt, CancellationToken ct)
    {
        var uncount = countAttempt ? 0 : 1;
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == claimedBy && a.AttemptStartedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, giveUp ? DunningActionStatus.Failed : DunningActionStatus.Planned)
                .SetProperty(a => a.ClaimedBy, (string?)null)
                .SetProperty(a => a.ClaimedAt, (DateTimeOffset?)null)
                .SetProperty(a => a.Attempts, a => a.Attempts - uncount)
                .SetProperty(a => a.NextAttemptAt, now)
                .SetProperty(a => a.LastError, Truncate(giveUp ? reason + "; given up after repeated interruptions" : reason)), ct);
        return changed == 1;
    }

    /// <summary>
    /// The message may have left (attempt started, then a crash, a timeout or a dropped connection): Failed with what to
    /// check, a Review task and a timeline event, in one transaction, conditional on the claim being unchanged.
    /// </summary>
    internal static async Task<bool> SendToReviewAsync(EncaisseDb db, DunningAction action, string? claimedBy, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var check = action.Channel == DunningChannel.Sms
            ? $"check the SMS gateway's records for action {action.Id}"
            : $"check the mail server log for Message-ID {action.MessageId}";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == action.Id && a.Status == DunningActionStatus.Sending && a.ClaimedBy == claimedBy && a.AttemptStartedAt != null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, DunningActionStatus.Failed)
                .SetProperty(a => a.LastError, Truncate($"{reason}; it may have left: {check} before re-queueing")), ct);
        if (changed != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        var title = Tasks.TaskTitles.Of("interrupted", ("step", action.StepKey), ("cycle", action.Cycle));
        db.Add(new CollectionTask
        {
            TenantId = db.TenantId,
            CustomerId = action.CustomerId,
            Kind = CollectionTaskKind.Review,
            Title = title.French,
            TitleText = title.Stored,
            DueOn = action.PlannedOn,
            DunningActionId = action.Id,
            CreatedAt = now,
        });
        db.Add(Timeline(db.TenantId, action.CustomerId, now, "dunning.failed", TimelineText.Of("dunning.interrupted", ("step", action.StepKey))));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>A timeline entry of the dunning run, its summary stored as a catalogue message (read in the reader's language).</summary>
    internal static TimelineEvent Timeline(Guid tenantId, Guid customerId, DateTimeOffset at, string kind, System.Text.Json.Nodes.JsonObject text, string actor = "scheduler") =>
        TimelineText.Entry(tenantId, customerId, at, kind, actor, text);

    /// <summary>A planned reminder cancelled because the plan no longer wants it, with the planner's reason.</summary>
    internal static TimelineEvent Cancelled(Guid tenantId, Guid customerId, DateTimeOffset at, string stepKey, int cycle, PlanningNote reason) =>
        Timeline(tenantId, customerId, at, "dunning.cancelled", TimelineText.Of("dunning.cancelled",
            [("step", stepKey), ("cycle", cycle), ("reason", new Encaisse.Localization.Nested(reason.Key)), .. reason.Args.Select(a => ("reason." + a.Key, a.Value))]));

    internal static string Truncate(string s, int max = 1900) => s.Length <= max ? s : s[..max];

    private sealed record PlannedOutbox(PlannedRun Loaded, int Stored, int Cancelled);
}

/// <summary>What the planning phase did: actions decided, new rows stored, pending rows cancelled.</summary>
internal sealed record PlanningOutcome(int Planned, int Stored, int Cancelled, int BrokenPromises, int AwaitingApproval);

/// <summary>What the sending phase did, recovered claims included.</summary>
internal sealed record SendingOutcome(int Released, int Interrupted, int Sent, int Retrying, int Failed, int Skipped, int MayHaveLeft);
