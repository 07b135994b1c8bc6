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
        var action = await db.Set<DunningAction>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (action is null)
        {
            return ApprovalResult.NotFound;
        }

        if (action.Status != DunningActionStatus.AwaitingApproval)
        {
            return ApprovalResult.NotAwaiting;
        }

        action.Status = approve ? DunningActionStatus.Planned : DunningActionStatus.Skipped;
        action.ApprovedBy = by;
        action.DecidedAt = now;
        action.NextAttemptAt = now;
        if (!approve)
        {
            action.LastError = DunningRunner.Truncate($"rejected by {by}" + (reason is null ? "" : ": " + reason));
        }

        var entry = DunningRunner.Timeline(db.TenantId, action.CustomerId, now, approve ? "dunning.approved" : "dunning.rejected",
            approve ? $"Relance {action.StepKey} approuvée par {by}" : $"Relance {action.StepKey} refusée par {by}{(reason is null ? "" : " : " + reason)}");
        entry.Actor = by; // the person who decided, not the scheduler
        db.Add(entry);
        await db.SaveChangesAsync(ct);
        return ApprovalResult.Done;
    }
}
