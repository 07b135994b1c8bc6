using Encaisse.Reporting;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Reporting;

public sealed class CashForecastTests
{
    // Wednesday 1 July 2026: week 1 runs Monday 29 June – Sunday 5 July.
    private static readonly DateOnly AsOf = D("2026-07-01");

    [Fact]
    public void The_curve_counts_open_money_as_unpaid_so_far_and_nothing_more()
    {
        // On 1 July: 100 paid on its due date, 100 paid 10 days late, 100 still open 30 days after its due date.
        var invoices = new List<PortfolioInvoice>
        {
            Invoice("2026-04-01", "2026-05-01", 100, ("2026-05-01", 100)),
            Invoice("2026-04-01", "2026-05-01", 100, ("2026-05-11", 100)),
            Invoice("2026-05-01", "2026-06-01", 100),
        };
        var curve = PaymentCurve.Learn(invoices, AsOf);
        curve.UnpaidAfter(-1).ShouldBe(1.0);
        curve.UnpaidAfter(0).ShouldBe(2.0 / 3, 1e-9);
        curve.UnpaidAfter(10).ShouldBe(1.0 / 3, 1e-9);
        curve.UnpaidAfter(30).ShouldBe(1.0 / 3, 1e-9, "the open invoice is censored, not paid");
        curve.PaidBetween(5, 6, 12).ShouldBe(0.5, 1e-9);
        curve.PaidBetween(20, 21, 400).ShouldBe(0.0, "nothing this late was ever paid");
        curve.DocumentsSeenBeyond(5).ShouldBe(2);
        curve.DocumentsSeenBeyond(30).ShouldBe(0);
    }

    [Fact]
    public void A_curve_learnt_on_a_past_day_ignores_what_was_paid_after_it()
    {
        var invoice = Invoice("2026-04-01", "2026-05-01", 100, ("2026-06-20", 100));
        PaymentCurve.Learn([invoice], D("2026-06-10")).UnpaidAfter(60).ShouldBe(1.0);
        PaymentCurve.Learn([invoice], AsOf).UnpaidAfter(60).ShouldBe(0.0);
    }

    [Fact]
    public void An_invoice_long_overdue_is_expected_only_as_much_as_invoices_that_late_ever_paid()
    {
        // Everything in the history was paid within 20 days of its due date; one invoice is 600 days late.
        var invoices = Enumerable.Range(0, 10).Select(k => Invoice("2026-01-01", $"2026-0{1 + (k % 5)}-10", 100, ($"2026-0{1 + (k % 5)}-{12 + k}", 100))).ToList();
        invoices.Add(Invoice("2024-09-01", "2024-11-08", 5_000));
        var report = CashForecast.Compute(invoices, [], new HashSet<Guid>(), "EUR", AsOf);
        report.Weeks.Sum(w => w.ExpectedMinor).ShouldBe(0);
        report.LaterMinor.ShouldBe(5_000_00);
    }

    [Fact]
    public void A_not_yet_due_invoice_is_expected_when_the_customer_usually_pays()
    {
        // Ten invoices, each paid exactly 14 days after its due date: the open one due 6 July comes in the week of 20 July.
        var invoices = Enumerable.Range(0, 10).Select(k => Invoice("2026-01-01", $"2026-0{1 + (k % 5)}-0{1 + (k % 9)}", 100,
            ($"2026-0{1 + (k % 5)}-{15 + (k % 9):00}", 100))).ToList();
        invoices.Add(Invoice("2026-06-06", "2026-07-06", 1_000));
        var report = CashForecast.Compute(invoices, [], new HashSet<Guid>(), "EUR", AsOf);
        report.Weeks[3].Start.ShouldBe(D("2026-07-20"));
        report.Weeks[3].ExpectedMinor.ShouldBe(1_000_00);
        report.Weeks[3].Items.ShouldBe(1);
        report.LaterMinor.ShouldBe(0);
    }

    [Fact]
    public void A_new_customer_is_expected_like_the_portfolio()
    {
        // Other customers pay 14 days late; the new customer has no history of its own.
        var others = Enumerable.Range(0, 10).Select(k => Invoice("2026-01-01", $"2026-0{1 + (k % 5)}-0{1 + (k % 9)}", 100,
            ($"2026-0{1 + (k % 5)}-{15 + (k % 9):00}", 100)) with { CustomerId = Guid.NewGuid() }).ToList();
        var newcomer = Invoice("2026-06-06", "2026-07-06", 1_000);
        var report = CashForecast.Compute([.. others, newcomer], [], new HashSet<Guid>(), "EUR", AsOf);
        report.Weeks[3].ExpectedMinor.ShouldBe(1_000_00);
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
        // No history to learn from: the 400 left, overdue, is expected at once.
        report.Weeks[0].ExpectedMinor.ShouldBe(400_00);
    }

    [Fact]
    public void Past_weeks_compare_the_forecast_then_with_payments_received()
    {
        // Nine earlier invoices paid on their due date teach that money is paid when due; the tenth, due 17 June, had 600 paid the next day.
        var history = Enumerable.Range(1, 9).Select(k => Invoice("2026-03-01", $"2026-04-{k:00}", 100, ($"2026-04-{k:00}", 100))).ToList();
        var invoice = Invoice("2026-05-01", "2026-06-17", 1_000, ("2026-06-18", 600));
        var report = CashForecast.Compute([.. history, invoice], [], new HashSet<Guid>(), "EUR", AsOf, pastWeeks: 2);
        report.Past.Select(p => (p.Start, p.RealisedMinor)).ShouldBe([(D("2026-06-15"), 600_00L), (D("2026-06-22"), 0L)]);
        report.Past[0].ForecastMinor.ShouldBe(1_000_00L, "on 14 June, an invoice due on the 17th is expected that week");
        report.Past[1].ForecastMinor.ShouldBe(0L, "on 21 June, money 4 days late was never seen to pay");
    }

    [Fact]
    public void Past_weeks_already_forecast_keep_their_forecast_and_sum_what_came_in_again()
    {
        var history = Enumerable.Range(1, 9).Select(k => Invoice("2026-03-01", $"2026-04-{k:00}", 100, ($"2026-04-{k:00}", 100))).ToList();
        var invoice = Invoice("2026-05-01", "2026-06-17", 1_000, ("2026-06-18", 600));
        var fresh = CashForecast.Compute([.. history, invoice], [], Array.Empty<DisputePeriod>(), "EUR", AsOf, pastWeeks: 2);

        // The week of 15 June was forecast earlier (at 123): kept as given; the week of 22 June, not given, is forecast.
        var reused = CashForecast.Compute([.. history, invoice], [], Array.Empty<DisputePeriod>(), "EUR", AsOf, pastWeeks: 2,
            forecastBefore: new Dictionary<DateOnly, long> { [D("2026-06-15")] = 123_00 });
        reused.Past.Select(p => (p.Start, p.ForecastMinor, p.RealisedMinor)).ShouldBe(
            [(D("2026-06-15"), 123_00L, 600_00L), (D("2026-06-22"), fresh.Past[1].ForecastMinor, 0L)]);
        reused.Weeks.ShouldBe(fresh.Weeks);
        reused.LaterMinor.ShouldBe(fresh.LaterMinor);
    }

    [Fact]
    public void The_backtest_sums_the_weeks_and_measures_the_errors()
    {
        var past = new[]
        {
            new RealisedWeek(D("2026-06-01"), D("2026-06-07"), 100_00, 80_00),
            new RealisedWeek(D("2026-06-08"), D("2026-06-14"), 90_00, 100_00),
            new RealisedWeek(D("2026-06-15"), D("2026-06-21"), 110_00, 100_00),
        };
        var last2 = ForecastBacktest.Of(past, 2);
        last2.ShouldBe(new ForecastBacktest(2, 200_00, 200_00, 10_00, 0m));
        last2.WithinTarget.ShouldBeTrue();
        var all = ForecastBacktest.Of(past, 13);
        all.Weeks.ShouldBe(3);
        all.TotalErrorPercent.ShouldBe(7.1m); // 300 against 280
        all.MeanAbsoluteErrorMinor.ShouldBe(13_33);
        ForecastBacktest.Of([new RealisedWeek(D("2026-06-01"), D("2026-06-07"), 100_00, 0)], 8).WithinTarget.ShouldBeFalse();
    }

    // Week of 15 June (forecast made on Sunday 14 June) and week of 22 June (forecast on 21 June). The invoice of 1,000
    // is due on 17 June, no history to learn from: without dispute it is expected on its due date, in the week of 15 June.
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
