using System.Globalization;
using System.Text;
using Encaisse.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The aged balance computed set-based in the database: one pass over invoices and allocations, grouped by
/// customer, segment or collector, currency and bucket; the pivot into columns happens here.
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

        var bucketCase = BucketCase(asOf, buckets, parameters);
        var key = groupBy switch
        {
            AgedBalanceGrouping.Segment => $"COALESCE(c.segment, '{AgedBalance.Unassigned}')",
            AgedBalanceGrouping.Collector => $"COALESCE(c.collector, '{AgedBalance.Unassigned}')",
            _ => "c.external_ref",
        };
        var text = $"""
            SELECT {key} AS group_key, o.currency, {bucketCase} AS bucket, SUM(o.open_minor) AS amount
            FROM ({ReportingSql.OpenDocuments("@asOf", ReportingSql.CollectorFilter(collector))}) o
            JOIN customers c ON c.id = o.customer_id
            WHERE o.open_minor > 0
            GROUP BY 1, 2, 3
            """;
        var cells = await sql.QueryAsync(text, parameters,
            r => (Key: r.GetString(0), Currency: r.GetString(1), Bucket: (int)ReportingSql.Long(r, 2), Amount: ReportingSql.Long(r, 3)), ct);

        var rows = new Dictionary<(string Key, string Currency), (long[] Buckets, long Credits)>();
        foreach (var cell in cells)
        {
            if (!rows.TryGetValue((cell.Key, cell.Currency), out var row))
            {
                row = (new long[buckets.Count], 0);
            }

            if (cell.Bucket < 0)
            {
                row.Credits += cell.Amount;
            }
            else
            {
                row.Buckets[cell.Bucket] += cell.Amount;
            }

            rows[(cell.Key, cell.Currency)] = row;
        }

        var lines = rows
            .OrderBy(kv => kv.Key.Currency, StringComparer.Ordinal).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal)
            .Select(kv => new AgedBalanceRow(kv.Key.Key, kv.Key.Currency, kv.Value.Buckets, kv.Value.Credits))
            .ToList();
        return new AgedBalanceReport(asOf, groupBy, buckets.Labels, lines, AgedBalance.TotalsOf(lines, buckets.Count));
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

        var bucketCase = BucketCase(asOf, buckets, parameters);
        var columns = new StringBuilder("SUM(CASE WHEN x.bucket = -1 THEN x.open_minor ELSE 0 END)");
        for (var k = 0; k < buckets.Count; k++)
        {
            columns.Append(CultureInfo.InvariantCulture, $", SUM(CASE WHEN x.bucket = {k} THEN x.open_minor ELSE 0 END)");
        }

        var text = $"""
            SELECT x.currency, {columns},
                   SUM(CASE WHEN x.bucket >= 0 THEN 1 ELSE 0 END),
                   COUNT(DISTINCT CASE WHEN x.bucket > 0 THEN x.customer_id END)
            FROM (SELECT o.currency, o.customer_id, o.open_minor, {bucketCase} AS bucket
                  FROM ({ReportingSql.OpenDocuments("@asOf", ReportingSql.CollectorFilter(collector))}) o
                  WHERE o.open_minor > 0) x
            GROUP BY x.currency
            ORDER BY x.currency
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

    /// <summary>The bucket of each open document: -1 for a credit note, 0 not due, then one per bound (parameters @lo0...).</summary>
    private static string BucketCase(DateOnly asOf, AgingBuckets buckets, Dictionary<string, object?> parameters)
    {
        var bucketCase = new StringBuilder("CASE WHEN o.kind = 'CreditNote' THEN -1 WHEN o.due_date >= @asOf THEN 0");
        for (var k = 0; k < buckets.UpperBounds.Count; k++)
        {
            var name = "@lo" + k.ToString(CultureInfo.InvariantCulture);
            parameters[name] = asOf.AddDays(-buckets.UpperBounds[k]);
            bucketCase.Append(CultureInfo.InvariantCulture, $" WHEN o.due_date >= {name} THEN {k + 1}");
        }

        bucketCase.Append(CultureInfo.InvariantCulture, $" ELSE {buckets.Count - 1} END");
        return bucketCase.ToString();
    }
}
