using Encaisse.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The portfolio-wide figures the dashboard and the reports page show in the tenant currency: the aged balance (in
/// total and per collector), the KPIs with their 12-month trend, and the 13-week cash-in forecast with the past weeks
/// its backtest compares, computed together by the same queries as <c>encaisse report aged|kpis|forecast</c>, with
/// the moment they were computed.
/// </summary>
public sealed record PortfolioFigures(DateOnly AsOf, string Currency, DateTimeOffset ComputedAt, AgedBalanceSummary Aged,
    IReadOnlyList<AgedBalanceRow> ByCollector, KpiReport? Kpis, CashForecastReport? Forecast)
{
    public const int ForecastWeeks = 13;
    public const int TrendMonths = 12;

    /// <summary>The backtest horizons the reports page shows; the forecast keeps the past weeks of the longest.</summary>
    public static readonly IReadOnlyList<int> BacktestHorizons = [8, 13];

    /// <param name="earlier">
    /// Figures computed earlier: when they are of the same day and currency, the backtest's past weeks keep the forecasts
    /// they had (each is a forecast of the whole ledger, most of the computation at a million invoices) and only what
    /// came in is summed again (ADR 1556).
    /// </param>
    public static async Task<PortfolioFigures> ComputeAsync(EncaisseDb db, string currency, DateOnly today, TimeProvider clock, CancellationToken ct,
        PortfolioFigures? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var aged = await AgedAsync(db, currency, today, ct);
        var collectors = (await CollectorsAsync(db, today, ct)).Rows.Where(r => r.Currency == currency).ToList();
        var kpis = (await KpisAsync(db, today, ct)).FirstOrDefault(k => k.Current.Currency == currency);
        var forecastBefore = earlier is { Forecast: { } past } && earlier.AsOf == today && earlier.Currency == currency
            ? past.Past.ToDictionary(w => w.Start, w => w.ForecastMinor)
            : null;
        var forecast = (await ForecastQuery.RunAsync(db, today, ForecastWeeks, BacktestHorizons.Max(), currency, forecastBefore, ct)).FirstOrDefault();
        return new PortfolioFigures(today, currency, clock.GetUtcNow(), aged, collectors, kpis, forecast);
    }

    /// <summary>The aged balance per collector, every currency (<c>encaisse report aged --by collector</c>).</summary>
    public static Task<AgedBalanceReport> CollectorsAsync(EncaisseDb db, DateOnly today, CancellationToken ct) =>
        AgedBalanceQuery.RunAsync(db, today, AgingBuckets.Default, AgedBalanceGrouping.Collector, ct);

    /// <summary>The KPIs with their trend, every currency: closed months read from <c>kpi_month</c> (ADR 1510), today computed.</summary>
    public static Task<IReadOnlyList<KpiReport>> KpisAsync(EncaisseDb db, DateOnly today, CancellationToken ct) =>
        KpiQuery.RunAsync(db, today, TrendMonths, KpiOptions.Default, ct);

    /// <summary>The forecast and the past weeks the backtest compares, every currency, computed afresh (the reports page's export).</summary>
    public static Task<IReadOnlyList<CashForecastReport>> ForecastAsync(EncaisseDb db, DateOnly today, CancellationToken ct) =>
        ForecastQuery.RunAsync(db, today, ForecastWeeks, BacktestHorizons.Max(), ct);

    /// <summary>
    /// The aged balance in <paramref name="currency"/> (the same figures as <c>encaisse report aged</c>), with zeros for an
    /// empty portfolio.
    /// </summary>
    public static async Task<AgedBalanceSummary> AgedAsync(EncaisseDb db, string currency, DateOnly today, CancellationToken ct)
    {
        var buckets = AgingBuckets.Default;
        return (await AgedBalanceQuery.SummaryAsync(db, today, buckets, ct)).FirstOrDefault(s => s.Totals.Currency == currency)
            ?? new AgedBalanceSummary(today, buckets.Labels, new AgedBalanceRow("total", currency, new long[buckets.Count], 0), 0, 0);
    }
}

/// <summary>
/// Keeps each tenant's <see cref="PortfolioFigures"/> in the server process (ADR 1550) with <see cref="KeptValues{TKey, TValue}"/>:
/// these read the whole ledger (seconds at a million invoices), so a dashboard request does not compute them. Figures of
/// today are kept for <c>maxAge</c>, or <see cref="KeepFactor"/> times what their computation took, up to ten minutes, when
/// that is longer (ADR 1580); older ones are served while one refresh runs in the background; when there are none (first
/// request, a new day) the request waits for the one computation every concurrent request shares. A max age of zero
/// computes on every request, in the request's own context.
/// </summary>
public sealed class PortfolioFiguresCache
{
    /// <summary>How old the figures may be before a refresh starts: <c>ENCAISSE_DASHBOARD_MAX_AGE_SECONDS</c> for <c>serve</c>.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Figures are kept at least this many times as long as their computation took (ADR 1580): at a million invoices
    /// one computation costs tens of seconds of the server's and the database's time, and refreshing every minute would
    /// spend a third of a core on figures nobody asked to be that fresh; kept 20 times as long, refreshing costs at most
    /// a twentieth. The page says when they were computed.
    /// </summary>
    public const int KeepFactor = 20;

    /// <summary>The longest a slow computation keeps figures beyond the max age: ten minutes.</summary>
    public static readonly TimeSpan LongestKeep = TimeSpan.FromMinutes(10);

    private readonly DatabaseFactory factory;
    private readonly TimeProvider clock;
    private readonly TimeSpan maxAge;
    private readonly KeptValues<Guid, PortfolioFigures> kept;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, PortfolioFigures> last = new();
    private readonly Microsoft.Extensions.Logging.ILogger? log;

    /// <param name="log">Where each computation of kept figures is told, with how long it took (for operators and the benches).</param>
    public PortfolioFiguresCache(DatabaseFactory factory, TimeProvider clock, TimeSpan maxAge, Microsoft.Extensions.Logging.ILogger? log = null)
    {
        this.factory = factory;
        this.clock = clock;
        this.maxAge = maxAge;
        this.log = log;
        kept = new KeptValues<Guid, PortfolioFigures>(clock, took => KeepFor(took, maxAge));
    }

    /// <summary>
    /// How long figures whose computation took <paramref name="took"/> are served without a refresh: <see cref="KeepFactor"/>
    /// times that, at most <see cref="LongestKeep"/>, and never less than the max age.
    /// </summary>
    public static TimeSpan KeepFor(TimeSpan took, TimeSpan maxAge) => KeepTimes.Proportional(took, KeepFactor, maxAge, LongestKeep);

    public async Task<PortfolioFigures> GetAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (maxAge <= TimeSpan.Zero)
        {
            return await PortfolioFigures.ComputeAsync(db, currency, today, clock, ct);
        }

        return await KeptAsync(tenantId, currency, today, ct);
    }

    /// <summary>
    /// Computes the tenant's figures of <paramref name="today"/> when none are kept (<see cref="Encaisse.Web.BackOffice.PortfolioFiguresWarmUp"/>:
    /// at start and on a new day, before anyone asks), as the first request would; nothing when figures are not kept.
    /// </summary>
    public async Task WarmAsync(Guid tenantId, string currency, DateOnly today, CancellationToken ct)
    {
        if (maxAge > TimeSpan.Zero)
        {
            await KeptAsync(tenantId, currency, today, ct);
        }
    }

    private Task<PortfolioFigures> KeptAsync(Guid tenantId, string currency, DateOnly today, CancellationToken ct) =>
        kept.GetAsync(tenantId, f => f.AsOf == today && f.Currency == currency, async () =>
        {
            // Its own context: the request that started the refresh may be over before it ends.
            await using var own = factory.Create(tenantId);
            var started = clock.GetTimestamp();
            var figures = await PortfolioFigures.ComputeAsync(own, currency, today, clock, CancellationToken.None, last.GetValueOrDefault(tenantId));
            last[tenantId] = figures;
            var took = clock.GetElapsedTime(started);
            if (log is not null)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(log, "Dashboard figures of tenant {Tenant} for {Day:yyyy-MM-dd} computed in {Milliseconds} ms, kept {Seconds} s",
                    tenantId, today, (long)took.TotalMilliseconds, (long)KeepFor(took, maxAge).TotalSeconds);
            }

            return figures;
        }, ct);
}
