using Encaisse.Dunning;
using Encaisse.Dunning.Promises;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class PromiseEvaluationTests
{
    private static readonly DateOnly Recorded = new(2026, 3, 2);
    private static readonly DateOnly Promised = new(2026, 3, 10);

    /// <summary>Promise of 1 000.00 recorded 2 March for 10 March, grace 3 days (last day 13 March).</summary>
    /// <param name="payments">"day:amountMinor[:currency]" separated by spaces; days in March 2026.</param>
    [Theory]
    [InlineData("", 9, "Pending", 0, null)]
    [InlineData("", 13, "Pending", 0, null)]
    [InlineData("", 14, "Broken", 0, 14)]
    [InlineData("10:100000", 14, "Kept", 100000, 10)]
    [InlineData("10:100000", 10, "Kept", 100000, 10)]
    [InlineData("5:40000 12:60000", 20, "Kept", 100000, 12)]
    [InlineData("5:40000 13:60000", 20, "Kept", 100000, 13)]
    [InlineData("5:40000 14:60000", 20, "Broken", 40000, 14)]
    [InlineData("1:100000", 20, "Broken", 0, 14)]
    [InlineData("2:100000", 20, "Kept", 100000, 2)]
    [InlineData("10:150000", 20, "Kept", 100000, 10)]
    [InlineData("10:99999", 20, "Broken", 99999, 14)]
    [InlineData("10:100000:USD", 20, "Broken", 0, 14)]
    [InlineData("12:100000", 11, "Pending", 0, null)]
    public void Kept_when_payments_in_the_window_cover_the_amount_broken_after_the_grace_days(
        string payments, int asOfDay, string expected, long paid, int? resolvedDay)
    {
        var promise = new PromiseToPay { AmountMinor = 100000, Currency = "EUR", PromisedDate = Promised, RecordedOn = Recorded };
        var received = payments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var parts = p.Split(':');
            return new ReceivedPayment(new DateOnly(2026, 3, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)),
                long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 2 ? parts[2] : "EUR");
        }).ToList();

        var outcome = PromiseEvaluation.Evaluate(promise, received, graceDays: 3, new DateOnly(2026, 3, asOfDay));

        outcome.Status.ShouldBe(Enum.Parse<PromiseStatus>(expected));
        outcome.PaidMinor.ShouldBe(paid);
        outcome.ResolvedOn.ShouldBe(resolvedDay is { } d ? new DateOnly(2026, 3, d) : null);
        outcome.GraceEnd.ShouldBe(new DateOnly(2026, 3, 13));
    }

    [Theory]
    [InlineData(0, 11, "Broken")]
    [InlineData(0, 10, "Pending")]
    [InlineData(7, 17, "Pending")]
    [InlineData(7, 18, "Broken")]
    public void Grace_days_move_the_breaking_day(int grace, int asOfDay, string expected)
    {
        var promise = new PromiseToPay { AmountMinor = 1, PromisedDate = Promised, RecordedOn = Recorded };
        PromiseEvaluation.Evaluate(promise, [], grace, new DateOnly(2026, 3, asOfDay)).Status.ShouldBe(Enum.Parse<PromiseStatus>(expected));
    }

    [Fact]
    public void A_payment_counts_once_across_a_customers_promises_earliest_promised_first()
    {
        var first = new PromiseToPay { AmountMinor = 60000, PromisedDate = Promised, RecordedOn = Recorded };
        var second = new PromiseToPay { AmountMinor = 60000, PromisedDate = Promised.AddDays(10), RecordedOn = Recorded };
        var payments = new[] { new ReceivedPayment(Promised, 100000, "EUR") };

        var outcomes = PromiseEvaluation.EvaluateAll([second, first], payments, 3, Promised.AddDays(12));

        outcomes.Single(o => o.Promise == first).Outcome.Status.ShouldBe(PromiseStatus.Kept);
        var later = outcomes.Single(o => o.Promise == second).Outcome;
        later.Status.ShouldBe(PromiseStatus.Pending);
        later.PaidMinor.ShouldBe(40000);
        PromiseEvaluation.EvaluateAll([second, first], [.. payments, new ReceivedPayment(Promised.AddDays(12), 20000, "EUR")], 3, Promised.AddDays(20))
            .Single(o => o.Promise == second).Outcome.ResolvedOn.ShouldBe(Promised.AddDays(12));
    }

    [Fact]
    public void A_cancelled_promise_stays_cancelled()
    {
        var promise = new PromiseToPay { AmountMinor = 1, PromisedDate = Promised, RecordedOn = Recorded, Status = PromiseStatus.Cancelled };
        PromiseEvaluation.Evaluate(promise, [new ReceivedPayment(Promised, 5, "EUR")], 3, Promised.AddDays(30)).Status.ShouldBe(PromiseStatus.Cancelled);
    }
}
