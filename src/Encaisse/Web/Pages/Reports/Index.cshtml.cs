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
/// exports to CSV or XLSX through <see cref="ReportExport"/>. Read by every role. The portfolio figures (aged balances,
/// KPIs, forecast and backtest) are the ones the dashboard shows, kept a minute or longer (<see cref="PortfolioFiguresCache"/>,
/// ADR 1550), and so are the customers most overdue beside them (<see cref="TopOverdueCustomers"/>, ADR 1580); the exports
/// compute them afresh in every currency.
/// </summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, PortfolioFiguresCache figures, TopOverdueCustomers top) : PageModel
{
    public const int ForecastWeeks = PortfolioFigures.ForecastWeeks;
    public const int TopCustomers = 10;
    public static IReadOnlyList<int> BacktestHorizons => PortfolioFigures.BacktestHorizons;

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
    /// <summary>When the portfolio figures were computed (kept a minute or longer, as on the dashboard).</summary>
    public DateTimeOffset ComputedAt { get; private set; }

    /// <summary>The tenant's time zone, in which <see cref="ComputedAt"/> is shown.</summary>
    public string TimeZone => tenant.Required.TimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = tenant.Required;
        Today = BusinessCalendar.Today(clock, t.TimeZone);
        var portfolio = await figures.GetAsync(db, t.Id, t.Currency, Today, ct);
        Aged = portfolio.Aged;
        Buckets = Aged.Buckets;
        ByCollector = portfolio.ByCollector;
        Kpis = portfolio.Kpis;
        Forecast = portfolio.Forecast;
        ComputedAt = portfolio.ComputedAt;
        Backtests = Forecast is { } f ? BacktestHorizons.Select(h => ForecastBacktest.Of(f.Past, h)).ToList() : [];
        Top = await top.GetAsync(t.Id, portfolio, TopCustomers, ct);
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

    private Task<AgedBalanceReport> CollectorsAsync(CancellationToken ct) => PortfolioFigures.CollectorsAsync(db, Today, ct);

    private Task<IReadOnlyList<KpiReport>> KpisAsync(CancellationToken ct) => PortfolioFigures.KpisAsync(db, Today, ct);

    private Task<IReadOnlyList<CashForecastReport>> ForecastAsync(CancellationToken ct) => PortfolioFigures.ForecastAsync(db, Today, ct);

    /// <summary>The customers most overdue: the customers list sorted by overdue amount, overdue only, everybody's.</summary>
    private Task<IReadOnlyList<CustomerLine>> TopAsync(CancellationToken ct) =>
        TopOverdueCustomers.RankAsync(db, tenant.Required.Id, Currency, Today, TopCustomers, ct);

    private static IReadOnlyDictionary<string, object?> Row(params (string Name, object? Value)[] cells) =>
        cells.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
