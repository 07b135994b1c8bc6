using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>The SQL reports and the pure calculators agree on the same ledger, on SQLite and PostgreSQL.</summary>
public sealed class ReportingQueryTests
{
    private static readonly DateOnly[] AsOfDates = [new(2025, 3, 15), new(2025, 12, 31), new(2026, 6, 30), new(2026, 9, 1)];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Aged_balance_in_sql_equals_the_pure_calculation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant);
        var portfolio = await PortfolioLoader.LoadAsync(db, default);

        foreach (var asOf in AsOfDates)
        {
            foreach (var groupBy in Enum.GetValues<AgedBalanceGrouping>())
            {
                foreach (var buckets in new[] { AgingBuckets.Default, AgingBuckets.Parse("15,45,120,365") })
                {
                    var expected = AgedBalance.Compute(portfolio, asOf, buckets, groupBy);
                    var actual = await AgedBalanceQuery.RunAsync(db, asOf, buckets, groupBy, default);
                    Flatten(actual).ShouldBe(Flatten(expected), $"{asOf} by {groupBy}");
                }
            }
        }

        var latest = await AgedBalanceQuery.RunAsync(db, AsOfDates[2], AgingBuckets.Default, AgedBalanceGrouping.Customer, default);
        latest.Totals.Select(t => t.Currency).ShouldBe(["EUR", "USD"]);
        latest.Rows.ShouldContain(r => r.CreditsMinor > 0);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Kpi_figures_in_sql_equal_the_pure_calculation(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await ReportingLedger.SeedAsync(db, tenant);
        var portfolio = await PortfolioLoader.LoadAsync(db, default);
        var promises = await PortfolioLoader.LoadPromisesAsync(db, default);
        promises.ShouldNotBeEmpty();

        foreach (var asOf in AsOfDates)
        {
            var expected = KpiCalculator.FiguresOf(portfolio, promises, asOf, KpiOptions.Default);
            var actual = await KpiQuery.FiguresAsync(db, asOf, KpiOptions.Default, default);
            actual.Select(Describe).ShouldBe(expected.Select(Describe), asOf.ToString());
            actual.Select(KpiSet.From).ShouldBe(expected.Select(KpiSet.From));
        }

        var collector = portfolio.Where(p => p.Collector == "alice").ToList();
        var aliceExpected = KpiCalculator.FiguresOf(collector, [], AsOfDates[2], KpiOptions.Default with { CountbackMonths = 6 });
        var aliceActual = await KpiQuery.FiguresAsync(db, AsOfDates[2], KpiOptions.Default with { CountbackMonths = 6 }, default, "alice");
        aliceActual.Select(f => Describe(f with { PromisesKept = 0, PromisesBroken = 0 })).ShouldBe(aliceExpected.Select(Describe));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Empty_ledger_gives_empty_reports(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        (await AgedBalanceQuery.RunAsync(db, AsOfDates[0], AgingBuckets.Default, AgedBalanceGrouping.Segment, default)).Rows.ShouldBeEmpty();
        (await KpiQuery.RunAsync(db, AsOfDates[0], 12, KpiOptions.Default, default)).ShouldBeEmpty();
    }

    private static List<string> Flatten(AgedBalanceReport report) =>
        report.Rows.Concat(report.Totals).Select(r => $"{r.Key}|{r.Currency}|{string.Join(',', r.BucketsMinor)}|{r.CreditsMinor}").ToList();

    private static string Describe(KpiFigures f) =>
        $"{f.Currency} R{f.ReceivablesMinor} C{f.CurrentMinor} O{f.OverdueMinor} B{f.BeginningReceivablesMinor} BO{f.BeginningOpenInvoicesMinor} " +
        $"RC{f.RecoveredMinor} S[{string.Join(',', f.Sales.Select(s => $"{s.SalesMinor}/{s.Days}"))}] L{f.LateAmountDays}/{f.LateAmountMinor} P{f.PromisesKept}/{f.PromisesBroken}";
}
