using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Plans;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>
/// The effects around the pure planner: snapshot → plan → store every action in the outbox (unique key
/// customer + step + cycle) → claim → send → mark. Guarantees (docs/dunning.md "Outbox"):
/// nothing is sent before it is stored; a row is claimed (status Sending) before the channel is called, so a crash
/// after the channel but before the mark leaves a Sending row that is never retried automatically (at most once);
/// a crash before the claim leaves a Planned row the next run sends (nothing lost).
/// </summary>
public sealed class DunningRunner(DatabaseFactory factory, TimeProvider clock, DunningChannels channels)
{
    public async Task<DunningRunReport> RunAsync(Tenant tenant, DunningRunOptions options, CancellationToken ct)
    {
        var asOf = options.AsOf ?? BusinessCalendar.Today(clock, tenant.TimeZone);
        await using var db = factory.Create(tenant.Id);
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var interrupted = options.DryRun ? 0 : await RecoverInterruptedAsync(db, options, ct);

        var loaded = await DunningSnapshotLoader.PlanAsync(db, settings, asOf, ct);
        var decision = loaded.Decision;
        var byKey = loaded.Stored.ToDictionary(s => (s.CustomerId, s.StepKey, s.Cycle));
        var lines = new List<RunLine>();
        string Ref(Guid id) => loaded.CustomerRefs.TryGetValue(id, out var r) ? r : id.ToString();

        if (options.DryRun)
        {
            foreach (var p in decision.Actions)
            {
                var exists = byKey.TryGetValue((p.CustomerId, p.StepKey, p.Cycle), out var s);
                lines.Add(Line(p, Ref(p.CustomerId), exists ? s!.Id : null, exists ? s!.Status.ToString() : "wouldPlan", null));
            }

            return Report(asOf, true, lines, decision, stored: 0, interrupted: 0);
        }

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
        if (options.Checkpoint is not null)
        {
            await options.Checkpoint("stored", null);
        }

        var sender = new ActionSender(db, tenant, settings, channels, clock, options);
        var outcomes = await sender.SendDueAsync(ct);
        var after = (await db.Set<DunningAction>().AsNoTracking()
                .Select(a => new { a.Id, a.CustomerId, a.StepKey, a.Cycle, a.Status, a.LastError, a.Outcome }).ToListAsync(ct))
            .ToDictionary(a => (a.CustomerId, a.StepKey, a.Cycle));
        foreach (var p in decision.Actions)
        {
            var action = after.GetValueOrDefault((p.CustomerId, p.StepKey, p.Cycle));
            lines.Add(Line(p, Ref(p.CustomerId), action?.Id, action?.Status.ToString() ?? "unknown", action?.LastError ?? action?.Outcome));
        }

        var report = Report(asOf, false, lines, decision, stored.Count, interrupted);
        return report with
        {
            Sent = outcomes.Sent,
            Retrying = outcomes.Retrying,
            Failed = outcomes.Failed,
            Skipped = outcomes.Skipped,
            Cancelled = cancelled,
            AwaitingApproval = await db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct),
        };
    }

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
            var reason = decision.Notes.FirstOrDefault(n => n.CustomerId == s.CustomerId)?.Reason
                ?? (decision.Actions.FirstOrDefault(a => a.CustomerId == s.CustomerId) is { } next ? $"superseded by {next.StepKey}" : "no longer due (paid or settled)");
            var changed = await db.Set<DunningAction>()
                .Where(a => a.Id == s.Id && (a.Status == DunningActionStatus.Planned || a.Status == DunningActionStatus.AwaitingApproval))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Cancelled).SetProperty(a => a.LastError, Truncate("cancelled: " + reason)), ct);
            if (changed == 1)
            {
                count++;
                db.Add(Timeline(db.TenantId, s.CustomerId, now, "dunning.cancelled", $"Relance {s.StepKey} (cycle {s.Cycle}) annulée : {reason}"));
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
                $"Promesse de paiement du {promise.PromisedDate:dd/MM/yyyy} non tenue : reprise des relances"));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A row left in Sending longer than the stale delay was interrupted between the channel and the mark: the
    /// message may have left. It is failed (never resent automatically) and a person checks it (Review task).
    /// </summary>
    private async Task<int> RecoverInterruptedAsync(EncaisseDb db, DunningRunOptions options, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.StaleClaimAfter;
        var sending = await db.Set<DunningAction>().Where(a => a.Status == DunningActionStatus.Sending).ToListAsync(ct);
        var count = 0;
        foreach (var action in sending.Where(a => a.ClaimedAt is null || a.ClaimedAt <= cutoff))
        {
            action.Status = DunningActionStatus.Failed;
            action.LastError = $"interrupted while sending (claimed by {action.ClaimedBy} at {action.ClaimedAt:O}); it may have left: check the mail server log for Message-ID {action.MessageId} before re-queueing";
            db.Add(new CollectionTask
            {
                TenantId = db.TenantId,
                CustomerId = action.CustomerId,
                Kind = CollectionTaskKind.Review,
                Title = $"Vérifier l'envoi interrompu de la relance {action.StepKey} (cycle {action.Cycle})",
                DueOn = action.PlannedOn,
                DunningActionId = action.Id,
                CreatedAt = now,
            });
            db.Add(Timeline(db.TenantId, action.CustomerId, now, "dunning.failed", $"Envoi interrompu de la relance {action.StepKey} : à vérifier"));
            count++;
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    internal static TimelineEvent Timeline(Guid tenantId, Guid customerId, DateTimeOffset at, string kind, string summary) =>
        new() { TenantId = tenantId, CustomerId = customerId, At = at, Kind = kind, Summary = Truncate(summary), Actor = "scheduler" };

    internal static string Truncate(string s, int max = 1900) => s.Length <= max ? s : s[..max];
}
