using System.Globalization;
using System.Text;
using Encaisse.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The aged balance computed set-based in the database: one pass over invoices (open amount from the maintained
/// settled total, ADR 0610), summed per customer and currency into one column per bucket, then grouped by
/// customer, segment or collector.
/// </summary>
public static class AgedBalanceQuery
{
    public static async Task<AgedBalanceReport> RunAsync(
        EncaisseDb db, DateOnly asOf, AgingBuckets buckets, AgedBalanceGrouping groupBy, CancellationToken ct, string? collector = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(buckets);
        var sql = new ReportingSql(db);
        var parameters = new Dictionary<string, object?> { ["@tenant"] = db.TenantId, ["@asOf"] = asOf };
        if (collector is not null)
        {
            parameters["@collector"] = collector;
        }

        var columns = new StringBuilder("SUM(CASE WHEN o.kind = 'CreditNote' THEN o.open_minor ELSE 0 END) AS b_credits");
        var outer = new StringBuilder("SUM(g.b_credits)");
        var conditions = BucketConditions(parameters, asOf, buckets);
        for (var k = 0; k < conditions.Count; k++)
        {
            columns.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {conditions[k]} THEN o.open_minor ELSE 0 END) AS b{k}");
            outer.Append(CultureInfo.InvariantCulture, $", SUM(g.b{k})");
        }

        var key = groupBy switch
        {
            AgedBalanceGrouping.Segment => $"COALESCE(c.segment, '{AgedBalance.Unassigned}')",
            AgedBalanceGrouping.Collector => $"COALESCE(c.collector, '{AgedBalance.Unassigned}')",
            _ => "c.external_ref",
        };
        var text = $"""
            SELECT {key} AS group_key, g.currency, {outer}
            FROM (SELECT o.customer_id, o.currency, {columns}
                  FROM ({ReportingSql.OpenDocuments("@asOf", await sql.ReadUpToAsync(asOf, ct), ReportingSql.CollectorFilter(collector))}) o
                  WHERE o.open_minor > 0
                  GROUP BY o.customer_id, o.currency) g
            JOIN customers c ON c.id = g.customer_id
            GROUP BY 1, 2
            """;
        var rows = await sql.QueryAsync(text, parameters, r =>
        {
            var amounts = new long[buckets.Count];
            for (var k = 0; k < amounts.Length; k++)
            {
                amounts[k] = ReportingSql.Long(r, 3 + k);
            }

            return new AgedBalanceRow(r.GetString(0), r.GetString(1), amounts, ReportingSql.Long(r, 2));
        }, ct);

        var lines = rows
            .OrderBy(row => row.Currency, StringComparer.Ordinal).ThenBy(row => row.Key, StringComparer.Ordinal)
            .ToList();
        return new AgedBalanceReport(asOf, groupBy, buckets.Labels, lines, AgedBalance.TotalsOf(lines, buckets.Count));
    }

    /// <summary>The parameter holding @asOf − upper bound k (the first due date of the next, older bucket is before it).</summary>
    private static string Bound(Dictionary<string, object?> parameters, DateOnly asOf, AgingBuckets buckets, int k)
    {
        var name = "@lo" + k.ToString(CultureInfo.InvariantCulture);
        parameters[name] = asOf.AddDays(-buckets.UpperBounds[k]);
        return name;
    }

    /// <summary>
    /// The whole portfolio's aged balance per currency, with the number of open invoices and of customers overdue,
    /// in one pass (the dashboard's figures): the same documents, settlements and buckets as <see cref="RunAsync"/>.
    /// </summary>
    public static async Task<IReadOnlyList<AgedBalanceSummary>> SummaryAsync(EncaisseDb db, DateOnly asOf, AgingBuckets buckets, CancellationToken ct, string? collector = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(buckets);
        var sql = new ReportingSql(db);
        var parameters = new Dictionary<string, object?> { ["@tenant"] = db.TenantId, ["@asOf"] = asOf };
        if (collector is not null)
        {
            parameters["@collector"] = collector;
        }

        var columns = new StringBuilder("SUM(CASE WHEN o.kind = 'CreditNote' THEN o.open_minor ELSE 0 END)");
        foreach (var condition in BucketConditions(parameters, asOf, buckets))
        {
            columns.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN {condition} THEN o.open_minor ELSE 0 END)");
        }

        var text = $"""
            SELECT o.currency, {columns},
                   SUM(CASE WHEN o.kind = 'Invoice' THEN 1 ELSE 0 END),
                   COUNT(DISTINCT CASE WHEN o.kind = 'Invoice' AND o.due_date < @asOf THEN o.customer_id END)
            FROM ({ReportingSql.OpenDocuments("@asOf", await sql.ReadUpToAsync(asOf, ct), ReportingSql.CollectorFilter(collector))}) o
            WHERE o.open_minor > 0
            GROUP BY o.currency
            ORDER BY o.currency
            """;
        return await sql.QueryAsync(text, parameters, r =>
        {
            var amounts = new long[buckets.Count];
            for (var k = 0; k < buckets.Count; k++)
            {
                amounts[k] = ReportingSql.Long(r, 2 + k);
            }

            var row = new AgedBalanceRow("total", r.GetString(0), amounts, ReportingSql.Long(r, 1));
            return new AgedBalanceSummary(asOf, buckets.Labels, row, ReportingSql.Long(r, 2 + buckets.Count), ReportingSql.Long(r, 3 + buckets.Count));
        }, ct);
    }

    /// <summary>
    /// The condition on an open document <c>o</c> for each bucket: bucket k holds the invoices due in
    /// [lower_k, upper_k), not due from @asOf on, then back in time (parameters @lo0...).
    /// </summary>
    private static List<string> BucketConditions(Dictionary<string, object?> parameters, DateOnly asOf, AgingBuckets buckets)
    {
        var conditions = new List<string>(buckets.Count);
        for (var k = 0; k < buckets.Count; k++)
        {
            var lower = k == 0 ? "@asOf" : k < buckets.Count - 1 ? Bound(parameters, asOf, buckets, k - 1) : null;
            var upper = k == 0 ? null : k == 1 ? "@asOf" : Bound(parameters, asOf, buckets, k - 2);
            conditions.Add("o.kind = 'Invoice'" + (lower is null ? "" : $" AND o.due_date >= {lower}") + (upper is null ? "" : $" AND o.due_date < {upper}"));
        }

        return conditions;
    }
}
