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

        var bucketCase = new StringBuilder("CASE WHEN o.kind = 'CreditNote' THEN -1 WHEN o.due_date >= @asOf THEN 0");
        for (var k = 0; k < buckets.UpperBounds.Count; k++)
        {
            var name = "@lo" + k.ToString(CultureInfo.InvariantCulture);
            parameters[name] = asOf.AddDays(-buckets.UpperBounds[k]);
            bucketCase.Append(CultureInfo.InvariantCulture, $" WHEN o.due_date >= {name} THEN {k + 1}");
        }

        bucketCase.Append(CultureInfo.InvariantCulture, $" ELSE {buckets.Count - 1} END");
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
}
