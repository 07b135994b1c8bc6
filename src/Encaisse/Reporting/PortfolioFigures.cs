using System.Collections.Concurrent;
using Encaisse.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The portfolio-wide figures the dashboard shows in the tenant currency: the aged balance, the KPIs with their
/// 12-month trend, and the 13-week cash-in forecast, computed together by the same queries as
/// <c>encaisse report aged|kpis|forecast</c>, with the moment they were computed.
/// </summary>
public sealed record PortfolioFigures(DateOnly AsOf, string Currency, DateTimeOffset ComputedAt, AgedBalanceSummary Aged, KpiReport? Kpis, CashForecastReport? Forecast)
{
    public static async Task<PortfolioFigures> ComputeAsync(EncaisseDb db, string currency, DateOnly today, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var aged = await AgedAsync(db, currency, today, ct);
        var kpis = (await KpiQuery.RunAsync(db, today, 12, new KpiOptions(), ct)).FirstOrDefault(k => k.Current.Currency == currency);
        var forecast = (await ForecastQuery.RunAsync(db, today, 13, 0, ct)).FirstOrDefault(f => f.Currency == currency);
        return new PortfolioFigures(today, currency, clock.GetUtcNow(), aged, kpis, forecast);
    }

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
/// Keeps each tenant's <see cref="PortfolioFigures"/> in the server process (ADR 1550): these read the whole ledger
/// (seconds at a million invoices), so a dashboard request does not compute them. Figures of today younger than
/// <c>maxAge</c> are served as they are; older ones are served too while one refresh runs in the background;
/// there are none (first request, or a new day), the request waits for the one computation every concurrent request
/// shares. A max age of zero computes on every request, in the request's own context.
/// </summary>
public sealed class PortfolioFiguresCache(DatabaseFactory factory, TimeProvider clock, TimeSpan maxAge)
{
    /// <summary>How old the figures may be before a refresh starts: <c>ENCAISSE_DASHBOARD_MAX_AGE_SECONDS</c> for <c>serve</c>.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    public async Task<PortfolioFigures> GetAsync(EncaisseDb db, Guid tenantId, string currency, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (maxAge <= TimeSpan.Zero)
        {
            return await PortfolioFigures.ComputeAsync(db, currency, today, clock, ct);
        }

        var entry = entries.GetOrAdd(tenantId, _ => new Entry());
        Task<PortfolioFigures> refresh;
        lock (entry)
        {
            var current = entry.Figures is { } f && f.AsOf == today && f.Currency == currency ? f : null;
            if (current is not null && clock.GetUtcNow() - current.ComputedAt < maxAge)
            {
                return current;
            }

            refresh = entry.Refresh is { IsCompleted: false } running ? running : entry.Refresh = RefreshAsync(entry, tenantId, currency, today);
            if (current is not null)
            {
                return current;
            }
        }

        return await refresh.WaitAsync(ct);
    }

    private Task<PortfolioFigures> RefreshAsync(Entry entry, Guid tenantId, string currency, DateOnly today) => Task.Run(async () =>
    {
        try
        {
            // Its own context: the request that started the refresh may be over before it ends.
            await using var own = factory.Create(tenantId);
            var figures = await PortfolioFigures.ComputeAsync(own, currency, today, clock, CancellationToken.None);
            lock (entry)
            {
                entry.Figures = figures;
            }

            return figures;
        }
        finally
        {
            lock (entry)
            {
                entry.Refresh = null;
            }
        }
    });

    private sealed class Entry
    {
        public PortfolioFigures? Figures { get; set; }
        public Task<PortfolioFigures>? Refresh { get; set; }
    }
}
