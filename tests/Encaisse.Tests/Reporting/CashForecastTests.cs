using Encaisse.Reporting;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Reporting;

public sealed class CashForecastTests
{
    // Wednesday 1 July 2026: week 1 runs Monday 29 June – Sunday 5 July.
    private static readonly DateOnly AsOf = D("2026-07-01");

    [Fact]
    public void Open_invoices_fall_in_the_week_of_due_date_plus_the_customers_own_lateness()
    {
        var invoices = new List<PortfolioInvoice>
        {
            // History: paid 10 days late (amount-weighted) in the last 12 months.
            Invoice("2026-03-01", "2026-04-01", 1_000, ("2026-04-11", 1_000)),
            Invoice("2026-06-15", "2026-07-06", 500), // expected 16 July → week 3
            Invoice("2026-06-01", "2026-06-20", 200), // expected 30 June, already passed → as-of date, week 1
            Invoice("2026-06-01", "2026-12-31", 300), // beyond 13 weeks → later
        };
        var report = CashForecast.Compute(invoices, [], new HashSet<Guid>(), "EUR", AsOf);
        report.Weeks.Count.ShouldBe(13);
        report.Weeks[0].Start.ShouldBe(D("2026-06-29"));
        report.Weeks[0].ExpectedMinor.ShouldBe(200_00);
        report.Weeks[2].ExpectedMinor.ShouldBe(500_00);
        report.LaterMinor.ShouldBe(300_00);
        CashForecast.AverageDaysLate(invoices, AsOf).ShouldBe(10m);
    }

    [Fact]
    public void Disputed_invoices_are_left_out_and_promises_move_amounts_to_their_date()
    {
        var disputedInvoice = Invoice("2026-06-01", "2026-07-01", 400);
        var invoices = new List<PortfolioInvoice> { disputedInvoice, Invoice("2026-05-01", "2026-06-01", 1_000) };
        var promises = new[] { new PendingPromise(CustomerId, "EUR", 600_00, D("2026-07-20")) };
        var report = CashForecast.Compute(invoices, promises, new HashSet<Guid> { disputedInvoice.Id }, "EUR", AsOf);
        report.DisputedMinor.ShouldBe(400_00);
        report.Weeks[3].ExpectedMinor.ShouldBe(600_00); // week of 20 July
        report.Weeks[0].ExpectedMinor.ShouldBe(400_00); // the rest, overdue, expected now
    }

    [Fact]
    public void Past_weeks_compare_the_forecast_then_with_payments_received()
    {
        var invoices = new List<PortfolioInvoice> { Invoice("2026-05-01", "2026-06-17", 1_000, ("2026-06-18", 600)) };
        var report = CashForecast.Compute(invoices, [], new HashSet<Guid>(), "EUR", AsOf, pastWeeks: 2);
        report.Past.Select(p => (p.Start, p.ForecastMinor, p.RealisedMinor)).ShouldBe([(D("2026-06-15"), 1_000_00L, 600_00L), (D("2026-06-22"), 400_00L, 0L)]);
    }

    // Week of 15 June (forecast made on Sunday 14 June) and week of 22 June (forecast on 21 June). The invoice of 1,000
    // is due on 17 June, no lateness history: without dispute it is expected in the week of 15 June.
    [Theory]
    [InlineData("2026-06-10", null, 0L)] // disputed since 10 June, still open: left out of the forecast of 14 June
    [InlineData("2026-06-16", null, 1_000_00L)] // opened after the forecast was made: counted then
    [InlineData("2026-06-01", "2026-06-12", 1_000_00L)] // closed before the week: counted then
    [InlineData("2026-06-01", "2026-06-20", 0L)] // in force on 14 June, closed since: still left out of that week
    public void Past_weeks_use_the_disputes_in_force_when_each_week_began(string opened, string? closed, long forecastWeekOf15June)
    {
        var invoice = Invoice("2026-05-01", "2026-06-17", 1_000);
        var disputes = new[] { new DisputePeriod(invoice.Id, D(opened), closed is null ? null : D(closed)) };
        var report = CashForecast.Compute([invoice], [], disputes, "EUR", AsOf, pastWeeks: 2);
        report.Past[0].Start.ShouldBe(D("2026-06-15"));
        report.Past[0].ForecastMinor.ShouldBe(forecastWeekOf15June);
    }

    [Fact]
    public void Past_weeks_use_the_promises_in_force_when_each_week_began()
    {
        // Due 10 June, 1,000 open. A promise of 600 for 24 June recorded on 12 June and kept on 24 June (paid then).
        var invoice = Invoice("2026-05-01", "2026-06-10", 1_000, ("2026-06-24", 600));
        var promise = new PendingPromise(CustomerId, "EUR", 600_00, D("2026-06-24"), D("2026-06-12"), D("2026-06-24"));
        var report = CashForecast.Compute([invoice], [promise], Array.Empty<DisputePeriod>(), "EUR", AsOf, pastWeeks: 3);
        // Week of 8 June (forecast on 7 June, before the promise): all 1,000 expected on the due date.
        report.Past[0].ForecastMinor.ShouldBe(1_000_00L);
        // Week of 15 June (forecast on 14 June): 600 moved to 24 June, the other 400 overdue, expected at once.
        report.Past[1].ForecastMinor.ShouldBe(400_00L);
        // Week of 22 June (forecast on 21 June): the promised 600 falls in it, and the 400 again; 600 came in.
        report.Past[2].ForecastMinor.ShouldBe(1_000_00L);
        report.Past[2].RealisedMinor.ShouldBe(600_00L);
        // Today the promise is kept and no longer in force: the 400 left is expected now.
        report.Weeks[0].ExpectedMinor.ShouldBe(400_00L);
    }

    [Fact]
    public void Empty_portfolio_forecasts_nothing() =>
        CashForecast.Compute([], [], new HashSet<Guid>(), "EUR", AsOf).Weeks.Sum(w => w.ExpectedMinor).ShouldBe(0);
}
