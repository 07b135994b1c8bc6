using Encaisse.Formats;
using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Encaisse.Reporting;

public enum ExportFormat
{
    Csv = 0,
    Xlsx = 1,
}

/// <summary>
/// Writes a report as a table (one row per line) to .xlsx (MiniExcel) or CSV (invariant culture, comma
/// separated, RFC 4180 quoting, UTF-8), for spreadsheets and accounting tools.
/// </summary>
public static class ReportExport
{
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Table(ReportViews.AgedBalanceView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Rows.Concat(view.Totals).Select(r =>
        {
            var row = new Dictionary<string, object?> { [view.GroupBy.ToString().ToLowerInvariant()] = r.Key, ["currency"] = r.Currency };
            foreach (var label in view.Buckets)
            {
                row[label] = r.Buckets[label];
            }

            row["openInvoices"] = r.OpenInvoices;
            row["overdue"] = r.Overdue;
            row["credits"] = r.Credits;
            row["balance"] = r.Balance;
            return (IReadOnlyDictionary<string, object?>)row;
        }).ToList();
    }

    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> Table(ReportViews.KpiReportView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var sets = view.Trend.Concat(view.OtherCurrencies.SelectMany(c => c.Trend.Count > 0 ? c.Trend : [c.Kpis]));
        return sets.Select(k => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["asOf"] = k.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = k.Currency,
            ["dsoSimple"] = k.DsoSimple,
            ["dsoCountback"] = k.DsoCountback,
            ["bestPossibleDso"] = k.BestPossibleDso,
            ["averageDaysDelinquent"] = k.AverageDaysDelinquent,
            ["cei"] = k.Cei,
            ["recoveryRate"] = k.RecoveryRate,
            ["overdueRate"] = k.OverdueRate,
            ["averageDaysLate"] = k.AverageDaysLate,
            ["promiseKeptRate"] = k.PromiseKeptRate,
            ["receivables"] = k.Receivables,
            ["overdue"] = k.Overdue,
        }).ToList();
    }

    public static async Task WriteAsync(Stream output, IReadOnlyList<IReadOnlyDictionary<string, object?>> table, ExportFormat format, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (format == ExportFormat.Xlsx)
        {
            var rows = table.Select(r => r.ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
            if (rows.Count == 0)
            {
                rows.Add(new Dictionary<string, object?> { ["empty"] = null });
            }

            await output.SaveAsAsync(rows, cancellationToken: ct);
            return;
        }

        var text = new StringBuilder();
        if (table.Count > 0)
        {
            text.Append(CsvCells.Line(table[0].Keys, ',')).Append("\r\n");
            foreach (var row in table)
            {
                text.Append(CsvCells.Line(row.Values, ',')).Append("\r\n");
            }
        }

        var bytes = new UTF8Encoding(false).GetBytes(text.ToString());
        await output.WriteAsync(bytes, ct);
    }

    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
}
