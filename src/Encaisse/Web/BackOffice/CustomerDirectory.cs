using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
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

/// <summary>
/// A page of the customers list. <see cref="RankedAt"/>: when the page's order comes from a kept ranking
/// (<see cref="CustomerRankings"/>), the moment it was computed; its amounts are read for the page as always.
/// </summary>
public sealed record CustomerPage(IReadOnlyList<CustomerLine> Lines, bool HasNext, DateTimeOffset? RankedAt = null);

/// <summary>One customer of a ranking: its open (or overdue) invoices in the tenant currency, in minor units.</summary>
public readonly record struct RankedCustomer(Guid Id, long AmountMinor);

/// <summary>Every customer with an amount above zero, largest first (equal amounts by id), as of <see cref="AsOf"/>.</summary>
public sealed record CustomerRanking(DateOnly AsOf, CustomerSort Sort, DateTimeOffset ComputedAt, IReadOnlyList<RankedCustomer> Rows);

/// <summary>
/// The customers list at scale. Sorted by name or reference, it pages the customers table on its
/// (tenant, name) / (tenant, ref) indexes; sorted by amount, it orders on the position snapshot
/// (<see cref="PositionTotals"/>, <c>customer_open_totals</c>: a few rows per customer with something open, kept by
/// triggers) grouped per customer, never on the invoices and allocations themselves — with no filter on the customers,
/// on the snapshot alone before the page's customers are read. Either way the amounts shown
/// are those of the one reader of balances (<see cref="PageBalances"/>, as the customer page shows them) for the 50
/// customers of the page only. No count(*) and no whole table in memory.
/// </summary>
public static class CustomerDirectory
{
    public static Task<CustomerPage> SearchAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CustomerQuery q, CancellationToken ct) =>
        SearchAsync(db, tenantId, currency, today, q, rankings: null, ct);

    /// <summary>
    /// The page; with <paramref name="rankings"/>, a page sorted by amount, largest first, with no filter on the customers
    /// takes its order from the kept ranking (ADR 1562) instead of ranking every customer of the snapshot for this request.
    /// </summary>
    public static async Task<CustomerPage> SearchAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CustomerQuery q,
        CustomerRankings? rankings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(q);
        var byAmount = q.Sort is CustomerSort.Open or CustomerSort.Overdue;
        var page = Math.Max(1, q.Page);
        var largestFirstUnfiltered = byAmount && q.Descending && RanksOnSnapshotAlone(q);
        List<CustomerLine>? lines = null;
        DateTimeOffset? rankedAt = null;
        if (largestFirstUnfiltered && rankings is not null)
        {
            var ranking = await rankings.GetAsync(tenantId, currency, today, q.Sort, ct);
            var slice = ranking.Rows.Skip((page - 1) * q.PageSize).Take(q.PageSize + 1).ToList();
            if (slice.Count > q.PageSize)
            {
                lines = await InOrderAsync(db, tenantId, slice, ct);
                rankedAt = ranking.ComputedAt;
            }
        }
        else if (largestFirstUnfiltered)
        {
            // Largest amounts first, no filter on the customers: the page is ranked on the snapshot alone (a grouped read of
            // it, then the page's customers by id), not joined first with every customer of the tenant.
            lines = await db.Database.SqlQuery<CustomerLine>(Ranked(tenantId, currency, today, q, page)).ToListAsync(ct);
            lines = lines.Count > q.PageSize ? lines : null;
        }
        else if (byAmount && q.Descending)
        {
            // Largest amounts first: the customers with that amount above zero come first in either form, and only they
            // are read (those with something open, not the whole customers table); the full form only when the page
            // goes past them.
            lines = await db.Database.SqlQuery<CustomerLine>(Query(tenantId, currency, today, q, page, positiveOnly: true)).ToListAsync(ct);
            lines = lines.Count > q.PageSize ? lines : null;
        }
        else if (SearchesNamesOnly(q))
        {
            // A text alone, in name order: the matches' ids in that order are kept while no customer's name, reference or
            // SIREN changes (ADR 1557), and the page reads its customers by id, not the name index up to the page's last match.
            var term = q.Search!.Trim();
            var ids = await CustomerSearch.KeptAsync(db, "customers list by name", term, CustomerSearch.IdLimit,
                () => db.Database.SqlQuery<Guid>(MatchesByName(tenantId, q, today)).ToListAsync(ct), ct);
            if (ids is not null)
            {
                var slice = ids.Skip((page - 1) * q.PageSize).Take(q.PageSize + 1).ToList();
                lines = slice.Count == 0 ? [] : await InOrderAsync(db, tenantId, slice, ct);
            }
        }

        lines ??= await db.Database.SqlQuery<CustomerLine>(Query(tenantId, currency, today, q, page, positiveOnly: false)).ToListAsync(ct);
        var hasNext = lines.Count > q.PageSize;
        if (hasNext)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count > 0)
        {
            await FillBalancesAsync(db, tenantId, currency, today, lines, ct);
        }

        return new CustomerPage(lines, hasNext, rankedAt);
    }

    /// <summary>
    /// Every customer with an open (or, sorted by overdue amount, overdue) invoice in <paramref name="currency"/>, ranked on
    /// the position snapshot: what <see cref="CustomerRankings"/> keeps.
    /// </summary>
    public static async Task<CustomerRanking> RankAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CustomerSort sort,
        TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (sort is not (CustomerSort.Open or CustomerSort.Overdue))
        {
            throw new ArgumentOutOfRangeException(nameof(sort), sort, "Customers are ranked by an amount.");
        }

        var sql = new SqlText().Append("SELECT r.customer_id AS \"Id\", r.amount AS \"AmountMinor\" FROM (");
        AppendRanking(sql, tenantId, currency, today, sort);
        var rows = await db.Database.SqlQuery<RankedRow>(sql.Append(") r ORDER BY r.amount DESC, r.customer_id").Build()).ToListAsync(ct);
        return new CustomerRanking(today, sort, clock.GetUtcNow(), rows.Select(r => new RankedCustomer(r.Id, r.AmountMinor)).ToList());
    }

    private sealed class RankedRow
    {
        public Guid Id { get; set; }
        public long AmountMinor { get; set; }
    }

    /// <summary>The customers of <paramref name="ranked"/>, in its order (one read by id).</summary>
    private static Task<List<CustomerLine>> InOrderAsync(EncaisseDb db, Guid tenantId, IReadOnlyList<RankedCustomer> ranked, CancellationToken ct) =>
        InOrderAsync(db, tenantId, ranked.Select(r => r.Id).ToList(), ct);

    /// <summary>The customers of <paramref name="ids"/> (not empty), in that order (one read by id).</summary>
    private static async Task<List<CustomerLine>> InOrderAsync(EncaisseDb db, Guid tenantId, List<Guid> ids, CancellationToken ct)
    {
        var found = await db.Database.SqlQuery<CustomerLine>(new SqlText().Append(Columns).Append(" FROM customers c WHERE c.tenant_id = ").Value(tenantId)
            .Append(" AND c.id IN (").Values(ids).Append(")").Build()).ToDictionaryAsync(l => l.Id, ct);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>Whether the page asks for a text alone, in name order (A to Z): its matches can be kept (ADR 1557).</summary>
    private static bool SearchesNamesOnly(CustomerQuery q) =>
        !string.IsNullOrWhiteSpace(q.Search) && string.IsNullOrWhiteSpace(q.RiskClass) && string.IsNullOrWhiteSpace(q.Collector)
        && string.IsNullOrWhiteSpace(q.Segment) && !q.OverdueOnly && q.Sort == CustomerSort.Name && !q.Descending;

    /// <summary>The ids of the customers the text of <paramref name="q"/> names, in the list's name order, at most one more than <see cref="CustomerSearch.IdLimit"/>.</summary>
    private static FormattableString MatchesByName(Guid tenantId, CustomerQuery q, DateOnly today)
    {
        var sql = new SqlText().Append("SELECT c.id AS \"Value\" FROM customers c WHERE c.tenant_id = ").Value(tenantId);
        AppendFilters(sql, q, today);
        return sql.Append(" ORDER BY c.legal_name ASC, c.id LIMIT ").Value(CustomerSearch.IdLimit + 1).Build();
    }

    /// <summary>The columns of a line, amounts left at zero (read for the page's customers afterwards).</summary>
    private const string Columns =
        "SELECT c.id AS \"Id\", c.external_ref AS \"ExternalRef\", c.legal_name AS \"LegalName\", c.siren AS \"Siren\", " +
        "c.risk_class AS \"RiskClass\", c.segment AS \"Segment\", c.collector AS \"Collector\", c.insolvency_opened_on AS \"InsolvencyOpenedOn\", " +
        "CAST(0 AS BIGINT) AS \"OpenMinor\", CAST(0 AS BIGINT) AS \"OverdueMinor\", NULL AS \"OldestDue\"";

    private static FormattableString Query(Guid tenantId, string currency, DateOnly today, CustomerQuery q, int page, bool positiveOnly)
    {
        var byAmount = q.Sort is CustomerSort.Open or CustomerSort.Overdue;
        var sql = new SqlText().Append(Columns).Append(" FROM customers c");
        if (byAmount)
        {
            // Customers with nothing open come last (ascending: first) through the LEFT JOIN.
            sql.Append(positiveOnly ? " JOIN (" : " LEFT JOIN (");
            AppendSnapshot(sql, tenantId, currency, today);
            sql.Append(") b ON b.customer_id = c.id");
        }

        sql.Append(" WHERE c.tenant_id = ").Value(tenantId);
        if (positiveOnly)
        {
            sql.Append(q.Sort == CustomerSort.Overdue ? " AND b.overdue_minor > 0" : " AND b.open_minor > 0");
        }

        AppendFilters(sql, q, today);
        var direction = q.Descending ? " DESC" : " ASC";
        sql.Append(q.Sort switch
        {
            CustomerSort.Reference => " ORDER BY c.external_ref" + direction,
            CustomerSort.Open => " ORDER BY COALESCE(b.open_minor, 0)" + direction + AmountTieBreak("b.open_minor"),
            CustomerSort.Overdue => " ORDER BY COALESCE(b.overdue_minor, 0)" + direction + AmountTieBreak("b.overdue_minor"),
            _ => " ORDER BY c.legal_name" + direction + ", c.id",
        });
        sql.Append(" LIMIT ").Value(q.PageSize + 1).Append(" OFFSET ").Value((page - 1) * q.PageSize);
        return sql.Build();
    }

    /// <summary>
    /// Equal amounts are ordered by customer id, as <see cref="Ranked"/> orders them without reading the names (so that
    /// pages read either way follow each other); customers with nothing are ordered by name.
    /// </summary>
    private static string AmountTieBreak(string amount) => $", CASE WHEN COALESCE({amount}, 0) = 0 THEN c.legal_name END, c.id";

    /// <summary>Whether the page can be ranked on the snapshot alone: sorted by amount with no filter on the customers.</summary>
    private static bool RanksOnSnapshotAlone(CustomerQuery q) =>
        string.IsNullOrWhiteSpace(q.Search) && string.IsNullOrWhiteSpace(q.RiskClass) && string.IsNullOrWhiteSpace(q.Collector)
        && string.IsNullOrWhiteSpace(q.Segment)
        // Overdue only is implied by an overdue amount above zero; with the open amount it filters.
        && (q.Sort == CustomerSort.Overdue || !q.OverdueOnly);

    /// <summary>The page of the customers with the largest open (or overdue) invoices in the currency, ranked on the snapshot.</summary>
    private static FormattableString Ranked(Guid tenantId, string currency, DateOnly today, CustomerQuery q, int page)
    {
        var sql = new SqlText().Append(Columns).Append(" FROM (");
        AppendRanking(sql, tenantId, currency, today, q.Sort);
        sql.Append(" ORDER BY amount DESC, t.customer_id LIMIT ").Value(q.PageSize + 1).Append(" OFFSET ").Value((page - 1) * q.PageSize)
            .Append(") r JOIN customers c ON c.id = r.customer_id WHERE c.tenant_id = ").Value(tenantId).Append(" ORDER BY r.amount DESC, c.id");
        return sql.Build();
    }

    /// <summary>Per customer with an amount above zero, its open (or overdue) invoices in the currency: customer_id, amount.</summary>
    private static void AppendRanking(SqlText sql, Guid tenantId, string currency, DateOnly today, CustomerSort sort)
    {
        sql.Append("SELECT t.customer_id, SUM(t.open_minor) AS amount FROM ").Append(PositionTotals.Table).Append(" t WHERE t.tenant_id = ").Value(tenantId)
            .Append(" AND t.kind = 'Invoice' AND t.currency = ").Value(currency).Append(" AND t.open_minor > 0");
        if (sort == CustomerSort.Overdue)
        {
            sql.Append(" AND t.due_date < ").Value(today);
        }

        sql.Append(" GROUP BY t.customer_id");
    }

    /// <summary>Per customer, the open and overdue invoices in the tenant currency and the oldest due date, from the snapshot.</summary>
    private static void AppendSnapshot(SqlText sql, Guid tenantId, string currency, DateOnly today)
    {
        sql.Append("SELECT t.customer_id, SUM(t.open_minor) AS open_minor, SUM(CASE WHEN t.due_date < ").Value(today)
            .Append(" THEN t.open_minor ELSE 0 END) AS overdue_minor, MIN(t.due_date) AS oldest_due FROM ").Append(PositionTotals.Table)
            .Append(" t WHERE t.tenant_id = ").Value(tenantId).Append(" AND t.kind = 'Invoice' AND t.currency = ").Value(currency)
            .Append(" AND t.open_minor > 0 GROUP BY t.customer_id");
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
            // Something open whose due date has passed, in any currency: one look-up in the snapshot's primary key.
            sql.Append(" AND EXISTS (SELECT 1 FROM ").Append(PositionTotals.Table).Append(" o WHERE o.tenant_id = c.tenant_id AND o.customer_id = c.id " +
                       "AND o.kind = 'Invoice' AND o.due_date < ").Value(today).Append(" AND o.open_minor > 0)");
        }
    }

    /// <summary>
    /// The amounts of the customers shown: open and overdue from the one reader of balances (instalments aged per
    /// instalment, as on the customer page), the oldest due date of what is open from the snapshot.
    /// </summary>
    private static async Task FillBalancesAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, List<CustomerLine> lines, CancellationToken ct)
    {
        var ids = lines.Select(l => l.Id).ToList();
        var balances = await PageBalances.OfAsync(db, ids, today, ct);
        var oldest = await db.Database.SqlQuery<OldestDueRow>(new SqlText()
            .Append("SELECT t.customer_id AS \"CustomerId\", MIN(t.due_date) AS \"OldestDue\" FROM ").Append(PositionTotals.Table)
            .Append(" t WHERE t.tenant_id = ").Value(tenantId).Append(" AND t.kind = 'Invoice' AND t.currency = ").Value(currency)
            .Append(" AND t.open_minor > 0 AND t.customer_id IN (").Values(ids).Append(") GROUP BY t.customer_id").Build())
            .ToDictionaryAsync(r => r.CustomerId, r => r.OldestDue, ct);
        foreach (var line in lines)
        {
            if (balances.TryGetValue(line.Id, out var list) && list.FirstOrDefault(b => b.Currency == currency) is { } b)
            {
                line.OpenMinor = b.OpenInvoicesMinor;
                line.OverdueMinor = b.OverdueMinor;
            }

            line.OldestDue = oldest.GetValueOrDefault(line.Id);
        }
    }

    private sealed class OldestDueRow
    {
        public Guid CustomerId { get; set; }
        public DateOnly? OldestDue { get; set; }
    }

    /// <summary>
    /// Distinct collectors and segments for the filter lists: a skip scan of the (tenant, collector) and (tenant, segment)
    /// indexes, one probe per distinct value, instead of reading every customer of the tenant.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Collectors, IReadOnlyList<string> Segments)> ChoicesAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return (await DistinctAsync(db, "collector", ct), await DistinctAsync(db, "segment", ct));
    }

    private static Task<List<string>> DistinctAsync(EncaisseDb db, string column, CancellationToken ct) =>
        db.Database.SqlQuery<string>(new SqlText()
            .Append("WITH RECURSIVE v(x) AS (SELECT MIN(" + column + ") FROM customers WHERE tenant_id = ").Value(db.TenantId)
            .Append(" AND " + column + " IS NOT NULL UNION ALL SELECT (SELECT MIN(c." + column + ") FROM customers c WHERE c.tenant_id = ").Value(db.TenantId)
            .Append(" AND c." + column + " > v.x) FROM v WHERE v.x IS NOT NULL) SELECT x AS \"Value\" FROM v WHERE x IS NOT NULL LIMIT 200").Build())
            .ToListAsync(ct);
}
