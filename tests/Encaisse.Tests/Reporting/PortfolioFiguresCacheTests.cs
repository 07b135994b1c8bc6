using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>
/// The dashboard's portfolio figures kept per tenant (ADR 1550): served as they are within the max age, served stale while
/// one background refresh runs after it, computed (once for concurrent requests) when there are none for today.
/// </summary>
public sealed class PortfolioFiguresCacheTests
{
    private static readonly DateTimeOffset Noon = new(WebSeed.Today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Figures_are_kept_for_the_max_age_then_refreshed_in_the_background(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = new FakeTimeProvider(Noon);
        var cache = new PortfolioFiguresCache(database.Factory, clock, TimeSpan.FromSeconds(60));
        await using var db = database.For(tenant);

        // None yet: the request waits for the one computation, and two at once share it.
        var first = cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);
        var second = cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);
        var computed = await first;
        (await second).ShouldBeSameAs(computed);
        computed.ComputedAt.ShouldBe(Noon);
        computed.AsOf.ShouldBe(WebSeed.Today);
        computed.Aged.Totals.OpenInvoicesMinor.ShouldBe((await PortfolioFigures.AgedAsync(db, "EUR", WebSeed.Today, default)).Totals.OpenInvoicesMinor);
        computed.Aged.Totals.OpenInvoicesMinor.ShouldBeGreaterThan(0);

        // Within the max age: the same figures, nothing computed.
        clock.Advance(TimeSpan.FromSeconds(59));
        (await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default)).ShouldBeSameAs(computed);

        // Past it: the old figures at once, and a refresh in the background whose figures come next.
        clock.Advance(TimeSpan.FromSeconds(2));
        (await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default)).ShouldBeSameAs(computed);
        var refreshed = computed;
        for (var attempt = 0; attempt < 600 && ReferenceEquals(refreshed, computed); attempt++)
        {
            await Task.Delay(50);
            refreshed = await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);
        }

        refreshed.ShouldNotBeSameAs(computed);
        refreshed.ComputedAt.ShouldBe(Noon.AddSeconds(61));

        // A new day is never answered with yesterday's figures.
        var tomorrow = await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today.AddDays(1), default);
        tomorrow.AsOf.ShouldBe(WebSeed.Today.AddDays(1));
    }

    [Fact]
    public async Task A_refresh_of_the_same_day_keeps_the_backtests_past_forecasts_and_sums_what_came_in_again()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = new FakeTimeProvider(Noon);
        await using var db = database.For(tenant);
        var fresh = await PortfolioFigures.ComputeAsync(db, "EUR", WebSeed.Today, clock, default);
        fresh.Forecast.ShouldNotBeNull().Past.Count.ShouldBe(PortfolioFigures.BacktestHorizons.Max());

        // Earlier figures of the same day whose past forecasts differ (as after a backdated write): they are kept; what
        // came in (-1 there) is summed again.
        var earlier = fresh with { Forecast = fresh.Forecast with { Past = [.. fresh.Forecast.Past.Select(w => w with { ForecastMinor = w.ForecastMinor + 1, RealisedMinor = -1 })] } };
        var again = await PortfolioFigures.ComputeAsync(db, "EUR", WebSeed.Today, clock, default, earlier);
        again.Forecast.ShouldNotBeNull().Past.Select(w => (w.Start, w.ForecastMinor, w.RealisedMinor))
            .ShouldBe(fresh.Forecast.Past.Select(w => (w.Start, w.ForecastMinor + 1, w.RealisedMinor)));
        again.Forecast.Weeks.ShouldBe(fresh.Forecast.Weeks);

        // Of another day, or another currency: forecast afresh.
        (await PortfolioFigures.ComputeAsync(db, "EUR", WebSeed.Today, clock, default, earlier with { AsOf = WebSeed.Today.AddDays(-1) }))
            .Forecast.ShouldNotBeNull().Past.ShouldBe(fresh.Forecast.Past);
        (await PortfolioFigures.ComputeAsync(db, "EUR", WebSeed.Today, clock, default, earlier with { Currency = "USD" }))
            .Forecast.ShouldNotBeNull().Past.ShouldBe(fresh.Forecast.Past);
    }

    [Fact]
    public async Task A_max_age_of_zero_computes_on_every_request()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = new FakeTimeProvider(Noon);
        var cache = new PortfolioFiguresCache(database.Factory, clock, TimeSpan.Zero);
        await using var db = database.For(tenant);
        var one = await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);
        clock.Advance(TimeSpan.FromSeconds(1));
        var two = await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);
        two.ShouldNotBeSameAs(one);
        two.ComputedAt.ShouldBe(Noon.AddSeconds(1));
    }

    [Fact]
    public void Figures_that_took_long_to_compute_are_kept_longer_than_the_max_age()
    {
        var minute = TimeSpan.FromSeconds(60);
        PortfolioFiguresCache.KeepFor(TimeSpan.FromMilliseconds(200), minute).ShouldBe(minute);
        PortfolioFiguresCache.KeepFor(TimeSpan.FromSeconds(3), minute).ShouldBe(minute);
        // Twenty times what the computation took: refreshing spends at most a twentieth of the time.
        PortfolioFiguresCache.KeepFor(TimeSpan.FromSeconds(12), minute).ShouldBe(TimeSpan.FromSeconds(240));
        PortfolioFiguresCache.KeepFor(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(900)).ShouldBe(TimeSpan.FromSeconds(900));
        // A very slow computation (a busy machine) keeps them ten minutes at most.
        PortfolioFiguresCache.KeepFor(TimeSpan.FromSeconds(50), minute).ShouldBe(TimeSpan.FromMinutes(10));
        PortfolioFiguresCache.KeepFor(TimeSpan.Zero, TimeSpan.Zero).ShouldBe(TimeSpan.Zero);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_customers_most_overdue_are_ranked_again_only_with_new_figures(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var clock = new FakeTimeProvider(Noon);
        var cache = new PortfolioFiguresCache(database.Factory, clock, TimeSpan.FromSeconds(60));
        var top = new Encaisse.Web.BackOffice.TopOverdueCustomers(database.Factory);
        await using var db = database.For(tenant);
        var figures = await cache.GetAsync(db, tenant.Id, "EUR", WebSeed.Today, default);

        var kept = await top.GetAsync(tenant.Id, figures, 10, default);
        var ranked = await Encaisse.Web.BackOffice.TopOverdueCustomers.RankAsync(db, tenant.Id, "EUR", WebSeed.Today, 10, default);
        kept.Select(c => (c.Id, c.OpenMinor, c.OverdueMinor, c.OldestDue)).ShouldBe(ranked.Select(c => (c.Id, c.OpenMinor, c.OverdueMinor, c.OldestDue)));
        kept.Count.ShouldBeGreaterThan(1);
        kept[0].LegalName.ShouldBe("Martin Transports SAS");

        // The same figures: the same list, not ranked again; other figures (a refresh): ranked again.
        (await top.GetAsync(tenant.Id, figures, 10, default)).ShouldBeSameAs(kept);
        var refreshed = figures with { ComputedAt = figures.ComputedAt.AddMinutes(1) };
        var again = await top.GetAsync(tenant.Id, refreshed, 10, default);
        again.ShouldNotBeSameAs(kept);
        again.Select(c => c.Id).ShouldBe(kept.Select(c => c.Id));
    }
}
