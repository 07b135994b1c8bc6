using Encaisse.Reporting;
using Encaisse.Risk;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Risk;

/// <summary>The pure credit-insurance rules: limit in force from the decision history, cover per invoice, deadlines, limit-cut alerts.</summary>
public sealed class CreditInsuranceTests
{
    private static readonly DateOnly AsOf = D("2026-06-30");
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    private static BuyerLimit Decision(LimitDecision decision, long amount, string on, string? reference = null, int order = 0) => new()
    {
        Insurer = "Allianz Trade", Decision = decision, AmountMinor = amount, StartsOn = D(on), DecisionReference = reference,
        CreatedAt = DateTimeOffset.UnixEpoch.AddMinutes(order),
    };

    private static readonly InsurancePolicy Policy = new()
    {
        Insurer = "Allianz Trade", DeclarationDays = 60, MaxCreditDays = 90, IndemnityPercent = 90m, Currency = "EUR",
    };

    [Fact]
    public void The_limit_in_force_is_the_latest_decision_taken_and_a_reduction_keeps_the_start_of_the_grant()
    {
        var history = new[]
        {
            Decision(LimitDecision.Requested, 50_000_00, "2026-01-02"),
            Decision(LimitDecision.Granted, 30_000_00, "2026-01-10", "G-1", 1),
            Decision(LimitDecision.Reduced, 10_000_00, "2026-05-01", "R-2", 2),
        };
        var current = CreditInsurance.Current(history, "EUR", AsOf).ShouldNotBeNull();
        current.AmountMinor.ShouldBe(10_000_00);
        current.Decision.DecisionReference.ShouldBe("R-2");
        current.CoverStartsOn.ShouldBe(D("2026-01-10"));

        // A request alone covers nothing; a decision not yet in effect is not in force; a withdrawal ends the cover.
        CreditInsurance.Current([history[0]], "EUR", AsOf).ShouldBeNull();
        CreditInsurance.Current(history, "EUR", D("2026-04-30"))!.AmountMinor.ShouldBe(30_000_00);
        CreditInsurance.Current([.. history, Decision(LimitDecision.Withdrawn, 0, "2026-06-01", "W-3", 3)], "EUR", AsOf).ShouldBeNull();
    }

    [Fact]
    public void Invoices_due_before_the_limit_started_or_beyond_it_are_uncovered_with_their_parts()
    {
        var history = new[] { Decision(LimitDecision.Granted, 1_000_00, "2026-03-01") };
        var cover = CreditInsurance.Cover(
            [
                new CoverItem(A, D("2026-01-15"), D("2026-02-14"), 400_00), // due before the limit started
                new CoverItem(B, D("2026-03-05"), D("2026-04-04"), 700_00),
                new CoverItem(C, D("2026-04-01"), D("2026-05-01"), 500_00), // 300 left under the limit
            ], history, Policy, "EUR", AsOf).ToDictionary(v => v.InvoiceId);

        cover[A].CoveredMinor.ShouldBe(0);
        cover[A].UncoveredReason.ShouldBe("before-limit");
        cover[B].CoveredMinor.ShouldBe(700_00);
        cover[B].UncoveredReason.ShouldBeNull();
        cover[C].CoveredMinor.ShouldBe(300_00);
        cover[C].UncoveredMinor.ShouldBe(200_00);
        cover[C].UncoveredReason.ShouldBe("over-limit");

        // Deadline = original due date + the policy's declaration days; stages at 30/15/7 days and missed.
        cover[B].DeclarationDeadline.ShouldBe(D("2026-06-03"));
        cover[B].Stage.ShouldBe(DeadlineStage.Missed);
        cover[C].DeclarationDeadline.ShouldBe(D("2026-06-30"));
        cover[C].Stage.ShouldBe(DeadlineStage.Within7);
        CreditInsurance.StageOf(8).ShouldBe(DeadlineStage.Within15);
        CreditInsurance.StageOf(16).ShouldBe(DeadlineStage.Within30);
        CreditInsurance.StageOf(31).ShouldBe(DeadlineStage.Later);
        CreditInsurance.Indemnity(1_000_00, Policy).ShouldBe(900_00);
    }

    [Fact]
    public void Without_a_named_limit_the_discretionary_limit_covers_and_a_withdrawal_covers_nothing()
    {
        var policy = new InsurancePolicy { Insurer = "Coface", DeclarationDays = 90, IndemnityPercent = 85m, DiscretionaryLimitMinor = 500_00, Currency = "EUR" };
        var items = new[] { new CoverItem(A, D("2026-05-01"), D("2026-05-31"), 800_00) };
        var cover = CreditInsurance.Cover(items, [], policy, "EUR", AsOf).Single();
        cover.CoveredMinor.ShouldBe(500_00);
        cover.UncoveredReason.ShouldBe("over-limit");

        var withdrawn = CreditInsurance.Cover(items, [Decision(LimitDecision.Granted, 1_000_00, "2026-01-01"), Decision(LimitDecision.Withdrawn, 0, "2026-06-01", order: 1)],
            policy, "EUR", AsOf).Single();
        withdrawn.CoveredMinor.ShouldBe(0);
        withdrawn.UncoveredReason.ShouldBe("withdrawn");
    }

    [Fact]
    public void A_reduction_asks_to_stop_deliveries_with_the_exposure_above_the_new_limit_and_deadline_alerts_name_covered_invoices_only()
    {
        var before = Invoice("2025-12-01", "2025-12-31", 300);
        var covered = Invoice("2026-04-01", "2026-05-10", 600);
        var position = new CustomerPosition(CustomerId, "411C1", new Exposure("EUR", 900_00, 250_00), null,
            [Decision(LimitDecision.Granted, 2_000_00, "2026-01-01", "G-1"), Decision(LimitDecision.Reduced, 500_00, "2026-06-15", "R-7", 1)],
            [before, covered])
        {
            Policy = Policy,
            InvoiceNumbers = new Dictionary<Guid, string> { [before.Id] = "FA-OLD", [covered.Id] = "FA-NEW" },
        };
        var alerts = RiskAlerts.Evaluate(position, AsOf);

        var cut = alerts.Single(a => a.Kind == "risk.insured-limit-cut");
        cut.Severity.ShouldBe(AlertSeverity.Critical);
        // Exposure 900 invoiced + 250 ordered, new limit 500: 650 above it.
        cut.Message.ShouldBe("411C1: Allianz Trade reduced the limit to 500.00 EUR on 2026-06-15 (decision R-7): stop deliveries or ask a deposit; "
            + "exposure above the new limit 650.00 EUR (orders not invoiced included)");

        var exceeded = alerts.Single(a => a.Kind == "risk.insured-limit-exceeded");
        exceeded.Message.ShouldContain("FA-OLD (300.00 EUR, due before the limit started)");
        exceeded.Message.ShouldContain("FA-NEW (100.00 EUR)");

        // FA-OLD was due before the limit started: not covered, nothing to declare. FA-NEW: deadline 2026-07-09, 9 days left.
        var due = alerts.Where(a => a.Kind == "risk.insurer-declaration-due").ShouldHaveSingleItem();
        due.Message.ShouldBe("411C1: declare invoice FA-NEW (600.00 EUR open) to Allianz Trade by 2026-07-09 (9 days left)");

        // Declared: no deadline alert any more.
        RiskAlerts.Evaluate(position with { Declared = new HashSet<Guid> { covered.Id } }, AsOf).ShouldNotContain(a => a.Kind == "risk.insurer-declaration-due");
    }
}
