using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Reports;

/// <summary>
/// The reports page: aged balance (with each bucket's invoices a click away, as on the dashboard) and the same per
/// collector, the monthly KPI trend, the 13-week cash-in forecast and its backtest, the customers most overdue. Every
/// figure comes from the Reporting queries the dashboard, the API and <c>encaisse report …</c> use
/// (<see cref="AgedBalanceQuery"/>, <see cref="KpiQuery"/> on the months kept in <c>kpi_month</c>, <see cref="ForecastQuery"/>
/// and <see cref="ForecastBacktest"/> as <c>report forecast-backtest</c>, <see cref="CustomerDirectory"/>); each table
/// exports to CSV or XLSX through <see cref="ReportExport"/>. Read by every role.
/// </summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    public const int ForecastWeeks = 13;
    public const int TopCustomers = 10;
    public static readonly int[] BacktestHorizons = [8, 13];

    /// <summary>The tables of the page, by the name their export uses.</summary>
    public static readonly string[] Tables = ["aged", "collectors", "kpis", "forecast", "backtest", "top"];

    public DateOnly Today { get; private set; }
    public string Currency => tenant.Required.Currency;
    public AgedBalanceSummary Aged { get; private set; } = null!;
    public IReadOnlyList<AgedBalanceRow> ByCollector { get; private set; } = [];
    public IReadOnlyList<string> Buckets { get; private set; } = [];
    public KpiReport? Kpis { get; private set; }
    public CashForecastReport? Forecast { get; private set; }
    public IReadOnlyList<ForecastBacktest> Backtests { get; private set; } = [];
    public IReadOnlyList<CustomerLine> Top { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        Aged = await Encaisse.Reporting.PortfolioFigures.AgedAsync(db, Currency, Today, ct);
        Buckets = Aged.Buckets;
        ByCollector = (await CollectorsAsync(ct)).Rows.Where(r => r.Currency == Currency).ToList();
        Kpis = (await KpisAsync(ct)).FirstOrDefault(k => k.Current.Currency == Currency);
        Forecast = (await ForecastAsync(ct)).FirstOrDefault(f => f.Currency == Currency);
        Backtests = Forecast is { } f ? BacktestHorizons.Select(h => ForecastBacktest.Of(f.Past, h)).ToList() : [];
        Top = await TopAsync(ct);
    }

    /// <summary>One table of the page as CSV or XLSX (<c>?handler=Export&amp;table=aged&amp;format=xlsx</c>), all currencies.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? table, string? format, CancellationToken ct)
    {
        Today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        IReadOnlyList<IReadOnlyDictionary<string, object?>>? rows = table switch
        {
            "aged" => ReportExport.Table(ReportViews.Of(await AgedBalanceQuery.RunAsync(db, Today, AgingBuckets.Default, AgedBalanceGrouping.Customer, ct))),
            "collectors" => ReportExport.Table(ReportViews.Of(await CollectorsAsync(ct))),
            "kpis" => ReportExport.Table(ReportViews.Of(await KpisAsync(ct), Today, Currency, null, KpiOptions.Default.WindowMonths)),
            "forecast" => (await ForecastAsync(ct)).SelectMany(f => f.Weeks.Select(w => Row(
                ("currency", f.Currency), ("weekStart", Iso(w.Start)), ("weekEnd", Iso(w.End)), ("expected", Currencies.FromMinor(w.ExpectedMinor, f.Currency)),
                ("invoices", w.Items)))).ToList(),
            "backtest" => (await ForecastAsync(ct)).SelectMany(f => f.Past.Select(w => Row(
                ("currency", f.Currency), ("weekStart", Iso(w.Start)), ("weekEnd", Iso(w.End)), ("forecast", Currencies.FromMinor(w.ForecastMinor, f.Currency)),
                ("received", Currencies.FromMinor(w.RealisedMinor, f.Currency))))).ToList(),
            "top" => (await TopAsync(ct)).Select(c => Row(
                ("customer", c.ExternalRef), ("name", c.LegalName), ("collector", c.Collector), ("riskClass", c.RiskClass), ("currency", Currency),
                ("open", Currencies.FromMinor(c.OpenMinor, Currency)), ("overdue", Currencies.FromMinor(c.OverdueMinor, Currency)),
                ("oldestDue", c.OldestDue is { } d ? Iso(d) : null))).ToList(),
            _ => null,
        };
        if (rows is null)
        {
            return NotFound();
        }

        var output = new MemoryStream();
        await ReportExport.WriteAsync(output, rows, kind, ct);
        output.Position = 0;
        var name = $"{table}-{Iso(Today)}.{(kind == ExportFormat.Xlsx ? "xlsx" : "csv")}";
        return File(output, ReportExport.ContentType(kind), name);
    }

    /// <summary>The invoices of one bucket (as the dashboard links them), for one collector when given.</summary>
    public string BucketLink(string label, string? collector = null) =>
        Invoices.IndexModel.BucketLink(label, Today, Currency)
        + (collector is null || collector == AgedBalance.Unassigned ? "" : "&collector=" + Uri.EscapeDataString(collector));

    public static string ExportLink(string table, string format) => $"/reports?handler=Export&table={table}&format={format}";

    private Task<AgedBalanceReport> CollectorsAsync(CancellationToken ct) =>
        AgedBalanceQuery.RunAsync(db, Today, AgingBuckets.Default, AgedBalanceGrouping.Collector, ct);

    /// <summary>The 12-month trend the dashboard draws: closed months read from <c>kpi_month</c> (ADR 1510), today computed.</summary>
    private Task<IReadOnlyList<KpiReport>> KpisAsync(CancellationToken ct) => KpiQuery.RunAsync(db, Today, 12, KpiOptions.Default, ct);

    /// <summary>The forecast and, from the same run, the weeks the backtest compares (<c>report forecast-backtest</c>'s query).</summary>
    private Task<IReadOnlyList<CashForecastReport>> ForecastAsync(CancellationToken ct) =>
        ForecastQuery.RunAsync(db, Today, ForecastWeeks, BacktestHorizons.Max(), ct);

    /// <summary>The customers most overdue: the customers list sorted by overdue amount, overdue only, everybody's.</summary>
    private async Task<IReadOnlyList<CustomerLine>> TopAsync(CancellationToken ct) =>
        (await CustomerDirectory.SearchAsync(db, tenant.Required.Id, Currency, Today,
            new CustomerQuery(OverdueOnly: true, Sort: CustomerSort.Overdue, Descending: true, PageSize: TopCustomers), ct)).Lines;

    private static IReadOnlyDictionary<string, object?> Row(params (string Name, object? Value)[] cells) =>
        cells.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
