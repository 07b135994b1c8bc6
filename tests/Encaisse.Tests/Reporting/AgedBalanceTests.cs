using Encaisse.Reporting;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Reporting;

public sealed class AgedBalanceTests
{
    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(400, 4)]
    public void Default_buckets_are_not_due_1_30_31_60_61_90_over_90(int daysPastDue, int expected) =>
        AgingBuckets.Default.IndexOf(daysPastDue).ShouldBe(expected);

    [Fact]
    public void Labels_follow_the_bounds()
    {
        AgingBuckets.Default.Labels.ShouldBe(["notDue", "1-30", "31-60", "61-90", "over90"]);
        AgingBuckets.Parse("15, 45").Labels.ShouldBe(["notDue", "1-15", "16-45", "over45"]);
        Should.Throw<ArgumentException>(() => AgingBuckets.Parse("60,30"));
        Should.Throw<ArgumentException>(() => AgingBuckets.Parse("abc"));
    }

    [Fact]
    public void Bucket_amounts_match_the_actupub_example()
    {
        // B.9: 12,000 (0–30), 6,500 (31–60), 3,200 (61–90), 1,300 (> 90).
        var invoices = new List<PortfolioInvoice>
        {
            Invoice("2026-05-01", "2026-06-10", 12_000),
            Invoice("2026-04-01", "2026-05-10", 6_500),
            Invoice("2026-03-01", "2026-04-10", 3_200),
            Invoice("2026-01-01", "2026-02-10", 1_300),
        };
        var report = AgedBalance.Compute(invoices, D("2026-06-30"), AgingBuckets.Default, AgedBalanceGrouping.Customer);
        report.Totals.ShouldHaveSingleItem().BucketsMinor.ShouldBe([0, 1_200_000, 650_000, 320_000, 130_000]);
    }

    [Fact]
    public void A_past_date_shows_what_was_open_then()
    {
        var invoices = new List<PortfolioInvoice> { Invoice("2026-05-01", "2026-05-31", 1_000, ("2026-06-15", 400), ("2026-07-15", 600)) };
        Row(invoices, "2026-05-20").BucketsMinor.ShouldBe([100_000, 0, 0, 0, 0]);
        Row(invoices, "2026-06-20").BucketsMinor.ShouldBe([0, 60_000, 0, 0, 0]);
        AgedBalance.Compute(invoices, D("2026-07-20"), AgingBuckets.Default, AgedBalanceGrouping.Customer).Rows.ShouldBeEmpty();
        AgedBalance.Compute(invoices, D("2026-04-30"), AgingBuckets.Default, AgedBalanceGrouping.Customer).Rows.ShouldBeEmpty();
    }

    [Fact]
    public void Unused_credit_notes_are_shown_apart_and_reduce_the_balance()
    {
        var invoices = new List<PortfolioInvoice> { Invoice("2026-06-01", "2026-07-01", 1_000), CreditNote("2026-06-05", 300, ("2026-06-06", 100)) };
        var row = Row(invoices, "2026-06-30");
        row.CreditsMinor.ShouldBe(20_000);
        row.BalanceMinor.ShouldBe(80_000);
    }

    [Fact]
    public void Groups_by_segment_and_collector_and_never_mixes_currencies()
    {
        var invoices = new List<PortfolioInvoice>
        {
            Invoice("2026-06-01", "2026-07-01", 1_000),
            Invoice("2026-06-01", "2026-07-01", 500) with { Segment = null, Collector = "bob" },
            Invoice("2026-06-01", "2026-07-01", 70) with { Currency = "USD" },
        };
        var bySegment = AgedBalance.Compute(invoices, D("2026-06-30"), AgingBuckets.Default, AgedBalanceGrouping.Segment);
        bySegment.Rows.Select(r => (r.Key, r.Currency, r.OpenInvoicesMinor))
            .ShouldBe([("(none)", "EUR", 50_000L), ("retail", "EUR", 100_000L), ("retail", "USD", 7_000L)]);
        bySegment.Totals.Select(t => (t.Currency, t.OpenInvoicesMinor)).ShouldBe([("EUR", 150_000L), ("USD", 7_000L)]);
        var byCollector = AgedBalance.Compute(invoices, D("2026-06-30"), AgingBuckets.Default, AgedBalanceGrouping.Collector);
        byCollector.Rows.Select(r => r.Key).ShouldBe(["alice", "bob", "alice"]);
    }

    [Fact]
    public void Empty_portfolio_gives_an_empty_report()
    {
        var report = AgedBalance.Compute([], D("2026-06-30"), AgingBuckets.Default, AgedBalanceGrouping.Customer);
        report.Rows.ShouldBeEmpty();
        report.Totals.ShouldBeEmpty();
    }

    private static AgedBalanceRow Row(List<PortfolioInvoice> invoices, string asOf) =>
        AgedBalance.Compute(invoices, D(asOf), AgingBuckets.Default, AgedBalanceGrouping.Customer).Rows.ShouldHaveSingleItem();
}
