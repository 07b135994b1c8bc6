using Encaisse.Dunning;
using Encaisse.Ledger;
using Shouldly;

namespace Encaisse.Tests.Dunning.Planning;

public class DunningPlannerTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Theory]
    [InlineData(-6, null)]
    [InlineData(-5, "step:1")]
    [InlineData(2, null)]      // overdue: the courtesy step no longer applies, the reminder starts at +3
    [InlineData(3, "step:2")]
    [InlineData(12, "step:2")] // catch-up after missed days, or a customer new to the plan: the first step that applies, never a later one
    [InlineData(25, "step:2")]
    [InlineData(50, "step:2")]
    public void The_first_message_is_the_first_step_that_applies(int daysFromDue, string? expected)
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 1200m);
        var decision = world.Decide(Due.AddDays(daysFromDue));
        decision.Actions.SingleOrDefault()?.StepKey.ShouldBe(expected);
        if (expected is null)
        {
            decision.Actions.ShouldBeEmpty();
            decision.NextCheckOn[world.CustomerId].ShouldBe(daysFromDue < -5 ? Due.AddDays(-5) : Due.AddDays(3));
        }
    }

    [Fact]
    public void After_an_outage_the_steps_follow_each_other_at_the_plans_spacing()
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1200m);
        // Nothing ran for seven weeks: the reminder first, then each later step at its distance from the one before.
        var sent = new List<(string Step, DateOnly On)>();
        for (var day = Due.AddDays(50); day <= Due.AddDays(120); day = day.AddDays(1))
        {
            if (world.Decide(day).Actions.SingleOrDefault() is { } action)
            {
                sent.Add((action.StepKey, day));
                world.History.Add(new(action.StepKey, action.StepNumber, action.Cycle, day, true, [f1.Id]));
            }
        }

        sent.ShouldBe([
            ("step:2", Due.AddDays(50)), ("step:3", Due.AddDays(57)), ("step:4", Due.AddDays(67)), ("step:5", Due.AddDays(77)),
            ("step:6", Due.AddDays(92)),
        ]);
    }

    [Fact]
    public void A_hand_off_waits_for_a_formal_notice_and_its_deadline()
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1200m);
        world.History.Add(new("step:4", 4, 1, Due.AddDays(20), true, [f1.Id]));
        // The formal notice (step 5) was rejected by the approver: not delivered, the hand-off may not follow.
        world.History.Add(new("step:5", 5, 1, Due.AddDays(30), false, [f1.Id]));
        var blocked = world.Decide(Due.AddDays(60));
        blocked.Actions.ShouldBeEmpty();
        blocked.Notes.ShouldContain(n => n.Reason == "step 6 (hand-off) needs a formal notice sent before it");

        world.History.RemoveAt(1);
        world.History.Add(new("step:5", 5, 1, Due.AddDays(50), true, [f1.Id]));
        var waiting = world.Decide(Due.AddDays(58));
        waiting.Actions.ShouldBeEmpty();
        waiting.Notes.ShouldContain(n => n.Reason.Contains("deadline", StringComparison.Ordinal) || n.Reason.Contains("follows step 5", StringComparison.Ordinal));
        world.Decide(Due.AddDays(65)).Actions.ShouldHaveSingleItem().StepKey.ShouldBe("step:6");
    }

    [Fact]
    public void Open_credits_that_cover_the_overdue_amount_stop_reminders()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 960m);
        world.Credits.Add(new CustomerCredit(Guid.NewGuid(), CreditKind.UnappliedPayment, "VIR-1", Due.AddDays(1), "EUR", 960_00));
        var decision = world.Decide(Due.AddDays(12));
        decision.Actions.ShouldBeEmpty();
        decision.Notes.ShouldContain(n => n.Reason == "open credit notes and unapplied payments cover what is open");

        world.Credits[0] = world.Credits[0] with { AvailableMinor = 120_00 };
        world.Decide(Due.AddDays(12)).Actions.ShouldHaveSingleItem().StepKey.ShouldBe("step:2");
    }

    [Theory]
    [InlineData("step:1", 12, "step:2")]  // the next step in order, not the one the invoice has reached
    [InlineData("step:2", 12, "step:3")]
    [InlineData("step:3", 12, null)]
    [InlineData("step:3", 25, "step:4")]
    [InlineData("step:5", 25, null)] // never goes back to a lower step within a cycle
    public void Steps_only_move_forward_within_a_cycle(string taken, int daysFromDue, string? expected)
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1200m);
        world.History.Add(new(taken, int.Parse(taken[5..], System.Globalization.CultureInfo.InvariantCulture), 1, Due, true, [f1.Id]));
        var actions = world.Decide(Due.AddDays(daysFromDue)).Actions;
        actions.SingleOrDefault()?.StepKey.ShouldBe(expected);
        actions.Count.ShouldBe(expected is null ? 0 : 1);
    }

    [Fact]
    public void Groups_a_customers_invoices_in_one_message_at_the_level_of_the_most_advanced()
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1000m);
        world.AddInvoice("F2", Due.AddDays(8), 500m);
        world.AddInvoice("F3", Due.AddDays(40), 300m); // not due for attention yet: not listed
        world.History.Add(new("step:2", 2, 1, Due.AddDays(3), true, [f1.Id]));
        var action = world.Decide(Due.AddDays(11)).Actions.ShouldHaveSingleItem();
        action.StepKey.ShouldBe("step:3");
        action.Level.ShouldBe(11);
        action.Items.Select(i => i.Item.Number).ShouldBe(["F1", "F2"]);
    }

    public static TheoryData<string, string> Pauses => new()
    {
        { "dispute", "open dispute" },
        { "factored", "factored invoice: the factor collects it" },
        { "insolvency", "insolvency procedure opened on 2026-03-20: no dunning" },
        { "hold", "manual hold: customer asked for a call first" },
        { "invoiceExclusion", "exclusion hold: litigation file" },
        { "promise", "promise to pay by 2026-04-01 (grace until 2026-04-04)" },
    };

    [Theory]
    [MemberData(nameof(Pauses))]
    public void Pauses_stop_dunning_with_a_reason(string pause, string reason)
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1000m);
        switch (pause)
        {
            case "dispute": world.Disputed.Add("F1"); break;
            case "factored": world.Factored.Add("F1"); break;
            case "insolvency": world.InsolvencyOpenedOn = new DateOnly(2026, 3, 20); break;
            case "hold": world.Holds.Add(new DunningHold { CustomerId = world.CustomerId, Kind = DunningHoldKind.Manual, Reason = "customer asked for a call first", From = Due }); break;
            case "invoiceExclusion": world.Holds.Add(new DunningHold { CustomerId = world.CustomerId, InvoiceId = f1.Id, Kind = DunningHoldKind.Exclusion, Reason = "litigation file", From = Due, Until = Due.AddDays(60) }); break;
            case "promise": world.Promises.Add(new PromiseToPay { CustomerId = world.CustomerId, AmountMinor = 100000, PromisedDate = new DateOnly(2026, 4, 1) }); break;
        }

        var decision = world.Decide(Due.AddDays(12));
        decision.Actions.ShouldBeEmpty();
        decision.Notes.Select(n => n.Reason).ShouldContain(reason);
    }

    [Fact]
    public void A_promise_past_its_grace_is_broken_and_dunning_resumes_at_once()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 1000m);
        var promise = new PromiseToPay { CustomerId = world.CustomerId, AmountMinor = 100000, PromisedDate = Due.AddDays(5) };
        world.Promises.Add(promise);
        var decision = world.Decide(Due.AddDays(9)); // promised +5, grace 3 → paused through +8
        decision.BrokenPromises.ShouldBe([promise.Id]);
        decision.Actions.ShouldHaveSingleItem().StepKey.ShouldBe("step:2");
    }

    [Fact]
    public void An_active_payment_plan_replaces_dunning_by_instalment_reminders()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 1000m);
        var plan = new PaymentPlan { CustomerId = world.CustomerId, Status = PaymentPlanStatus.Active, TotalMinor = 100000 };
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 1, DueDate = Due.AddDays(20), AmountMinor = 50000 });
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 2, DueDate = Due.AddDays(50), AmountMinor = 50000 });
        world.PaymentPlans.Add(plan);
        world.Decide(Due.AddDays(12)).Actions.ShouldBeEmpty();
        world.Decide(Due.AddDays(12)).NextCheckOn[world.CustomerId].ShouldBe(Due.AddDays(17));
        var reminder = world.Decide(Due.AddDays(17)).Actions.ShouldHaveSingleItem();
        reminder.StepKey.ShouldBe($"instalment:{plan.Id:N}:1");
        reminder.InstalmentAmountMinor.ShouldBe(50000);
    }

    [Fact]
    public void A_new_cycle_starts_when_nothing_dunned_in_the_current_one_is_still_open()
    {
        var world = new PlanningWorld();
        var old = Guid.NewGuid();
        world.History.Add(new("step:3", 3, 1, Due.AddDays(-60), true, [old]));
        world.AddInvoice("F9", Due, 800m);
        var action = world.Decide(Due.AddDays(3)).Actions.ShouldHaveSingleItem();
        action.Cycle.ShouldBe(2);
        action.StepKey.ShouldBe("step:2");
    }

    [Theory]
    [InlineData(null, 100000L, 20, "step:4")]
    [InlineData("B", 100000L, 20, null)]      // call step only for risk classes C-E: skipped, and the formal notice is not reached yet
    [InlineData("B", 100000L, 30, "step:5")]
    [InlineData("D", 100000L, 20, "step:4")]
    [InlineData("D", 10000L, 20, null)]       // below the minimum overdue amount of the call step
    public void Step_conditions_decide_which_steps_apply(string? riskClass, long amountMinor, int daysFromDue, string? expected)
    {
        var world = new PlanningWorld { RiskClass = riskClass };
        var call = world.Plan.Steps.Single(s => s.Number == 4);
        if (riskClass is not null)
        {
            call.OnlyForRiskClasses = "C,D,E";
            call.MinOverdueMinor = 50000;
        }

        var f1 = world.AddInvoice("F1", Due, Currencies.FromMinor(amountMinor, "EUR"));
        world.History.Add(new("step:3", 3, 1, Due.AddDays(10), true, [f1.Id]));
        world.Decide(Due.AddDays(daysFromDue)).Actions.SingleOrDefault()?.StepKey.ShouldBe(expected);
    }

    [Fact]
    public void A_step_waits_for_the_minimum_days_since_the_last_contact()
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1000m);
        world.Plan.Steps.Single(s => s.Number == 3).MinDaysSinceLastContact = 10;
        world.History.Add(new("step:2", 2, 1, Due.AddDays(5), true, [f1.Id]));
        var decision = world.Decide(Due.AddDays(10));
        decision.Actions.ShouldBeEmpty();
        decision.NextCheckOn[world.CustomerId].ShouldBe(Due.AddDays(15));
        world.Decide(Due.AddDays(15)).Actions.ShouldHaveSingleItem().StepKey.ShouldBe("step:3");
    }

    [Fact]
    public void Thanks_once_when_a_dunned_customer_has_paid_everything()
    {
        var world = new PlanningWorld { Settings = new(ThankYouMessages: true) };
        world.AddInvoice("F1", Due, 1000m);
        world.History.Add(new("step:2", 2, 1, Due.AddDays(3), true, [world.IdOf("F1")]));
        world.Payments.Add(("F1", Due.AddDays(6), 100000));
        world.Decide(Due.AddDays(7)).Actions.ShouldHaveSingleItem().StepKey.ShouldBe("thanks");
        world.History.Add(new("thanks", null, 1, Due.AddDays(7), true, []));
        world.Decide(Due.AddDays(8)).Actions.ShouldBeEmpty();
    }

    [Fact]
    public void Later_steps_wait_while_a_formal_notice_awaits_approval()
    {
        var world = new PlanningWorld();
        var f1 = world.AddInvoice("F1", Due, 1000m);
        world.History.Add(new("step:5", 5, 1, Due.AddDays(30), false, [f1.Id], AwaitingApproval: true));
        var decision = world.Decide(Due.AddDays(50));
        decision.Actions.ShouldBeEmpty();
        decision.Waiting.ShouldHaveSingleItem().StepKey.ShouldBe("step:5");
        world.Payments.Add(("F1", Due.AddDays(51), 100000));
        world.Decide(Due.AddDays(52)).Waiting.ShouldBeEmpty(); // paid: the runner cancels the waiting notice
    }
}
