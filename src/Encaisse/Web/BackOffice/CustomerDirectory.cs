using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

public enum CustomerSort
{
    Name = 0,
    Reference = 1,
    Open = 2,
    Overdue = 3,
}

/// <summary>What the customers list asks for. <see cref="Page"/> starts at 1.</summary>
public sealed record CustomerQuery(
    string? Search = null,
    string? RiskClass = null,
    bool OverdueOnly = false,
    string? Collector = null,
    string? Segment = null,
    CustomerSort Sort = CustomerSort.Name,
    bool Descending = false,
    int Page = 1,
    int PageSize = 50);

/// <summary>One line of the customers list (balances in the tenant currency, open invoices only).</summary>
public sealed class CustomerLine
{
    public Guid Id { get; set; }
    public string ExternalRef { get; set; } = "";
    public string LegalName { get; set; } = "";
    public string? Siren { get; set; }
    public string? RiskClass { get; set; }
    public string? Segment { get; set; }
    public string? Collector { get; set; }
    public DateOnly? InsolvencyOpenedOn { get; set; }
    public long OpenMinor { get; set; }
    public long OverdueMinor { get; set; }
    public DateOnly? OldestDue { get; set; }
}

public sealed record CustomerPage(IReadOnlyList<CustomerLine> Lines, bool HasNext);

/// <summary>
/// The customers list at scale. Sorted by name or reference, it pages the customers table on its
/// (tenant, name) / (tenant, ref) indexes and then computes the balances of the 50 customers shown only; sorted by
/// amount, one grouped query computes the balances set-based. No count(*) and no whole table in memory.
/// </summary>
public static class CustomerDirectory
{
    public static async Task<CustomerPage> SearchAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CustomerQuery q, CancellationToken ct)
    {
        var byAmount = q.Sort is CustomerSort.Open or CustomerSort.Overdue;
        var sql = new SqlText().Append(
            "SELECT c.id AS \"Id\", c.external_ref AS \"ExternalRef\", c.legal_name AS \"LegalName\", c.siren AS \"Siren\", " +
            "c.risk_class AS \"RiskClass\", c.segment AS \"Segment\", c.collector AS \"Collector\", c.insolvency_opened_on AS \"InsolvencyOpenedOn\", ");
        if (byAmount)
        {
            sql.Append("CAST(COALESCE(b.open_minor, 0) AS BIGINT) AS \"OpenMinor\", CAST(COALESCE(b.overdue_minor, 0) AS BIGINT) AS \"OverdueMinor\", b.oldest_due AS \"OldestDue\" FROM customers c LEFT JOIN (");
            AppendBalances(sql, tenantId, currency, today);
            sql.Append(" GROUP BY i.customer_id) b ON b.customer_id = c.id");
        }
        else
        {
            sql.Append("CAST(0 AS BIGINT) AS \"OpenMinor\", CAST(0 AS BIGINT) AS \"OverdueMinor\", NULL AS \"OldestDue\" FROM customers c");
        }

        sql.Append(" WHERE c.tenant_id = ").Value(tenantId);
        AppendFilters(sql, q, today);
        var direction = q.Descending ? " DESC" : " ASC";
        sql.Append(q.Sort switch
        {
            CustomerSort.Reference => " ORDER BY c.external_ref" + direction,
            CustomerSort.Open => " ORDER BY COALESCE(b.open_minor, 0)" + direction + ", c.legal_name, c.id",
            CustomerSort.Overdue => " ORDER BY COALESCE(b.overdue_minor, 0)" + direction + ", c.legal_name, c.id",
            _ => " ORDER BY c.legal_name" + direction + ", c.id",
        });
        var page = Math.Max(1, q.Page);
        sql.Append(" LIMIT ").Value(q.PageSize + 1).Append(" OFFSET ").Value((page - 1) * q.PageSize);

        var lines = await db.Database.SqlQuery<CustomerLine>(sql.Build()).ToListAsync(ct);
        var hasNext = lines.Count > q.PageSize;
        if (hasNext)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (!byAmount && lines.Count > 0)
        {
            await FillBalancesAsync(db, tenantId, currency, today, lines, ct);
        }

        return new CustomerPage(lines, hasNext);
    }

    /// <summary>The rows of open invoices (one per invoice, with its open amount) in the tenant currency.</summary>
    private static void AppendBalances(SqlText sql, Guid tenantId, string currency, DateOnly today)
    {
        sql.Append("SELECT i.customer_id, SUM(i.gross_minor - COALESCE(p.paid, 0)) AS open_minor, " +
                   "SUM(CASE WHEN i.due_date < ").Value(today).Append(" THEN i.gross_minor - COALESCE(p.paid, 0) ELSE 0 END) AS overdue_minor, " +
                   "MIN(i.due_date) AS oldest_due FROM invoices i LEFT JOIN (SELECT a.invoice_id, SUM(a.amount_minor) AS paid FROM allocations a WHERE a.tenant_id = ")
            .Value(tenantId).Append(" GROUP BY a.invoice_id) p ON p.invoice_id = i.id WHERE i.tenant_id = ").Value(tenantId)
            .Append(" AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND i.currency = ").Value(currency)
            .Append(" AND i.gross_minor > COALESCE(p.paid, 0)");
    }

    private static void AppendFilters(SqlText sql, CustomerQuery q, DateOnly today)
    {
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var term = q.Search.Trim();
            var like = "%" + term.ToLowerInvariant().Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + "%";
            sql.Append(" AND (LOWER(c.legal_name) LIKE ").Value(like)
                .Append(" OR LOWER(c.external_ref) LIKE ").Value(like)
                .Append(" OR c.siren = ").Value(term.Replace(" ", "", StringComparison.Ordinal)).Append(")");
        }

        if (!string.IsNullOrWhiteSpace(q.RiskClass))
        {
            sql.Append(" AND c.risk_class = ").Value(q.RiskClass);
        }

        if (!string.IsNullOrWhiteSpace(q.Collector))
        {
            sql.Append(" AND c.collector = ").Value(q.Collector);
        }

        if (!string.IsNullOrWhiteSpace(q.Segment))
        {
            sql.Append(" AND c.segment = ").Value(q.Segment);
        }

        if (q.OverdueOnly)
        {
            // Correlated on the customer index of invoices: cheap per customer, no full aggregate. (No tenant term here:
            // with it SQLite picks the (tenant, due date) index and scans every overdue invoice for each customer.)
            sql.Append(" AND EXISTS (SELECT 1 FROM invoices o WHERE o.customer_id = c.id " +
                       "AND o.kind = 'Invoice' AND o.cancelled_on IS NULL AND o.due_date < ").Value(today)
                .Append(" AND o.gross_minor > COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.tenant_id = o.tenant_id AND a.invoice_id = o.id), 0))");
        }
    }

    private static async Task FillBalancesAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, List<CustomerLine> lines, CancellationToken ct)
    {
        var sql = new SqlText().Append("SELECT x.customer_id AS \"CustomerId\", CAST(SUM(x.open_minor) AS BIGINT) AS \"OpenMinor\", " +
                "CAST(SUM(CASE WHEN x.due_date < ").Value(today)
            .Append(" THEN x.open_minor ELSE 0 END) AS BIGINT) AS \"OverdueMinor\", MIN(x.due_date) AS \"OldestDue\" FROM (" +
                    "SELECT i.customer_id, i.due_date, i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a " +
                    "WHERE a.tenant_id = i.tenant_id AND a.invoice_id = i.id), 0) AS open_minor FROM invoices i WHERE i.tenant_id = ").Value(tenantId)
            .Append(" AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND i.currency = ").Value(currency)
            .Append(" AND i.customer_id IN (");
        for (var k = 0; k < lines.Count; k++)
        {
            sql.Append(k == 0 ? "" : ", ").Value(lines[k].Id);
        }

        sql.Append(")) x WHERE x.open_minor > 0 GROUP BY x.customer_id");
        var balances = await db.Database.SqlQuery<PageBalance>(sql.Build()).ToDictionaryAsync(b => b.CustomerId, ct);
        foreach (var line in lines)
        {
            if (balances.TryGetValue(line.Id, out var b))
            {
                line.OpenMinor = b.OpenMinor;
                line.OverdueMinor = b.OverdueMinor;
                line.OldestDue = b.OldestDue;
            }
        }
    }

    private sealed class PageBalance
    {
        public Guid CustomerId { get; set; }
        public long OpenMinor { get; set; }
        public long OverdueMinor { get; set; }
        public DateOnly? OldestDue { get; set; }
    }

    /// <summary>Distinct collectors and segments for the filter lists (served by the tenant indexes).</summary>
    public static async Task<(IReadOnlyList<string> Collectors, IReadOnlyList<string> Segments)> ChoicesAsync(EncaisseDb db, CancellationToken ct)
    {
        var collectors = await db.Customers.Where(c => c.Collector != null).Select(c => c.Collector!).Distinct().OrderBy(c => c).Take(200).ToListAsync(ct);
        var segments = await db.Customers.Where(c => c.Segment != null).Select(c => c.Segment!).Distinct().OrderBy(s => s).Take(200).ToListAsync(ct);
        return (collectors, segments);
    }
}
