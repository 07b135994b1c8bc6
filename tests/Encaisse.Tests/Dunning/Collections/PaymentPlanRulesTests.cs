using Encaisse.Dunning;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Promises;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class PaymentPlanRulesTests
{
    private static readonly DateOnly Today = new(2026, 5, 4);

    private static readonly CollectionsPolicy Rules = new()
    {
        AutoAcceptPlans = true, MaxInstalments = 4, MaxDurationDays = 120, MinFirstInstalmentPercent = 20,
        MaxAutoAcceptMinor = 500000, MaxDaysToFirstInstalment = 30,
    };

    /// <param name="schedule">"offsetDays:amountMinor" separated by spaces (offset from today).</param>
    [Theory]
    [InlineData(300000, "10:100000 40:100000 70:100000", true, "")]
    [InlineData(500000, "10:125000 40:125000 70:125000 100:125000", true, "")]
    [InlineData(500001, "10:125001 40:125000 70:125000 100:125000", false, "above the automatic limit")]
    [InlineData(500000, "10:100000 30:100000 50:100000 70:100000 90:100000", false, "5 instalments requested; at most 4")]
    [InlineData(300000, "10:100000 60:100000 121:100000", false, "lasts 121 days; at most 120")]
    [InlineData(300000, "10:100000 60:100000 120:100000", true, "")]
    [InlineData(300000, "31:100000 60:100000 90:100000", false, "first instalment is 31 days away")]
    [InlineData(300000, "10:59999 60:120001 90:120000", false, "below 20% of the total")]
    [InlineData(300000, "10:60000 60:120000 90:120000", true, "")]
    [InlineData(100000, "0:100000", true, "")]
    public void Customer_requests_are_accepted_only_within_every_rule(long total, string schedule, bool accepted, string reason)
    {
        var instalments = schedule.Split(' ').Select(s => s.Split(':'))
            .Select(p => new PlannedInstalment(Today.AddDays(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture)), long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        PaymentPlanSchedule.Validate(total, instalments, Today).ShouldBeEmpty();

        var decision = PaymentPlanAcceptance.Decide(total, instalments, Rules, Today);

        decision.Accepted.ShouldBe(accepted);
        if (accepted)
        {
            decision.Reasons.ShouldBeEmpty();
        }
        else
        {
            decision.Reasons.ShouldContain(r => r.Contains(reason, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Switched_off_automatic_acceptance_always_sends_to_review()
    {
        var rules = new CollectionsPolicy { AutoAcceptPlans = false };
        PaymentPlanAcceptance.Decide(1000, [new PlannedInstalment(Today, 1000)], rules, Today).Accepted.ShouldBeFalse();
    }

    [Theory]
    [InlineData("5:100 10:200", 300, "")]
    [InlineData("5:100 10:200", 301, "instalments")]
    [InlineData("5:100 5:200", 300, "instalments[1].dueDate")]
    [InlineData("-1:100 10:200", 300, "instalments[0].dueDate")]
    [InlineData("5:0 10:300", 300, "instalments[0].amount")]
    [InlineData("", 300, "instalments")]
    [InlineData("5:0", 0, "total")]
    public void Schedules_must_be_positive_increasing_future_and_sum_to_the_total(string schedule, long total, string field)
    {
        var instalments = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split(':'))
            .Select(p => new PlannedInstalment(Today.AddDays(int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture)), long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var errors = PaymentPlanSchedule.Validate(total, instalments, Today);
        if (field.Length == 0)
        {
            errors.ShouldBeEmpty();
        }
        else
        {
            errors.Select(e => e.Field).ShouldContain(field);
        }
    }

    [Theory]
    [InlineData(100000, 3, new long[] { 33334, 33333, 33333 })]
    [InlineData(90000, 3, new long[] { 30000, 30000, 30000 })]
    [InlineData(5, 2, new long[] { 3, 2 })]
    public void Equal_instalments_sum_exactly(long total, int count, long[] expected)
    {
        var schedule = PaymentPlanSchedule.Equal(total, count, new DateOnly(2026, 1, 31));
        schedule.Select(s => s.AmountMinor).ShouldBe(expected);
        schedule.Select(s => s.DueDate).ShouldBe(Enumerable.Range(0, count).Select(i => new DateOnly(2026, 1, 31).AddMonths(i)));
    }

    /// <summary>Plan agreed 1 June 2026: 300.00 on 10 June, 300.00 on 10 July; grace 5 days (deadlines 15 June, 15 July).</summary>
    [Theory]
    [InlineData("", "6-15", "Active", "Late,Upcoming")]
    [InlineData("", "6-16", "Defaulted", "Defaulted,Upcoming")]
    [InlineData("6-10:30000", "6-20", "Active", "Paid,Upcoming")]
    [InlineData("6-10:30000 7-12:30000", "7-20", "Completed", "Paid,Paid")]
    [InlineData("6-10:60000", "6-20", "Completed", "Paid,Paid")]
    [InlineData("6-10:30000 7-16:30000", "7-31", "Defaulted", "Paid,Paid")]
    [InlineData("6-10:30000 7-15:29999", "7-31", "Defaulted", "Paid,Defaulted")]
    [InlineData("5-31:60000", "6-20", "Defaulted", "Defaulted,Upcoming")]
    [InlineData("6-12:20000 6-14:10000", "6-20", "Active", "Paid,Upcoming")]
    public void Instalments_are_tracked_from_payments(string payments, string asOfMonthDay, string status, string states)
    {
        var plan = new PaymentPlan { Status = PaymentPlanStatus.Active, Currency = "EUR", AgreedOn = new DateOnly(2026, 6, 1), TotalMinor = 60000 };
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 1, DueDate = new DateOnly(2026, 6, 10), AmountMinor = 30000 });
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 2, DueDate = new DateOnly(2026, 7, 10), AmountMinor = 30000 });
        var received = payments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var parts = p.Split(':');
            return new ReceivedPayment(Day(parts[0]), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), "EUR");
        }).ToList();
        var asOf = Day(asOfMonthDay);

        var progress = PaymentPlanProgress.Evaluate(plan, received, graceDays: 5, asOf);

        progress.Status.ShouldBe(Enum.Parse<PaymentPlanStatus>(status));
        string.Join(",", progress.Instalments.Select(i => i.State)).ShouldBe(states);
    }

    private static DateOnly Day(string monthDay)
    {
        var md = monthDay.Split('-');
        return new DateOnly(2026, int.Parse(md[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(md[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
