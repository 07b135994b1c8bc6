using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>What became of a reminder a person decided on.</summary>
public enum ApprovalOutcome
{
    /// <summary>Approved and sent at once.</summary>
    Sent = 0,
    /// <summary>Approved; the send did not go through yet (retried by the server, or to the failures queue), with the error.</summary>
    ApprovedNotSent = 1,
    Rejected = 2,
    /// <summary>Approved, then cancelled by the "still due?" check before sending (paid, disputed, paused since), with its reason.</summary>
    NoLongerDue = 3,
}

public sealed record ApprovalDecision(Guid Id, string CustomerRef, string CustomerName, ApprovalOutcome Outcome, string? SendError);

/// <summary>
/// A person's decision on a reminder waiting for approval, as the approvals queue makes it: approve then send at once
/// through the daily run's sender (<see cref="DunningApprovals"/>, <see cref="DunningDispatch.SendNowAsync(EncaisseDb, Tenant, DunningChannels, TimeProvider, string, IReadOnlyCollection{Guid}, CancellationToken)"/>),
/// or reject with a reason. The single buttons and the bulk actions (page, API, CLI) call the same methods, the bulk
/// ones once per reminder: each reminder is decided whole or not at all, and a refusal does not stop the others.
/// </summary>
public static class ApprovalDecisions
{
    public const int MaxReason = 400;

    public static async Task<Result<ApprovalDecision>> ApproveAndSendAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock,
        Guid id, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var who = await WhoAsync(db, id, ct);
        if (who is null)
        {
            return OperationError.NotFound("approval.notFound", ("id", id.ToString()));
        }

        var decision = await DunningApprovals.ApproveAsync(db, id, by, clock.GetUtcNow(), ct);
        if (decision != ApprovalResult.Done)
        {
            return OperationError.Conflict("approval.notAwaiting", ("customer", who.Value.Ref));
        }

        var sent = await DunningDispatch.SendNowAsync(db, tenant, channels, clock, by, [id], ct);
        if (sent.Sent == 1)
        {
            return Result.Ok(new ApprovalDecision(id, who.Value.Ref, who.Value.Name, ApprovalOutcome.Sent, null));
        }

        var row = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Status, a.LastError }).FirstAsync(ct);
        var outcome = row.Status == DunningActionStatus.Cancelled ? ApprovalOutcome.NoLongerDue : ApprovalOutcome.ApprovedNotSent;
        return Result.Ok(new ApprovalDecision(id, who.Value.Ref, who.Value.Name, outcome, row.LastError));
    }

    public static async Task<Result<ApprovalDecision>> RejectAsync(EncaisseDb db, TimeProvider clock, Guid id, string by, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return OperationError.InvalidField("reason", reason, "approval.reasonNeeded");
        }

        var who = await WhoAsync(db, id, ct);
        if (who is null)
        {
            return OperationError.NotFound("approval.notFound", ("id", id.ToString()));
        }

        var decision = await DunningApprovals.RejectAsync(db, id, by, text.Length > MaxReason ? text[..MaxReason] : text, clock.GetUtcNow(), ct);
        return decision == ApprovalResult.Done
            ? Result.Ok(new ApprovalDecision(id, who.Value.Ref, who.Value.Name, ApprovalOutcome.Rejected, null))
            : OperationError.Conflict("approval.notAwaiting", ("customer", who.Value.Ref));
    }

    /// <summary>Approves and sends each reminder in turn (the single button's operation, once per reminder).</summary>
    public static async Task<BulkResult<ApprovalDecision>> ApproveAndSendManyAsync(EncaisseDb db, Tenant tenant, DunningChannels channels, TimeProvider clock,
        IReadOnlyCollection<Guid> ids, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var items = new List<BulkItem<ApprovalDecision>>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            items.Add(new BulkItem<ApprovalDecision>(id.ToString(), await ApproveAndSendAsync(db, tenant, channels, clock, id, by, ct)));
            db.ChangeTracker.Clear();
        }

        return new BulkResult<ApprovalDecision>(items);
    }

    /// <summary>Rejects each reminder with the same reason (a reason is needed once, for all).</summary>
    public static async Task<Result<BulkResult<ApprovalDecision>>> RejectManyAsync(EncaisseDb db, TimeProvider clock, IReadOnlyCollection<Guid> ids, string by,
        string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return OperationError.InvalidField("reason", reason, "approval.reasonNeeded");
        }

        var items = new List<BulkItem<ApprovalDecision>>(ids.Count);
        foreach (var id in ids.Distinct())
        {
            items.Add(new BulkItem<ApprovalDecision>(id.ToString(), await RejectAsync(db, clock, id, by, reason, ct)));
            db.ChangeTracker.Clear();
        }

        return Result.Ok(new BulkResult<ApprovalDecision>(items));
    }

    private static async Task<(string Ref, string Name)?> WhoAsync(EncaisseDb db, Guid id, CancellationToken ct)
    {
        var row = await (from a in db.Set<DunningAction>().AsNoTracking()
                         join c in db.Customers.AsNoTracking() on a.CustomerId equals c.Id
                         where a.Id == id
                         select new { c.ExternalRef, c.LegalName }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.ExternalRef, row.LegalName);
    }
}
