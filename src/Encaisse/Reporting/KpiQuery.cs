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

        var now = await PositionAsync(sql, "@asOf", filter, parameters, ct);
        var start = await PositionAsync(sql, "@windowStart", filter, parameters, ct);

        var monthCase = new StringBuilder("CASE");
        for (var k = 0; k < periods.Count; k++)
        {
            var name = "@m" + k.ToString(CultureInfo.InvariantCulture);
            parameters[name] = periods[k].Start;
            monthCase.Append(CultureInfo.InvariantCulture, $" WHEN i.issue_date >= {name} THEN {k}");
        }

        monthCase.Append(" END");
        var sales = await sql.QueryAsync($"""
            SELECT i.currency, {monthCase} AS month_index,
                   SUM(CASE WHEN i.kind = 'CreditNote' THEN -i.gross_minor ELSE i.gross_minor END) AS sales
            FROM invoices i
            WHERE i.tenant_id = @tenant AND i.issue_date >= @firstDay AND i.issue_date <= @asOf
              AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf) {filter}
            GROUP BY 1, 2
            """, parameters, r => (Currency: r.GetString(0), Month: (int)ReportingSql.Long(r, 1), Sales: ReportingSql.Long(r, 2)), ct);

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

    private static async Task<Dictionary<string, Position>> PositionAsync(
        ReportingSql sql, string date, string filter, Dictionary<string, object?> parameters, CancellationToken ct)
    {
        var rows = await sql.QueryAsync($"""
            SELECT o.currency,
                   SUM(CASE WHEN o.kind = 'CreditNote' THEN -o.open_minor ELSE o.open_minor END) AS receivables,
                   SUM(CASE WHEN o.kind = 'Invoice' AND o.due_date >= {date} THEN o.open_minor ELSE 0 END) AS current_minor,
                   SUM(CASE WHEN o.kind = 'Invoice' AND o.due_date < {date} THEN o.open_minor ELSE 0 END) AS overdue_minor,
                   SUM(CASE WHEN o.kind = 'Invoice' AND o.due_date < {date} THEN o.open_minor * {sql.DaysBetween(date, "o.due_date")} ELSE 0 END) AS overdue_days
            FROM ({ReportingSql.OpenDocuments(date, filter)}) o
            WHERE o.open_minor > 0
            GROUP BY o.currency
            """, parameters, r => (Currency: r.GetString(0), Position: new Position(ReportingSql.Long(r, 1), ReportingSql.Long(r, 2), ReportingSql.Long(r, 3), ReportingSql.Decimal(r, 4))), ct);
        return rows.ToDictionary(r => r.Currency, r => r.Position, StringComparer.Ordinal);
    }
}
