using Encaisse.Dunning.Running;
using Encaisse.Dunning;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

public sealed record WorkItem(Guid CustomerId, string CustomerName, string What, DateOnly Date, long? AmountMinor, string Currency);

/// <summary>The dashboard's lists and counts of today's work (small and bounded); the portfolio figures come from <see cref="PortfolioFiguresCache"/>.</summary>
public static class DashboardFigures
{
    public const int ListLimit = 10;

    /// <summary>Text key of a Reporting bucket label (notDue, 1-30, ..., over90).</summary>
    public static string BucketKey(string label) => label.StartsWith("over", StringComparison.Ordinal) ? "bucket.90+" : "bucket." + label;

    /// <summary>Reminders waiting for a person's approval (the queue at /queues/approvals).</summary>
    public static Task<int> ApprovalsWaitingAsync(EncaisseDb db, CancellationToken ct) =>
        db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct);

    /// <summary>
    /// Messages that did not reach the customer, as the queue at /queues/failures lists them: failed, skipped for want
    /// of an address (not rejected by an approver), and bounced e-mails whose bounce task is open.
    /// </summary>
    public static async Task<int> FailedSendsAsync(EncaisseDb db, CancellationToken ct) =>
        await db.Set<DunningAction>().CountAsync(DunningDispatch.Undelivered, ct)
        + await db.Set<CollectionTask>().CountAsync(DunningDispatch.OpenBounces, ct);

    public static async Task<IReadOnlyList<WorkItem>> TasksDueAsync(EncaisseDb db, DateOnly today, string? assignedTo, CancellationToken ct) =>
        await (from t in db.Set<CollectionTask>()
               join c in db.Customers on t.CustomerId equals c.Id
               where t.Status == CollectionTaskStatus.Open && t.DueOn <= today && (assignedTo == null || t.AssignedTo == assignedTo || c.Collector == assignedTo)
               orderby t.DueOn, c.LegalName
               select new WorkItem(c.Id, c.LegalName, t.Title, t.DueOn, null, "EUR")).Take(ListLimit).ToListAsync(ct);

    public static async Task<IReadOnlyList<WorkItem>> PromisesDueAsync(EncaisseDb db, DateOnly today, CancellationToken ct) =>
        await (from p in db.Set<PromiseToPay>()
               join c in db.Customers on p.CustomerId equals c.Id
               where p.Status == PromiseStatus.Pending && p.PromisedDate <= today.AddDays(7)
               orderby p.PromisedDate, c.LegalName
               select new WorkItem(c.Id, c.LegalName, p.Channel, p.PromisedDate, p.AmountMinor, p.Currency)).Take(ListLimit).ToListAsync(ct);

    public static async Task<IReadOnlyList<WorkItem>> DisputesWaitingAsync(EncaisseDb db, CancellationToken ct) =>
        await (from d in db.Set<Dispute>()
               join c in db.Customers on d.CustomerId equals c.Id
               where d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview
               orderby d.OpenedOn, c.LegalName
               select new WorkItem(c.Id, c.LegalName, "reason." + d.Reason, d.OpenedOn, d.AmountMinor, d.Currency)).Take(ListLimit).ToListAsync(ct);
}
