using Encaisse.Dunning.Running;
using Encaisse.Dunning;
using Encaisse.Reporting;
using Encaisse.Storage;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>The dashboard's counts of work waiting (<see cref="DashboardFigures.WorkCountsAsync"/>).</summary>
public sealed record WorkCounts(int ApprovalsWaiting, int FailedSends, bool Factoring, bool Insurance);

public sealed record WorkItem(Guid CustomerId, string CustomerName, string What, DateOnly Date, long? AmountMinor, string Currency)
{
    /// <summary>A task's title as a catalogue message when Encaisse wrote it (<see cref="Dunning.Tasks.TaskTitles"/>).</summary>
    public string? WhatText { get; init; }
}

/// <summary>The dashboard's lists and counts of today's work (small and bounded); the portfolio figures come from <see cref="PortfolioFiguresCache"/>.</summary>
public static class DashboardFigures
{
    public const int ListLimit = 10;

    /// <summary>Text key of a Reporting bucket label (notDue, 1-30, ..., over90).</summary>
    public static string BucketKey(string label) => label.StartsWith("over", StringComparison.Ordinal) ? "bucket.90+" : "bucket." + label;

    /// <summary>
    /// Messages that did not reach the customer, as the queue at /queues/failures lists them: failed, skipped for want
    /// of an address (not rejected by an approver), and bounced e-mails whose bounce task is open.
    /// </summary>
    public static async Task<int> FailedSendsAsync(EncaisseDb db, CancellationToken ct) =>
        await db.Set<DunningAction>().CountAsync(DunningDispatch.Undelivered, ct)
        + await db.Set<CollectionTask>().CountAsync(DunningDispatch.OpenBounces, ct);

    /// <summary>
    /// The dashboard's counts in one statement (one round trip, not five; ADR 1591): reminders waiting for approval (the
    /// queue at /queues/approvals), messages that did not reach the customer (as <see cref="FailedSendsAsync"/> counts
    /// them), and whether the tenant has sold an invoice to a factor or insures its credit, so that the page reads the
    /// transfers and declaration deadlines only then.
    /// </summary>
    public static async Task<WorkCounts> WorkCountsAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tenantId = db.TenantId;
        var undelivered = DunningDispatch.Undelivered;
        var bounces = DunningDispatch.OpenBounces;
        // Each subquery names the tenant row (already implied by the tenant filter): EF would otherwise run a subquery that
        // does not depend on the row as a statement of its own before this one.
        var counts = await db.Tenants.Where(t => t.Id == tenantId).Select(t => new
        {
            Approvals = db.Set<DunningAction>().Count(a => a.TenantId == t.Id && a.Status == DunningActionStatus.AwaitingApproval),
            Undelivered = db.Set<DunningAction>().Where(a => a.TenantId == t.Id).Where(undelivered).Count(),
            Bounces = db.Set<CollectionTask>().Where(c => c.TenantId == t.Id).Where(bounces).Count(),
            Factoring = db.Set<Encaisse.Risk.FactoringAssignment>().Any(f => f.TenantId == t.Id),
            Insurance = db.Set<Encaisse.Risk.InsurancePolicy>().Any(p => p.TenantId == t.Id) || db.Set<Encaisse.Risk.BuyerLimit>().Any(l => l.TenantId == t.Id),
        }).SingleAsync(ct);
        return new WorkCounts(counts.Approvals, counts.Undelivered + counts.Bounces, counts.Factoring, counts.Insurance);
    }

    // The three lists below are ordered by a date then the customer's name and show the first ListLimit rows. They join
    // the customers of the rows up to the date of the ListLimit-th row in date order only (a subquery on their own table,
    // no join): the same rows in the same order as joining every waiting row (6,000 open disputes joined 100,000
    // customers on every dashboard request at a million invoices), ADR 1580, in one statement (ADR 1591).

    public static async Task<IReadOnlyList<WorkItem>> TasksDueAsync(EncaisseDb db, DateOnly today, string? assignedTo, CancellationToken ct)
    {
        var due = UpToTenthDate(db.Set<CollectionTask>().Where(t => t.Status == CollectionTaskStatus.Open && t.DueOn <= today
            && (assignedTo == null || t.AssignedTo == assignedTo || db.Customers.Any(c => c.Id == t.CustomerId && c.Collector == assignedTo))), t => t.DueOn);
        return await (from t in due
                      join c in db.Customers on t.CustomerId equals c.Id
                      orderby t.DueOn, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, t.Title, t.DueOn, null, "EUR") { WhatText = t.TitleText }).Take(ListLimit).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<WorkItem>> PromisesDueAsync(EncaisseDb db, DateOnly today, CancellationToken ct)
    {
        var due = UpToTenthDate(db.Set<PromiseToPay>().Where(p => p.Status == PromiseStatus.Pending && p.PromisedDate <= today.AddDays(7)), p => p.PromisedDate);
        return await (from p in due
                      join c in db.Customers on p.CustomerId equals c.Id
                      orderby p.PromisedDate, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, p.Channel, p.PromisedDate, p.AmountMinor, p.Currency)).Take(ListLimit).ToListAsync(ct);
    }

    public static async Task<IReadOnlyList<WorkItem>> DisputesWaitingAsync(EncaisseDb db, CancellationToken ct)
    {
        var waiting = UpToTenthDate(db.Set<Dispute>().Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview), d => d.OpenedOn);
        return await (from d in waiting
                      join c in db.Customers on d.CustomerId equals c.Id
                      orderby d.OpenedOn, c.LegalName
                      select new WorkItem(c.Id, c.LegalName, "reason." + d.Reason, d.OpenedOn, d.AmountMinor, d.Currency)).Take(ListLimit).ToListAsync(ct);
    }

    /// <summary>
    /// The rows of <paramref name="rows"/> whose date is at most the <see cref="ListLimit"/>-th smallest, all of them when
    /// there are fewer: <c>date &lt;= COALESCE((SELECT date ... ORDER BY date OFFSET ListLimit - 1 LIMIT 1), '9999-12-31')</c>,
    /// an uncorrelated subquery the database computes once and uses as the bound of its index scan.
    /// </summary>
    private static IQueryable<T> UpToTenthDate<T>(IQueryable<T> rows, Expression<Func<T, DateOnly>> date)
    {
        var tenth = rows.OrderBy(date).Select(date).Select(d => (DateOnly?)d).Skip(ListLimit - 1);
        var first = Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [typeof(DateOnly?)], tenth.Expression);
        var bound = Expression.Coalesce(first, Expression.Constant(DateOnly.MaxValue));
        // The outer row gets its own parameter: EF refuses one parameter in both the subquery's lambdas and the outer one.
        var row = Expression.Parameter(typeof(T), "row");
        var rowDate = Microsoft.EntityFrameworkCore.Query.ReplacingExpressionVisitor.Replace(date.Parameters[0], row, date.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(Expression.LessThanOrEqual(rowDate, bound), row));
    }
}
