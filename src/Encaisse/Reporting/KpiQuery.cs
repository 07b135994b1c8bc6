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
    /// <remarks>
    /// The month ends of the trend are read from the stored KPI months when fresh (<see cref="KpiMonths"/>, whole
    /// portfolio only; <paramref name="useStored"/> false forces the live computation); the as-of date, the months not
    /// stored and a collector's trend are computed live. Both give the same figures.
    /// </remarks>
    public static async Task<IReadOnlyList<KpiReport>> RunAsync(
        EncaisseDb db, DateOnly asOf, int trendMonths, KpiOptions options, CancellationToken ct, string? collector = null, bool useStored = true)
    {
        var current = await FiguresAsync(db, asOf, options, ct, collector);
        var dates = KpiCalculator.TrendDates(asOf, trendMonths);
        var stored = useStored && collector is null
            ? await KpiMonths.ReadAsync(db, dates.Where(d => d != asOf).ToList(), options, ct)
            : new Dictionary<DateOnly, IReadOnlyList<KpiFigures>>();
        var trend = new List<KpiSet>();
        foreach (var date in dates)
        {
            var figures = date == asOf ? current : stored.TryGetValue(date, out var kept) ? kept : await FiguresAsync(db, date, options, ct, collector);
            trend.AddRange(figures.Select(KpiSet.From));
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
        };
        if (collector is not null)
        {
            parameters["@collector"] = collector;
        }

        var filter = ReportingSql.CollectorFilter(collector);

        var (now, start, sales) = await PositionsAndSalesAsync(sql, periods, asOf, windowStart, filter, parameters, ct);

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
    /// document on both dates from its settled total and the allocations on one side of them, ADR 0610) and the
    /// sales, summed per currency, kind and issue date; which issue dates count where (window start, months of the
    /// countback) is decided here on those few hundred rows rather than by a CASE on every document.
    /// </summary>
    private static async Task<(Dictionary<string, Position> Now, Dictionary<string, Position> Start, List<(string Currency, int Month, long Sales)> Sales)>
        PositionsAndSalesAsync(ReportingSql sql, IReadOnlyList<ReportPeriod> periods, DateOnly asOf, DateOnly windowStart, string filter,
            Dictionary<string, object?> parameters, CancellationToken ct)
    {
        const string InNow = "o.open_now > 0 AND (o.cancelled_on IS NULL OR o.cancelled_on > @asOf)";
        const string InStart = "o.open_start > 0 AND (o.cancelled_on IS NULL OR o.cancelled_on > @windowStart)";
        // Up to @asOf (with the part up to @windowStart) for old dates, else after @windowStart (with the part after @asOf).
        var upTo = await sql.ReadUpToAsync(asOf, ct);
        var joins = upTo
            ? ReportingSql.Allocated("@asOf", true, ", CAST(SUM(CASE WHEN a.allocated_on <= @windowStart THEN a.amount_minor ELSE 0 END) AS BIGINT) AS later_start")
            : ReportingSql.Allocated("@windowStart", false, ", CAST(SUM(CASE WHEN a.allocated_on > @asOf THEN a.amount_minor ELSE 0 END) AS BIGINT) AS later_now");
        var rows = await sql.QueryAsync($"""
            SELECT o.currency, o.kind, o.issue_date,
                   SUM(CASE WHEN {InNow} THEN o.open_now ELSE 0 END) AS open_now,
                   SUM(CASE WHEN {InNow} AND o.due_date >= @asOf THEN o.open_now ELSE 0 END) AS current_minor,
                   SUM(CASE WHEN {InNow} AND o.due_date < @asOf THEN o.open_now * {sql.DaysBetween("@asOf", "o.due_date")} ELSE 0 END) AS overdue_days,
                   SUM(CASE WHEN {InStart} THEN o.open_start ELSE 0 END) AS open_start,
                   SUM(CASE WHEN o.cancelled_on IS NULL OR o.cancelled_on > @asOf THEN o.gross_minor ELSE 0 END) AS gross
            FROM (SELECT i.kind, i.currency, i.issue_date, i.due_date, i.cancelled_on, i.gross_minor,
                         {ReportingSql.Open(upTo, upTo ? "settled" : "later_now")} AS open_now,
                         {ReportingSql.Open(upTo, upTo ? "later_start" : "settled")} AS open_start
                  FROM invoices i
                  {joins}
                  WHERE i.tenant_id = @tenant AND i.issue_date <= @asOf {filter}) o
            GROUP BY o.currency, o.kind, o.issue_date
            """, parameters, r => (Currency: r.GetString(0), CreditNote: r.GetString(1) == nameof(Ledger.DocumentKind.CreditNote),
                IssueDate: ReportingSql.Date(r, 2), Open: ReportingSql.Long(r, 3), Current: ReportingSql.Long(r, 4), OverdueDays: ReportingSql.Decimal(r, 5),
                OpenStart: ReportingSql.Long(r, 6), Gross: ReportingSql.Long(r, 7)), ct);

        var now = new Dictionary<string, Position>(StringComparer.Ordinal);
        var start = new Dictionary<string, Position>(StringComparer.Ordinal);
        var sales = new List<(string Currency, int Month, long Sales)>();
        foreach (var row in rows)
        {
            var sign = row.CreditNote ? -1 : 1;
            now[row.Currency] = Add(now.GetValueOrDefault(row.Currency), row.CreditNote
                ? new Position(-row.Open, 0, 0, 0)
                : new Position(row.Open, row.Current, row.Open - row.Current, row.OverdueDays));
            if (row.IssueDate <= windowStart)
            {
                start[row.Currency] = Add(start.GetValueOrDefault(row.Currency), new Position(sign * row.OpenStart, row.CreditNote ? 0 : row.OpenStart, 0, 0));
            }

            for (var k = 0; k < periods.Count; k++)
            {
                if (row.IssueDate >= periods[k].Start)
                {
                    sales.Add((row.Currency, k, sign * row.Gross));
                    break;
                }
            }
        }

        return (now, start, sales);
    }

    private static Position Add(Position a, Position b) =>
        new(a.Receivables + b.Receivables, a.Current + b.Current, a.Overdue + b.Overdue, a.OverdueDays + b.OverdueDays);
}
