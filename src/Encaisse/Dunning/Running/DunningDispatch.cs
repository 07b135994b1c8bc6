using Encaisse.Dunning.Plans;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>What a "send now" did to the rows it was given.</summary>
public sealed record DispatchResult(int Sent, int Retrying, int Failed, int Skipped);

public enum RequeueResult
{
    Done = 0,
    NotFound = 1,
    /// <summary>The row is not failed, skipped or bounced (or was rejected by its approver): nothing to retry.</summary>
    NotRetryable = 2,
}

/// <summary>
/// Sends chosen outbox rows at once, through the very sender of the daily run (<see cref="ActionSender"/>: claim,
/// channel, mark, timeline), and puts failed rows back in the outbox. Used by the back-office queues: an approved
/// reminder leaves right after the approval instead of waiting for the next run.
/// </summary>
public static class DunningDispatch
{
    /// <summary>Sends the given rows if they are Planned and due; other rows are left alone.</summary>
    public static Task<DispatchResult> SendNowAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock, string by,
        IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        SendNowAsync(db, tenant, channels, clock, new DunningRunOptions { RunnerId = $"web:{by}:{Guid.NewGuid().ToString("N")[..8]}" }, ids, ct);

    internal static async Task<DispatchResult> SendNowAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock,
        DunningRunOptions options, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0);
        }

        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var cancelled = await CancelNoLongerDueAsync(db, tenant, settings, clock, ids, ct);
        var sender = new ActionSender(db, tenant, settings, channels, clock, options) { Only = ids };
        var outcome = await sender.SendDueAsync(ct);
        return new DispatchResult(outcome.Sent, outcome.Retrying, outcome.Failed + outcome.MayHaveLeft, outcome.Skipped + cancelled);
    }

    /// <summary>
    /// The server's own retries (every minute, from the scheduler): claims left by a stopped runner for longer than the
    /// stale delay are recovered (released, or to review if the attempt had started), then rows whose earlier attempt
    /// failed before anything left and whose next attempt is due (5, 10, 20 … minutes later) are sent, after the same
    /// "still due?" check as a person's "send now". Rows never attempted wait for the daily run or a person.
    /// </summary>
    internal static async Task<DispatchResult> RetryDueAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock,
        DunningRunOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var now = clock.GetUtcNow();
        var settings = await DunningSetup.EnsureAsync(db, clock, ct);
        var (released, _) = await DunningRunner.RecoverInterruptedAsync(db, settings, now, options.StaleClaimAfter, [], ct);
        // SQLite cannot compare DateTimeOffset in SQL: the (few) rows waiting for a retry are filtered in memory.
        var due = (await db.Set<DunningAction>().AsNoTracking()
                .Where(a => a.Status == DunningActionStatus.Planned && a.Attempts > 0)
                .Select(a => new { a.Id, a.NextAttemptAt }).ToListAsync(ct))
            .Where(a => a.NextAttemptAt <= now).Select(a => a.Id).ToList();
        if (due.Count == 0 && released == 0)
        {
            return new DispatchResult(0, 0, 0, 0);
        }

        return await SendNowAsync(db, tenant, channels, clock, options, due, ct);
    }

    /// <summary>
    /// A row approved or retried hours or weeks after it was planned may no longer be due: the customer paid, opened a
    /// dispute, promised, was paused or entered insolvency since. The planner decides again for each customer, as the
    /// daily run would, and rows it no longer wants are cancelled (with its reason) instead of sent.
    /// </summary>
    private static async Task<int> CancelNoLongerDueAsync(EncaisseDb db, Tenant tenant, DunningSettings settings, TimeProvider clock,
        IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await db.Set<DunningAction>().AsNoTracking()
            .Where(a => ids.Contains(a.Id) && a.Status == DunningActionStatus.Planned)
            .Select(a => new { a.Id, a.CustomerId, a.StepKey, a.Cycle, a.InvoiceIds }).ToListAsync(ct);
        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var now = clock.GetUtcNow();
        var cancelled = 0;
        foreach (var customer in rows.GroupBy(r => r.CustomerId))
        {
            var loaded = await DunningSnapshotLoader.LoadAsync(db, settings, today, ct, customer.Key);
            var decision = Planning.DunningPlanner.Plan(loaded.Snapshot);
            var wanted = decision.Actions.Select(a => (a.StepKey, a.Cycle)).Concat(decision.Waiting.Select(w => (w.StepKey, w.Cycle))).ToHashSet();
            var dunnable = decision.Actions.SelectMany(a => a.Items).Select(i => i.InvoiceId).ToHashSet();
            // Still due: the planner wants this very step, or it still reminds the customer of every invoice the
            // message lists (a person approved this content; a later step planned since does not make it wrong).
            bool StillDue(Guid[] invoices, string stepKey, int cycle) =>
                wanted.Contains((stepKey, cycle)) || (decision.Actions.Count > 0 && invoices.All(dunnable.Contains));
            foreach (var row in customer.Where(r => !StillDue(Invoices(r.InvoiceIds), r.StepKey, r.Cycle)))
            {
                var reason = decision.Notes.FirstOrDefault(n => n.CustomerId == row.CustomerId)
                    ?? (decision.Actions.FirstOrDefault() is { } next
                        ? Encaisse.Dunning.Planning.PlanningNote.Of(row.CustomerId, null, "superseded", ("step", next.StepKey))
                        : Encaisse.Dunning.Planning.PlanningNote.Of(row.CustomerId, null, "noLongerDue"));
                var changed = await db.Set<DunningAction>()
                    .Where(a => a.Id == row.Id && a.Status == DunningActionStatus.Planned)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Cancelled).SetProperty(a => a.LastError, DunningRunner.Truncate("cancelled: " + reason.Reason)), ct);
                if (changed == 1)
                {
                    cancelled++;
                    db.Add(DunningRunner.Cancelled(db.TenantId, row.CustomerId, now, row.StepKey, row.Cycle, reason));
                }
            }
        }

        await db.SaveChangesAsync(ct);
        return cancelled;
    }

    private static Guid[] Invoices(string ids) =>
        ids.Length == 0 ? [] : ids.Split(',').Select(Guid.Parse).ToArray();

    /// <summary>
    /// Puts a failed, skipped (no address) or bounced row back in the outbox with fresh attempts, due now. The
    /// recipient is read again from the contact (a corrected address is used). Rows rejected by an approver stay rejected.
    /// </summary>
    public static async Task<RequeueResult> RequeueAsync(EncaisseDb db, Guid id, string by, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var action = await db.Set<DunningAction>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return RequeueResult.NotFound;
        }

        var bounced = action.Status == DunningActionStatus.Sent && IsBounce(action.Outcome);
        if (!(action.Status == DunningActionStatus.Failed || bounced || (action.Status == DunningActionStatus.Skipped && !IsRejection(action.LastError))))
        {
            return RequeueResult.NotRetryable;
        }

        if (action.Channel == DunningChannel.Email)
        {
            action.Recipient = await CurrentEmailAsync(db, action, ct) ?? action.Recipient;
        }
        else if (action.Channel == DunningChannel.Sms && action.ContactId is { } smsContact)
        {
            // The corrected number, if it is a mobile (E.164); SMS go to mobiles only (Channels.PhoneRules).
            var phone = await db.Contacts.Where(c => c.Id == smsContact).Select(c => c.Phone).FirstOrDefaultAsync(ct);
            var country = await db.Customers.Where(c => c.Id == action.CustomerId).Select(c => c.BillingAddress.Country).FirstOrDefaultAsync(ct);
            var check = Channels.PhoneRules.Check(phone, country);
            action.Recipient = check.CanText ? check.E164 : phone is null ? action.Recipient : null;
        }

        // Claim the transition first: of two people retrying the same row at once, one only gets it (the other's
        // save would otherwise put a row just sent back to Planned, and it would leave twice).
        var (status, outcome, attempts) = (action.Status, action.Outcome, action.Attempts);
        var claimed = await db.Set<DunningAction>()
            .Where(a => a.Id == id && a.Status == status && a.Outcome == outcome && a.Attempts == attempts)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Planned), ct);
        if (claimed == 0)
        {
            return RequeueResult.NotRetryable;
        }

        var previous = action.LastError ?? action.Outcome;
        action.Status = DunningActionStatus.Planned;
        action.Attempts = 0;
        action.NextAttemptAt = now;
        action.ClaimedBy = null;
        action.ClaimedAt = null;
        action.SentAt = null;
        action.LastError = DunningRunner.Truncate($"re-queued by {by} after: {previous}");
        if (bounced)
        {
            // A bounce answers with a new Message-ID so the next bounce (if any) refers to this attempt.
            action.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
            await CloseBounceTasksAsync(db, action.Id, "Renvoyé par " + by, now, ct);
        }

        db.Add(DunningRunner.Timeline(db.TenantId, action.CustomerId, now, "dunning.requeued", TimelineText.Of("dunning.requeued", ("step", action.StepKey), ("by", by)), by));
        await db.SaveChangesAsync(ct);
        return RequeueResult.Done;
    }

    /// <summary>Gives up a failed or skipped row for good (status Cancelled); for a bounce, closes its task.</summary>
    public static async Task<RequeueResult> CancelAsync(EncaisseDb db, Guid id, string by, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var action = await db.Set<DunningAction>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return RequeueResult.NotFound;
        }

        if (action.Status == DunningActionStatus.Sent && IsBounce(action.Outcome))
        {
            await CloseBounceTasksAsync(db, action.Id, "Abandonné par " + by, now, ct);
        }
        else if (action.Status is DunningActionStatus.Failed or DunningActionStatus.Skipped)
        {
            action.Status = DunningActionStatus.Cancelled;
            action.LastError = DunningRunner.Truncate($"cancelled by {by} after: {action.LastError}");
        }
        else
        {
            return RequeueResult.NotRetryable;
        }

        db.Add(DunningRunner.Timeline(db.TenantId, action.CustomerId, now, "dunning.abandoned", TimelineText.Of("dunning.abandoned", ("step", action.StepKey), ("by", by)), by));
        await db.SaveChangesAsync(ct);
        return RequeueResult.Done;
    }

    /// <summary>
    /// Rows that did not reach the customer and wait for a person (the failures queue and the dashboard count):
    /// failed, or skipped for want of an address (not rejected by an approver). Bounced rows come through their open
    /// bounce tasks (<see cref="OpenBounces"/>).
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<DunningAction, bool>> Undelivered = a =>
        a.Status == DunningActionStatus.Failed
        || (a.Status == DunningActionStatus.Skipped && (a.LastError == null || !a.LastError.StartsWith("rejected by ")));

    /// <summary>Open bounce tasks that point at an outbox row.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<CollectionTask, bool>> OpenBounces = t =>
        t.Kind == CollectionTaskKind.BouncedEmail && t.Status == CollectionTaskStatus.Open && t.DunningActionId != null;

    public static bool IsBounce(string? outcome) => outcome is not null && outcome.StartsWith("bounced:", StringComparison.Ordinal);

    public static bool IsRejection(string? lastError) => lastError is not null && lastError.StartsWith("rejected by ", StringComparison.Ordinal);

    private static async Task<string?> CurrentEmailAsync(EncaisseDb db, DunningAction action, CancellationToken ct)
    {
        if (action.ContactId is { } contactId &&
            await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Email).FirstOrDefaultAsync(ct) is { Length: > 0 } email)
        {
            return email;
        }

        // No contact on the row (it was skipped for lack of an address): the customer's first usable address now.
        return await db.Contacts.Where(c => c.CustomerId == action.CustomerId && c.Email != null && !c.EmailFailing)
            .OrderByDescending(c => c.IsPrimary).Select(c => c.Email).FirstOrDefaultAsync(ct);
    }

    private static async Task CloseBounceTasksAsync(EncaisseDb db, Guid actionId, string outcome, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var task in await db.Set<CollectionTask>()
                     .Where(t => t.DunningActionId == actionId && t.Kind == CollectionTaskKind.BouncedEmail && t.Status == CollectionTaskStatus.Open).ToListAsync(ct))
        {
            task.Status = CollectionTaskStatus.Done;
            task.CompletedAt = now;
            task.Outcome = outcome;
        }
    }
}
