using System.Globalization;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Shouldly;

namespace Encaisse.Tests.Legal;

public sealed class PenaltyCalculatorTests
{
    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static PenaltyResult Run(decimal amount, string due, string paid, decimal? rate = null,
        HalfYearRatePolicy policy = HalfYearRatePolicy.Split, DayCountBasis basis = DayCountBasis.Days365, params (string Date, decimal Amount)[] payments) =>
        PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = amount,
            DueDate = D(due),
            PaidOn = D(paid),
            Payments = payments.Select(p => new PartialPayment(D(p.Date), p.Amount)).ToList(),
            Terms = new PenaltyTerms { ContractualRate = rate, Policy = policy, Basis = basis },
        }, RateTable.Embedded);

    // Worked examples of french-law.md and the boundaries the issue lists: amount, due, paid, contractual rate,
    // policy, basis → days late, interest.
    [Theory]
    [InlineData("§1.3 [17]: €15,000 at 15 %, 30 days", 15000, "2018-04-15", "2018-05-15", 15.0, "split", "365", 30, 184.93)]
    [InlineData("§1.3 (a): split per half-year", 10000, "2025-06-15", "2025-07-15", null, "split", "365", 30, 103.97)]
    [InlineData("§1.3 (b): rate of the first half-year", 10000, "2025-06-15", "2025-07-15", null, "start", "365", 30, 108.08)]
    [InlineData("H1/H2 boundary: one day in 2023H2", 10000, "2023-06-30", "2023-07-01", null, "split", "365", 1, 3.84)]
    [InlineData("H2/H1 boundary over new year", 10000, "2022-12-30", "2023-01-02", null, "split", "365", 3, 9.59)]
    [InlineData("leap year, 365 basis", 10000, "2024-02-28", "2024-03-01", null, "split", "365", 2, 7.95)]
    [InlineData("leap year, actual basis", 10000, "2024-02-28", "2024-03-01", null, "split", "actual", 2, 7.92)]
    [InlineData("2024H1 default rate despite the higher floor", 10000, "2024-01-31", "2024-03-01", null, "split", "365", 30, 119.18)]
    [InlineData("contractual rate above the 2024H2 floor", 10000, "2024-09-30", "2024-10-30", 15.0, "split", "365", 30, 123.29)]
    [InlineData("zero days late", 10000, "2025-06-15", "2025-06-15", null, "split", "365", 0, 0)]
    [InlineData("paid before the due date", 10000, "2025-06-15", "2025-06-01", null, "split", "365", 0, 0)]
    [InlineData("whole of 2016 at 10.05 then 10.00", 1000, "2015-12-31", "2016-12-31", null, "split", "365", 366, 100.52)]
    public void Worked_examples(string name, double amount, string due, string paid, double? rate, string policy, string basis, int days, double interest)
    {
        _ = name;
        var result = Run((decimal)amount, due, paid, (decimal?)rate,
            policy == "start" ? HalfYearRatePolicy.Start : HalfYearRatePolicy.Split,
            basis == "actual" ? DayCountBasis.Actual : DayCountBasis.Days365);
        result.DaysLate.ShouldBe(days);
        result.Interest.ShouldBe((decimal)interest);
        result.Indemnity.ShouldBe(days > 0 ? 40m : 0m);
        result.Periods.Sum(p => p.Days).ShouldBe(days);
        result.Total.ShouldBe(result.Interest + result.Indemnity);
    }

    [Fact]
    public void Split_example_shows_one_period_per_half_year()
    {
        var result = Run(10000m, "2025-06-15", "2025-07-15");
        result.Periods.ShouldBe([
            new PenaltyPeriod(D("2025-06-16"), D("2025-06-30"), 15, 13.15m, 10000m, 54.04m),
            new PenaltyPeriod(D("2025-07-01"), D("2025-07-15"), 15, 12.15m, 10000m, 49.93m),
        ]);
        result.Total.ShouldBe(143.97m);
    }

    [Fact]
    public void Partial_payments_reduce_the_base_from_the_day_after_they_arrive()
    {
        var result = Run(10000m, "2025-06-15", "2025-07-15", payments: [("2025-07-01", 4000m)]);
        result.Periods.ShouldBe([
            new PenaltyPeriod(D("2025-06-16"), D("2025-06-30"), 15, 13.15m, 10000m, 54.04m),
            new PenaltyPeriod(D("2025-07-01"), D("2025-07-01"), 1, 12.15m, 10000m, 3.33m),
            new PenaltyPeriod(D("2025-07-02"), D("2025-07-15"), 14, 12.15m, 6000m, 27.96m),
        ]);
        result.Interest.ShouldBe(85.33m);
        result.DaysLate.ShouldBe(30);
    }

    [Fact]
    public void Payments_that_settle_the_claim_end_the_lateness()
    {
        var result = Run(1000m, "2025-03-31", "2025-05-31", payments: [("2025-04-10", 600m), ("2025-04-20", 400m)]);
        result.DaysLate.ShouldBe(20);
        result.Periods.Select(p => p.Base).ShouldBe([1000m, 400m]);
        result.Indemnity.ShouldBe(40m);
    }

    [Fact]
    public void A_partial_payment_before_the_due_date_lowers_the_whole_base_but_keeps_the_indemnity()
    {
        var result = Run(1000m, "2025-03-31", "2025-04-30", payments: [("2025-03-15", 900m)]);
        result.Periods.ShouldHaveSingleItem().Base.ShouldBe(100m);
        result.Indemnity.ShouldBe(40m);
    }

    [Fact]
    public void Consumer_debt_bears_legal_interest_from_the_notice_and_no_indemnity()
    {
        // french-law.md §8: €2,000, notice received 1 Mar 2025, paid 30 Apr 2025, 60 days at 3.71 % → €12.20.
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 2000m,
            DueDate = D("2025-01-31"),
            PaidOn = D("2025-04-30"),
            Debtor = DebtorKind.Consumer,
            NoticeDate = D("2025-03-01"),
            JustifiedRecoveryCosts = 150m,
        }, RateTable.Embedded);
        result.Interest.ShouldBe(12.20m);
        result.Periods.ShouldHaveSingleItem().ShouldBe(new PenaltyPeriod(D("2025-03-02"), D("2025-04-30"), 60, 3.71m, 2000m, 12.20m));
        result.Indemnity.ShouldBe(0m);
        result.SupplementaryIndemnity.ShouldBe(0m);
        result.DaysLate.ShouldBe(89);
        result.Warnings.ShouldContain(LegalNote.Of(LegalNote.ConsumerCosts));
    }

    [Fact]
    public void Consumer_debt_of_a_natural_person_creditor_uses_the_personal_rate()
    {
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 2000m,
            DueDate = D("2025-01-31"),
            PaidOn = D("2025-04-30"),
            Debtor = DebtorKind.Consumer,
            NoticeDate = D("2025-03-01"),
            Terms = new PenaltyTerms { CreditorIsNaturalPerson = true },
        }, RateTable.Embedded);
        result.Periods.ShouldHaveSingleItem().AnnualRate.ShouldBe(7.21m);
    }

    [Fact]
    public void Consumer_debt_without_notice_bears_no_interest()
    {
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 2000m,
            DueDate = D("2025-01-31"),
            PaidOn = D("2025-04-30"),
            Debtor = DebtorKind.Consumer,
        }, RateTable.Embedded);
        result.Interest.ShouldBe(0m);
        result.Total.ShouldBe(0m);
        result.Warnings.ShouldContain(LegalNote.Of(LegalNote.ConsumerNotice));
    }

    [Theory]
    [InlineData("2024-01-31", "2024-03-01", 14.50, "first half of 2024", "15.21")]
    [InlineData("2024-09-30", "2024-10-30", 14.50, "second half of 2024", "14.76")]
    [InlineData("2023-12-15", "2024-01-15", 13.00, "first half of 2024", "15.21")]
    public void Contractual_rates_below_three_times_the_legal_rate_are_refused(string due, string paid, double rate, string halfYear, string floor)
    {
        var error = Should.Throw<PenaltyInputException>(() => Run(10000m, due, paid, (decimal)rate));
        error.Error.Code.ShouldBe(PenaltyErrors.RateBelowFloor);
        error.Message.ShouldContain(halfYear);
        error.Message.ShouldContain(floor);
    }

    [Fact]
    public void The_2024_paradox_is_surfaced_when_the_default_rate_applies()
    {
        var result = Run(10000m, "2024-01-31", "2024-03-01");
        result.Periods.ShouldHaveSingleItem().AnnualRate.ShouldBe(14.50m);
        result.Warnings.ShouldContain(w => w.Code == LegalNote.FloorAboveDefault && (decimal)w.Data["floor"]! == 15.21m && (HalfYear)w.Data["half"]! == new HalfYear(2024, 1));
    }

    [Fact]
    public void A_half_year_not_published_yet_uses_the_latest_rates_and_says_so()
    {
        // 2026H2 is not in the shipped table: the computation goes on at 2026H1's rate, provisionally, and warns.
        var provisional = Run(10000m, "2026-06-15", "2026-07-15");
        provisional.Periods.Select(p => p.AnnualRate).ShouldBe([12.15m, 12.15m]);
        provisional.Warnings.ShouldContain(PenaltyCalculator.ProvisionalRateWarning(new HalfYear(2026, 2), new HalfYear(2026, 1)));
        var withOverride = PenaltyCalculator.Compute(new PenaltyRequest { Amount = 10000m, DueDate = D("2026-06-15"), PaidOn = D("2026-07-15") },
            RateTable.Embedded.With([new ReferenceRate(new HalfYear(2026, 2), 2.00m, 6.5m, 2.5m)]));
        withOverride.Periods.Select(p => p.AnnualRate).ShouldBe([12.15m, 12.00m]);
        withOverride.Warnings.ShouldNotContain(w => w.Code == LegalNote.ProvisionalRates);
        // A half-year before the table is still an error naming it.
        var error = Should.Throw<MissingRateException>(() => Run(10000m, "1998-06-15", "1998-07-15"));
        error.Message.ShouldContain("1998H1");
    }

    [Fact]
    public void The_start_policy_needs_only_the_starting_half_year()
    {
        var result = Run(10000m, "2026-06-15", "2026-07-15", policy: HalfYearRatePolicy.Start);
        result.Periods.ShouldHaveSingleItem().AnnualRate.ShouldBe(12.15m);
    }

    [Fact]
    public void Insolvency_stops_interest_and_the_indemnity_when_it_forbids_payment_at_the_due_date()
    {
        var opened = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 10000m,
            DueDate = D("2025-06-15"),
            AsOf = D("2025-09-30"),
            InsolvencyOpenedOn = D("2025-06-10"),
        }, RateTable.Embedded);
        opened.Interest.ShouldBe(0m);
        opened.Indemnity.ShouldBe(0m);

        var afterDue = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 10000m,
            DueDate = D("2025-06-15"),
            AsOf = D("2025-09-30"),
            InsolvencyOpenedOn = D("2025-07-01"),
        }, RateTable.Embedded);
        afterDue.Periods.ShouldHaveSingleItem().To.ShouldBe(D("2025-06-30"));
        afterDue.Interest.ShouldBe(54.04m);
        afterDue.Indemnity.ShouldBe(40m);
    }

    [Fact]
    public void Justified_costs_above_forty_euros_give_a_supplementary_indemnity()
    {
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 10000m,
            DueDate = D("2025-06-15"),
            PaidOn = D("2025-07-15"),
            JustifiedRecoveryCosts = 240m,
        }, RateTable.Embedded);
        result.SupplementaryIndemnity.ShouldBe(200m);
        result.Total.ShouldBe(103.97m + 40m + 200m);
    }

    [Theory]
    [InlineData(-5, "2025-06-15", "positive", PenaltyErrors.AmountNotPositive, "Le montant doit être positif.")]
    [InlineData(100, "2025-07-20", "after the end", PenaltyErrors.PaymentAfterEnd, "Un paiement partiel du 20/07/2025 est postérieur à la fin du calcul (15/07/2025).")]
    public void Bad_input_is_refused_with_a_reason(double amount, string paymentDate, string reason, string code, string french)
    {
        var error = Should.Throw<PenaltyInputException>(() => Run((decimal)amount, "2025-06-15", "2025-07-15", payments: [(paymentDate, 10m)]));
        error.Message.ShouldContain(reason);
        error.Error.Code.ShouldBe(code);
        error.Error.Message("fr").ShouldBe(french);
    }
}

public sealed class ContractualRatePeriodTests
{
    [Fact]
    public void A_contractual_rate_gives_one_period_across_half_years()
    {
        var result = PenaltyCalculator.Compute(new PenaltyRequest
        {
            Amount = 10000m,
            DueDate = new DateOnly(2025, 6, 15),
            PaidOn = new DateOnly(2025, 7, 15),
            Terms = new PenaltyTerms { ContractualRate = 16m },
        }, RateTable.Embedded);
        result.Periods.ShouldHaveSingleItem().Days.ShouldBe(30);
        result.Interest.ShouldBe(131.51m);
    }
}
