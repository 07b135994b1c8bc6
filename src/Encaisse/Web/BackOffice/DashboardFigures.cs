using Encaisse.Dunning;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>Open amounts by lateness bucket (balance âgée), in the tenant currency.</summary>
public sealed class AgedBalance
{
    public long TotalMinor { get; set; }
    public long NotDueMinor { get; set; }
    public long Days1To30Minor { get; set; }
    public long Days31To60Minor { get; set; }
    public long Days61To90Minor { get; set; }
    public long Over90Minor { get; set; }
    public long OpenInvoices { get; set; }
    public long OverdueCustomers { get; set; }

    public long OverdueMinor => TotalMinor - NotDueMinor;

    public IReadOnlyList<(string Key, long Minor)> Buckets =>
    [
        ("bucket.notDue", NotDueMinor), ("bucket.1-30", Days1To30Minor), ("bucket.31-60", Days31To60Minor),
        ("bucket.61-90", Days61To90Minor), ("bucket.90+", Over90Minor),
    ];
}

public sealed record WorkItem(Guid CustomerId, string CustomerName, string What, DateOnly Date, long? AmountMinor, string Currency);

/// <summary>The dashboard's figures: one aggregate query for the aged balance, small bounded lists for today's work.</summary>
public static class DashboardFigures
{
    public const int ListLimit = 10;

    public static async Task<AgedBalance> AgedAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CancellationToken ct)
    {
        var sql = new SqlText().Append("SELECT CAST(COALESCE(SUM(x.o), 0) AS BIGINT) AS \"TotalMinor\", ")
            .Append("CAST(COALESCE(SUM(CASE WHEN x.due >= ").Value(today).Append(" THEN x.o ELSE 0 END), 0) AS BIGINT) AS \"NotDueMinor\", ")
            .Append("CAST(COALESCE(SUM(CASE WHEN x.due < ").Value(today).Append(" AND x.due >= ").Value(today.AddDays(-30)).Append(" THEN x.o ELSE 0 END), 0) AS BIGINT) AS \"Days1To30Minor\", ")
            .Append("CAST(COALESCE(SUM(CASE WHEN x.due < ").Value(today.AddDays(-30)).Append(" AND x.due >= ").Value(today.AddDays(-60)).Append(" THEN x.o ELSE 0 END), 0) AS BIGINT) AS \"Days31To60Minor\", ")
            .Append("CAST(COALESCE(SUM(CASE WHEN x.due < ").Value(today.AddDays(-60)).Append(" AND x.due >= ").Value(today.AddDays(-90)).Append(" THEN x.o ELSE 0 END), 0) AS BIGINT) AS \"Days61To90Minor\", ")
            .Append("CAST(COALESCE(SUM(CASE WHEN x.due < ").Value(today.AddDays(-90)).Append(" THEN x.o ELSE 0 END), 0) AS BIGINT) AS \"Over90Minor\", ")
            .Append("CAST(COUNT(*) AS BIGINT) AS \"OpenInvoices\", ")
            .Append("CAST(COUNT(DISTINCT CASE WHEN x.due < ").Value(today).Append(" THEN x.customer_id END) AS BIGINT) AS \"OverdueCustomers\" ")
            .Append("FROM (SELECT i.customer_id, i.due_date AS due, i.gross_minor - COALESCE(p.paid, 0) AS o FROM invoices i ")
            .Append("LEFT JOIN (SELECT a.invoice_id, SUM(a.amount_minor) AS paid FROM allocations a WHERE a.tenant_id = ").Value(tenantId)
            .Append(" GROUP BY a.invoice_id) p ON p.invoice_id = i.id WHERE i.tenant_id = ").Value(tenantId)
            .Append(" AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND i.currency = ").Value(currency)
            .Append(") x WHERE x.o > 0");
        return await db.Database.SqlQuery<AgedBalance>(sql.Build()).SingleAsync(ct);
    }

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
