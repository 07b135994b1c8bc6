using Encaisse.Ledger;

namespace Encaisse.Reporting;

/// <summary>
/// The JSON shapes of the reports (CLI --json and API): amounts as decimals in their currency, KPIs in days or
/// percent with one decimal, null when a KPI has no meaning (nothing sold, nothing owed).
/// </summary>
public static class ReportViews
{
    public sealed record AgedBalanceLine(string Key, string Currency, IReadOnlyDictionary<string, decimal> Buckets,
        decimal OpenInvoices, decimal Overdue, decimal Credits, decimal Balance);

    public sealed record AgedBalanceView(DateOnly AsOf, AgedBalanceGrouping GroupBy, IReadOnlyList<string> Buckets,
        IReadOnlyList<AgedBalanceLine> Rows, IReadOnlyList<AgedBalanceLine> Totals);

    public sealed record KpiView(
        string Currency, DateOnly AsOf, decimal? DsoSimple, decimal DsoCountback, decimal BestPossibleDso,
        decimal AverageDaysDelinquent, decimal? Cei, decimal? RecoveryRate, decimal? OverdueRate, decimal? AverageDaysLate,
        decimal? PromiseKeptRate, decimal Receivables, decimal Current, decimal Overdue, decimal WindowSales);

    public sealed record KpiReportView(
        DateOnly AsOf, string? Collector, int WindowMonths, string? Currency, decimal? DsoSimple, decimal? DsoCountback,
        decimal? BestPossibleDso, decimal? AverageDaysDelinquent, decimal? Cei, decimal? RecoveryRate, decimal? OverdueRate,
        decimal? AverageDaysLate, decimal? PromiseKeptRate, decimal? Receivables, decimal? Overdue,
        IReadOnlyList<KpiView> Trend, IReadOnlyList<KpiReportCurrency> OtherCurrencies);

    public sealed record KpiReportCurrency(KpiView Kpis, IReadOnlyList<KpiView> Trend);

    public static AgedBalanceView Of(AgedBalanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new AgedBalanceView(report.AsOf, report.GroupBy, report.Buckets,
            report.Rows.Select(r => Line(r, report.Buckets)).ToList(), report.Totals.Select(r => Line(r, report.Buckets)).ToList());
    }

    public static KpiView Of(KpiSet k)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new KpiView(k.Currency, k.AsOf, k.DsoSimple, k.DsoCountback, k.BestPossibleDso, k.AverageDaysDelinquent, k.Cei,
            k.RecoveryRate, k.OverdueRate, k.AverageDaysLate, k.PromiseKeptRate, Amount(k.ReceivablesMinor, k.Currency),
            Amount(k.CurrentMinor, k.Currency), Amount(k.OverdueMinor, k.Currency), Amount(k.WindowSalesMinor, k.Currency));
    }

    /// <summary>The tenant's currency at the top level (the fields credit managers quote), other currencies apart.</summary>
    public static KpiReportView Of(IReadOnlyList<KpiReport> reports, DateOnly asOf, string mainCurrency, string? collector, int windowMonths)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var main = reports.FirstOrDefault(r => r.Current.Currency == mainCurrency) ?? reports.FirstOrDefault();
        var k = main is null ? null : Of(main.Current);
        return new KpiReportView(asOf, collector, windowMonths, k?.Currency, k?.DsoSimple, k?.DsoCountback, k?.BestPossibleDso,
            k?.AverageDaysDelinquent, k?.Cei, k?.RecoveryRate, k?.OverdueRate, k?.AverageDaysLate, k?.PromiseKeptRate,
            k?.Receivables, k?.Overdue, main?.Trend.Select(Of).ToList() ?? [],
            reports.Where(r => r != main).Select(r => new KpiReportCurrency(Of(r.Current), r.Trend.Select(Of).ToList())).ToList());
    }

    private static AgedBalanceLine Line(AgedBalanceRow row, IReadOnlyList<string> labels) =>
        new(row.Key, row.Currency,
            labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => Amount(row.BucketsMinor[x.i], row.Currency)),
            Amount(row.OpenInvoicesMinor, row.Currency), Amount(row.OverdueMinor, row.Currency),
            Amount(row.CreditsMinor, row.Currency), Amount(row.BalanceMinor, row.Currency));

    private static decimal Amount(long minor, string currency) => Currencies.FromMinor(minor, currency);
}
