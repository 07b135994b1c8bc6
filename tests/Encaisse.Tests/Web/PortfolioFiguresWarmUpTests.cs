using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Encaisse.Web.BackOffice;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The dashboard's figures are computed at start and on each new day of a tenant that has back-office users, before a
/// request asks for them (the first request after a start or midnight no longer waits for the computation).
/// </summary>
public sealed class PortfolioFiguresWarmUpTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Figures_are_computed_at_start_and_on_a_new_day_for_tenants_with_users(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var used = await database.AddTenantAsync("acme");
        await WebSeed.AddAsync(database.Factory, used);
        await database.AddTenantAsync("nobody");
        // Noon in Paris on the seed's day.
        var noon = new DateTimeOffset(WebSeed.Today.ToDateTime(new TimeOnly(11, 0)), TimeSpan.Zero);
        var clock = new FakeTimeProvider(noon);
        var cache = new PortfolioFiguresCache(database.Factory, clock, TimeSpan.FromSeconds(60));
        var warmUp = new PortfolioFiguresWarmUp(database.Factory, cache, clock, NullLogger<PortfolioFiguresWarmUp>.Instance);

        (await warmUp.RunOnceAsync(default)).ShouldBe(1, "the tenant without users is left alone");

        // A request 30 s later gets the figures computed at start, with nothing left to compute.
        clock.Advance(TimeSpan.FromSeconds(30));
        await using (var db = database.For(used))
        {
            var shown = await cache.GetAsync(db, used.Id, "EUR", WebSeed.Today, default);
            shown.ComputedAt.ShouldBe(noon);
            shown.Aged.Totals.OpenInvoicesMinor.ShouldBeGreaterThan(0);
        }

        (await warmUp.RunOnceAsync(default)).ShouldBe(0, "the same day is warmed once");

        // Past midnight in Paris: the new day's figures, before anyone asks.
        clock.Advance(TimeSpan.FromHours(13));
        (await warmUp.RunOnceAsync(default)).ShouldBe(1);
        var atMidnight = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromSeconds(10));
        await using (var db = database.For(used))
        {
            var tomorrow = await cache.GetAsync(db, used.Id, "EUR", WebSeed.Today.AddDays(1), default);
            tomorrow.AsOf.ShouldBe(WebSeed.Today.AddDays(1));
            tomorrow.ComputedAt.ShouldBe(atMidnight);
        }

    }
}
