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

    // The three lists below are ordered by a date then the customer's name and show the first ListLimit rows. They read
    // first the date of the ListLimit-th row in date order (on their own table, no join), then join the customers of the
    // rows up to that date only: the same rows in the same order as joining every waiting row (6,000 open disputes joined
    // 100,000 customers on every dashboard request at a million invoices), ADR 1580.

    public static async Task<IReadOnlyList<WorkItem>> TasksDueAsync(EncaisseDb db, DateOnly today, string? assignedTo, CancellationToken ct)
    {
        var due = db.Set<CollectionTask>().Where(t => t.Status == CollectionTaskStatus.Open && t.DueOn <= today
            && (assignedTo == null || t.AssignedTo == assignedTo || db.Customers.Any(c => c.Id == t.CustomerId && c.Collector == assignedTo)));
        if (await CutoffAsync(due.Select(t => t.DueOn), ct) is { } last)
        {
            due = due.Where(t => t.DueOn <= last);
        }

        return await (from t in due
                      join c in db.Customers on t.CustomerId equals c.Id
                      orderby t.DueOn, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, t.Title, t.DueOn, null, "EUR")).Take(ListLimit).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<WorkItem>> PromisesDueAsync(EncaisseDb db, DateOnly today, CancellationToken ct)
    {
        var due = db.Set<PromiseToPay>().Where(p => p.Status == PromiseStatus.Pending && p.PromisedDate <= today.AddDays(7));
        if (await CutoffAsync(due.Select(p => p.PromisedDate), ct) is { } last)
        {
            due = due.Where(p => p.PromisedDate <= last);
        }

        return await (from p in due
                      join c in db.Customers on p.CustomerId equals c.Id
                      orderby p.PromisedDate, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, p.Channel, p.PromisedDate, p.AmountMinor, p.Currency)).Take(ListLimit).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<WorkItem>> DisputesWaitingAsync(EncaisseDb db, CancellationToken ct)
    {
        var waiting = db.Set<Dispute>().Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview);
        if (await CutoffAsync(waiting.Select(d => d.OpenedOn), ct) is { } last)
        {
            waiting = waiting.Where(d => d.OpenedOn <= last);
        }

        return await (from d in waiting
                      join c in db.Customers on d.CustomerId equals c.Id
                      orderby d.OpenedOn, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, "reason." + d.Reason, d.OpenedOn, d.AmountMinor, d.Currency)).Take(ListLimit).ToListAsync(ct);
    }

    /// <summary>The <see cref="ListLimit"/>-th smallest of <paramref name="dates"/>, or null when there are fewer.</summary>
    private static Task<DateOnly?> CutoffAsync(IQueryable<DateOnly> dates, CancellationToken ct) =>
        dates.OrderBy(d => d).Select(d => (DateOnly?)d).Skip(ListLimit - 1).FirstOrDefaultAsync(ct);
}
