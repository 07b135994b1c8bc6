using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

public enum ApprovalResult
{
    Done = 0,
    NotFound = 1,
    NotAwaiting = 2,
}

/// <summary>The approval queue: actions that need a person's yes (formal notices) before the next run sends them.</summary>
public static class DunningApprovals
{
    public static async Task<ApprovalResult> ApproveAsync(EncaisseDb db, Guid id, string by, DateTimeOffset now, CancellationToken ct) =>
        await DecideAsync(db, id, by, now, approve: true, null, ct);

    public static async Task<ApprovalResult> RejectAsync(EncaisseDb db, Guid id, string by, string? reason, DateTimeOffset now, CancellationToken ct) =>
        await DecideAsync(db, id, by, now, approve: false, reason, ct);

    private static async Task<ApprovalResult> DecideAsync(EncaisseDb db, Guid id, string by, DateTimeOffset now, bool approve, string? reason, CancellationToken ct)
    {
        var action = await db.Set<DunningAction>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return ApprovalResult.NotFound;
        }

        // One conditional UPDATE: of two people deciding at once, only the first changes the row (a plain save
        // could put a reminder already approved and sent back to Planned, and it would leave twice).
        var status = approve ? DunningActionStatus.Planned : DunningActionStatus.Skipped;
        var lastError = approve ? action.LastError : DunningRunner.Truncate($"rejected by {by}" + (reason is null ? "" : ": " + reason));
        var changed = await db.Set<DunningAction>()
            .Where(a => a.Id == id && a.Status == DunningActionStatus.AwaitingApproval)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, status)
                .SetProperty(a => a.ApprovedBy, by)
                .SetProperty(a => a.DecidedAt, now)
                .SetProperty(a => a.NextAttemptAt, now)
                .SetProperty(a => a.LastError, lastError), ct);
        if (changed == 0)
        {
            return ApprovalResult.NotAwaiting;
        }

        var kind = approve ? "dunning.approved" : "dunning.rejected";
        // Set-based update: the audit entry is recorded here, not by the change tracker.
        Audit.AuditTrail.Record(db, "dunning_action", id.ToString(), action.StepKey, action.CustomerId, approve ? "dunning_action.approved" : "dunning_action.rejected",
            new { Status = action.Status.ToString() }, new { Status = status.ToString(), ApprovedBy = by, Reason = approve ? null : reason });
        // The actor is the person who decided, not the scheduler.
        db.Add(DunningRunner.Timeline(db.TenantId, action.CustomerId, now, kind,
            Encaisse.Ledger.TimelineText.Of(kind, ("step", action.StepKey), ("by", by), ("reason", approve ? null : reason)), by));
        await db.SaveChangesAsync(ct);
        return ApprovalResult.Done;
    }
}
