using System.Globalization;
using System.Text;
using Encaisse.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The <see cref="KpiFigures"/> of every currency computed set-based in the database (a handful of GROUP BY
/// queries over invoices, allocations and promises); the formulas are the pure ones of <see cref="KpiSet"/>.
/// </summary>
public static class KpiQuery
{
    public static async Task<IReadOnlyList<KpiReport>> RunAsync(
        EncaisseDb db, DateOnly asOf, int trendMonths, KpiOptions options, CancellationToken ct, string? collector = null)
    {
        var current = await FiguresAsync(db, asOf, options, ct, collector);
        var trend = new List<KpiSet>();
        foreach (var date in KpiCalculator.TrendDates(asOf, trendMonths))
        {
            trend.AddRange(date == asOf ? current.Select(KpiSet.From) : (await FiguresAsync(db, date, options, ct, collector)).Select(KpiSet.From));
        }

        return current.Select(KpiSet.From)
            .Select(k => new KpiReport(k, trend.Where(t => t.Currency == k.Currency).OrderBy(t => t.AsOf).ToList()))
            .ToList();
    }

    public static async Task<IReadOnlyList<KpiFigures>> FiguresAsync(
        EncaisseDb db, DateOnly asOf, KpiOptions options, CancellationToken ct, string? collector = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(options);
        var sql = new ReportingSql(db);
        var periods = KpiOptions.MonthsEndingOn(asOf, Math.Max(options.CountbackMonths, options.WindowMonths));
        var windowStart = periods[options.WindowMonths - 1].Start.AddDays(-1);
        var parameters = new Dictionary<string, object?>
        {
            ["@tenant"] = db.TenantId, ["@asOf"] = asOf, ["@windowStart"] = windowStart,
            ["@firstDay"] = periods[^1].Start,
        };
        if (collector is not null)
        {
            parameters["@collector"] = collector;
        }

        var filter = ReportingSql.CollectorFilter(collector);

        var monthCase = new StringBuilder("CASE");
        for (var k = 0; k < periods.Count; k++)
        {
            var name = "@m" + k.ToString(CultureInfo.InvariantCulture);
            parameters[name] = periods[k].Start;
            monthCase.Append(CultureInfo.InvariantCulture, $" WHEN o.issue_date >= {name} THEN {k}");
        }

        monthCase.Append(" END");
        var (now, start, sales) = await PositionsAndSalesAsync(sql, monthCase.ToString(), filter, parameters, ct);

        var paidOn = "CASE WHEN a.allocated_on < i.issue_date THEN i.issue_date ELSE a.allocated_on END";
        var payments = await sql.QueryAsync($"""
            SELECT i.currency,
                   SUM(CASE WHEN i.issue_date <= @windowStart AND (i.cancelled_on IS NULL OR i.cancelled_on > @windowStart)
                            THEN a.amount_minor ELSE 0 END) AS recovered,
                   SUM(a.amount_minor) AS paid,
                   SUM(a.amount_minor * {sql.DaysBetween(paidOn, "i.due_date")}) AS paid_days
            FROM allocations a JOIN invoices i ON i.id = a.invoice_id
            WHERE a.tenant_id = @tenant AND a.payment_id IS NOT NULL AND a.allocated_on > @windowStart AND a.allocated_on <= @asOf
              AND i.kind = 'Invoice' AND i.issue_date <= @asOf AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf) {filter}
            GROUP BY i.currency
            """, parameters, r => (Currency: r.GetString(0), Recovered: ReportingSql.Long(r, 1), Paid: ReportingSql.Long(r, 2), Days: ReportingSql.Decimal(r, 3)), ct);

        var promises = await sql.QueryAsync($"""
            SELECT p.currency,
                   SUM(CASE WHEN p.status = 'Kept' THEN 1 ELSE 0 END) AS kept,
                   SUM(CASE WHEN p.status = 'Broken' THEN 1 ELSE 0 END) AS broken
            FROM promise_to_pay p
            WHERE p.tenant_id = @tenant AND p.status IN ('Kept', 'Broken')
              AND p.resolved_on > @windowStart AND p.resolved_on <= @asOf {ReportingSql.CollectorFilter(collector, "p.customer_id")}
            GROUP BY p.currency
            """, parameters, r => (Currency: r.GetString(0), Kept: (int)ReportingSql.Long(r, 1), Broken: (int)ReportingSql.Long(r, 2)), ct);

        var currencies = now.Keys.Concat(start.Keys).Concat(sales.Select(s => s.Currency)).Concat(payments.Select(p => p.Currency))
            .Concat(promises.Select(p => p.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return currencies.Select(c =>
        {
            var n = now.GetValueOrDefault(c);
            var s = start.GetValueOrDefault(c);
            var pay = payments.FirstOrDefault(p => p.Currency == c);
            var prom = promises.FirstOrDefault(p => p.Currency == c);
            var monthly = new long[periods.Count];
            foreach (var row in sales.Where(x => x.Currency == c))
            {
                monthly[row.Month] += row.Sales;
            }

            return new KpiFigures
            {
                Currency = c,
                AsOf = asOf,
                WindowStart = windowStart,
                WindowMonths = options.WindowMonths,
                ReceivablesMinor = n.Receivables,
                CurrentMinor = n.Current,
                OverdueMinor = n.Overdue,
                BeginningReceivablesMinor = s.Receivables,
                BeginningOpenInvoicesMinor = s.Current + s.Overdue,
                RecoveredMinor = pay.Recovered,
                Sales = periods.Select((p, i) => new SalesPeriod(monthly[i], p.Days)).ToList(),
                LateAmountDays = pay.Days + n.OverdueDays,
                LateAmountMinor = pay.Paid + n.Overdue,
                PromisesKept = prom.Kept,
                PromisesBroken = prom.Broken,
            };
        }).Where(f => f.HasActivity).ToList();
    }

    private readonly record struct Position(long Receivables, long Current, long Overdue, decimal OverdueDays);

    /// <summary>
    /// One pass over the documents issued by @asOf: the positions on @asOf and on @windowStart (open amount of each
    /// document on both dates from its settled total and the allocations after @windowStart, ADR 0610) and the
    /// sales per month of the countback (month index, null before it).
    /// </summary>
    private static async Task<(Dictionary<string, Position> Now, Dictionary<string, Position> Start, List<(string Currency, int Month, long Sales)> Sales)>
        PositionsAndSalesAsync(ReportingSql sql, string monthCase, string filter, Dictionary<string, object?> parameters, CancellationToken ct)
    {
        const string Sign = "CASE WHEN o.kind = 'CreditNote' THEN -1 ELSE 1 END";
        const string InNow = "o.open_now > 0 AND (o.cancelled_on IS NULL OR o.cancelled_on > @asOf)";
        const string InStart = "o.open_start > 0 AND o.issue_date <= @windowStart AND (o.cancelled_on IS NULL OR o.cancelled_on > @windowStart)";
        var rows = await sql.QueryAsync($"""
            SELECT o.currency, {monthCase} AS month_index,
                   SUM(CASE WHEN {InNow} THEN {Sign} * o.open_now ELSE 0 END) AS receivables,
                   SUM(CASE WHEN {InNow} AND o.kind = 'Invoice' AND o.due_date >= @asOf THEN o.open_now ELSE 0 END) AS current_minor,
                   SUM(CASE WHEN {InNow} AND o.kind = 'Invoice' AND o.due_date < @asOf THEN o.open_now ELSE 0 END) AS overdue_minor,
                   SUM(CASE WHEN {InNow} AND o.kind = 'Invoice' AND o.due_date < @asOf THEN o.open_now * {sql.DaysBetween("@asOf", "o.due_date")} ELSE 0 END) AS overdue_days,
                   SUM(CASE WHEN {InStart} THEN {Sign} * o.open_start ELSE 0 END) AS start_receivables,
                   SUM(CASE WHEN {InStart} AND o.kind = 'Invoice' THEN o.open_start ELSE 0 END) AS start_open_invoices,
                   SUM(CASE WHEN o.issue_date >= @firstDay AND (o.cancelled_on IS NULL OR o.cancelled_on > @asOf) THEN {Sign} * o.gross_minor ELSE 0 END) AS sales
            FROM (SELECT i.kind, i.currency, i.issue_date, i.due_date, i.cancelled_on, i.gross_minor,
                         i.gross_minor - i.settled_minor + COALESCE(l.later_now, 0) AS open_now,
                         i.gross_minor - i.settled_minor + COALESCE(l.later, 0) AS open_start
                  FROM invoices i
                  LEFT JOIN ({ReportingSql.AllocatedAfter("@windowStart", ", CAST(SUM(CASE WHEN a.allocated_on > @asOf THEN a.amount_minor ELSE 0 END) AS BIGINT) AS later_now")}) l
                         ON l.document_id = i.id
                  WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf {filter}) o
            GROUP BY 1, 2
            """, parameters, r => (Currency: r.GetString(0), Month: r.IsDBNull(1) ? -1 : (int)ReportingSql.Long(r, 1),
                Now: new Position(ReportingSql.Long(r, 2), ReportingSql.Long(r, 3), ReportingSql.Long(r, 4), ReportingSql.Decimal(r, 5)),
                Start: new Position(ReportingSql.Long(r, 6), ReportingSql.Long(r, 7), 0, 0), Sales: ReportingSql.Long(r, 8)), ct);

        var now = new Dictionary<string, Position>(StringComparer.Ordinal);
        var start = new Dictionary<string, Position>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            now[row.Currency] = Add(now.GetValueOrDefault(row.Currency), row.Now);
            start[row.Currency] = Add(start.GetValueOrDefault(row.Currency), row.Start);
        }

        return (now, start, rows.Where(r => r.Month >= 0).Select(r => (r.Currency, r.Month, r.Sales)).ToList());
    }

    private static Position Add(Position a, Position b) =>
        new(a.Receivables + b.Receivables, a.Current + b.Current, a.Overdue + b.Overdue, a.OverdueDays + b.OverdueDays);
}
