using Encaisse.Ledger;
using Encaisse.Reporting;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Reporting;

public sealed class KpiCalculatorTests
{
    private static KpiSet Single(IReadOnlyCollection<PortfolioInvoice> invoices, string asOf, IReadOnlyCollection<PromiseOutcome>? promises = null) =>
        KpiCalculator.FiguresOf(invoices, promises ?? [], D(asOf), KpiOptions.Default).Select(KpiSet.From).ShouldHaveSingleItem();

    [Fact]
    public void Example_3_as_a_ledger_gives_the_reference_dso_bpdso_and_add()
    {
        var kpis = Single(Example3(), "2026-06-30");
        kpis.ReceivablesMinor.ShouldBe(15_000_000);
        kpis.CurrentMinor.ShouldBe(8_000_000);
        kpis.DsoCountback.ShouldBe(73.0m);
        kpis.BestPossibleDso.ShouldBe(38.9m);
        kpis.AverageDaysDelinquent.ShouldBe(34.1m);
        kpis.DsoSimple.ShouldBe(75.8m);
        kpis.WindowSalesMinor.ShouldBe(18_000_000);
    }

    [Fact]
    public void Amount_weighted_days_late_matches_the_upflow_example()
    {
        // B.8: A 10,000 paid 5 days late, B 2,000 paid 40 days late, C 8,000 paid 2 days early → 5.7 days.
        var invoices = new List<PortfolioInvoice>
        {
            Invoice("2026-05-01", "2026-06-01", 10_000, ("2026-06-06", 10_000)),
            Invoice("2026-04-01", "2026-05-01", 2_000, ("2026-06-10", 2_000)),
            Invoice("2026-05-10", "2026-06-10", 8_000, ("2026-06-08", 8_000)),
        };
        Single(invoices, "2026-06-30").AverageDaysLate.ShouldBe(5.7m);
    }

    [Fact]
    public void Open_overdue_invoices_count_late_until_the_as_of_date()
    {
        var invoices = new List<PortfolioInvoice> { Invoice("2026-05-01", "2026-06-01", 1_000) };
        var kpis = Single(invoices, "2026-06-21");
        kpis.AverageDaysLate.ShouldBe(20m);
        kpis.OverdueRate.ShouldBe(100m);
    }

    [Fact]
    public void Recovery_rate_is_collected_over_what_was_open_at_the_start()
    {
        // Window Apr–Jun 2026 starts after 31 March: 100,000 open then, 85,000 received during the window.
        var invoices = new List<PortfolioInvoice>
        {
            Invoice("2026-03-01", "2026-03-31", 60_000, ("2026-04-20", 60_000)),
            Invoice("2026-03-15", "2026-04-15", 40_000, ("2026-05-20", 25_000)),
            Invoice("2026-05-01", "2026-06-01", 5_000, ("2026-06-01", 5_000)), // issued in the window: not recovered
        };
        Single(invoices, "2026-06-30").RecoveryRate.ShouldBe(85m);
    }

    [Fact]
    public void Promise_kept_rate_counts_promises_resolved_in_the_window()
    {
        var promises = new List<PromiseOutcome>
        {
            new(CustomerId, "EUR", D("2026-06-01"), true),
            new(CustomerId, "EUR", D("2026-05-01"), true),
            new(CustomerId, "EUR", D("2026-06-10"), false),
            new(CustomerId, "EUR", D("2026-01-10"), false), // before the window
        };
        Single(Example3(), "2026-06-30", promises).PromiseKeptRate.ShouldBe(66.7m);
    }

    [Fact]
    public void Empty_portfolio_has_no_kpi_set() =>
        KpiCalculator.Compute([], [], D("2026-06-30"), 12, KpiOptions.Default).ShouldBeEmpty();

    [Fact]
    public void Credit_notes_reduce_receivables_and_sales()
    {
        var invoices = Example3();
        invoices.Add(CreditNote("2026-06-20", 10_000));
        var kpis = Single(invoices, "2026-06-30");
        kpis.ReceivablesMinor.ShouldBe(14_000_000);
        kpis.WindowSalesMinor.ShouldBe(17_000_000);
        kpis.CurrentMinor.ShouldBe(8_000_000);
    }

    [Fact]
    public void Foreign_currency_gets_its_own_kpis_never_mixed()
    {
        var invoices = Example3();
        invoices.Add(Invoice("2026-06-01", "2026-07-01", 1_000) with { Currency = "USD" });
        var sets = KpiCalculator.FiguresOf(invoices, [], D("2026-06-30"), KpiOptions.Default).Select(KpiSet.From).ToList();
        sets.Select(s => s.Currency).ShouldBe(["EUR", "USD"]);
        sets[0].DsoCountback.ShouldBe(73.0m);
        sets[1].ReceivablesMinor.ShouldBe(100_000);
        sets[1].DsoCountback.ShouldBe(30m);
    }

    [Fact]
    public void Invoice_paid_before_issue_is_not_owed_and_counts_paid_on_issue_date()
    {
        var invoices = new List<PortfolioInvoice> { Invoice("2026-06-10", "2026-07-10", 1_000, ("2026-06-01", 1_000)) };
        KpiCalculator.FiguresOf(invoices, [], D("2026-06-05"), KpiOptions.Default).ShouldBeEmpty(); // not issued yet: nothing to show
        var kpis = Single(invoices, "2026-06-30");
        kpis.ReceivablesMinor.ShouldBe(0);
        kpis.AverageDaysLate.ShouldBe(-30m);
    }

    [Fact]
    public void Trend_has_one_point_per_month_end_ending_on_the_as_of_date()
    {
        var report = KpiCalculator.Compute(Example3(), [], D("2026-06-30"), 3, KpiOptions.Default).ShouldHaveSingleItem();
        report.Trend.Select(t => t.AsOf).ShouldBe([D("2026-04-30"), D("2026-05-31"), D("2026-06-30")]);
        report.Trend[^1].ShouldBe(report.Current);
    }

    [Fact]
    public void Months_ending_on_a_mid_month_date_start_with_the_partial_month()
    {
        var periods = KpiOptions.MonthsEndingOn(D("2026-03-15"), 2);
        periods.ShouldBe([new ReportPeriod(D("2026-03-01"), D("2026-03-15")), new ReportPeriod(D("2026-02-01"), D("2026-02-28"))]);
        periods[0].Days.ShouldBe(15);
    }

    [Fact]
    public void Cancelled_invoice_leaves_the_ledger_from_its_cancellation()
    {
        var invoice = Invoice("2026-06-01", "2026-07-01", 1_000) with { CancelledOn = D("2026-06-20") };
        invoice.OpenOn(D("2026-06-19")).ShouldBe(100_000);
        invoice.OpenOn(D("2026-06-20")).ShouldBe(0);
        invoice.Kind.ShouldBe(DocumentKind.Invoice);
    }
}
