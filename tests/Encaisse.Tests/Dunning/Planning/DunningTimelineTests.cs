using Encaisse.Dunning;
using Shouldly;

namespace Encaisse.Tests.Dunning.Planning;

/// <summary>Customer stories over 120 days, the planner asked every day and its answers fed back as history.</summary>
public class DunningTimelineTests
{
    private static readonly DateOnly Start = new(2026, 3, 1);
    private static readonly DateOnly Due = new(2026, 3, 16);

    [Fact]
    public void Pays_after_the_first_reminder()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 1200m);
        world.Payments.Add(("F1", new DateOnly(2026, 3, 21), 120000));
        world.Simulate(Start, 120).ShouldBe([
            "2026-03-11 step:1 c1 email [F1]",
            "2026-03-19 step:2 c1 email [F1]",
        ]);
    }

    [Fact]
    public void Disputes_one_invoice_the_other_is_dunned_on_its_own()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 1000m);
        world.AddInvoice("F2", Due.AddDays(10), 500m);
        var log = world.Simulate(Start, 120, day =>
        {
            if (day == new DateOnly(2026, 3, 20))
            {
                world.Disputed.Add("F1");
            }
        });
        log.ShouldBe([
            "2026-03-11 step:1 c1 email [F1]",
            "2026-03-19 step:2 c1 email [F1]",
            // F1 disputed on 03-20: nothing dunned in cycle 1 is dunnable any more, F2 starts cycle 2 from its courtesy step.
            "2026-03-21 step:1 c2 email [F2]",
            "2026-03-29 step:2 c2 email [F2]",
            "2026-04-05 step:3 c2 email [F2]",
            "2026-04-15 step:4 c2 call [F2]",
            "2026-04-25 step:5 c2 letter [F2]",
            "2026-05-10 step:6 c2 task [F2]",
        ]);
    }

    [Fact]
    public void Promises_then_breaks_the_promise()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 2000m);
        var log = world.Simulate(Start, 120, day =>
        {
            if (day == new DateOnly(2026, 3, 24))
            {
                world.Promises.Add(new PromiseToPay { CustomerId = world.CustomerId, AmountMinor = 200000, PromisedDate = new DateOnly(2026, 4, 3) });
            }
        });
        log.ShouldBe([
            "2026-03-11 step:1 c1 email [F1]",
            "2026-03-19 step:2 c1 email [F1]",
            // paused 03-24 .. 04-06 (promised 04-03 + 3 days grace); after the pause the sequence resumes where it stood: the firm
            // e-mail first, then each later step at the plan's distance from the one before (never straight to the call).
            "2026-04-07 promise broken",
            "2026-04-07 step:3 c1 email [F1]",
            "2026-04-17 step:4 c1 call [F1]",
            "2026-04-27 step:5 c1 letter [F1]",
            "2026-05-12 step:6 c1 task [F1]",
        ]);
    }

    [Fact]
    public void Goes_into_receivership()
    {
        var world = new PlanningWorld();
        world.AddInvoice("F1", Due, 5000m);
        world.AddInvoice("F2", Due.AddDays(14), 700m);
        var log = world.Simulate(Start, 120, day =>
        {
            if (day == new DateOnly(2026, 4, 1))
            {
                world.InsolvencyOpenedOn = day;
            }
        });
        log.ShouldBe([
            "2026-03-11 step:1 c1 email [F1]",
            "2026-03-19 step:2 c1 email [F1]",
            "2026-03-26 step:3 c1 email [F1,F2]",
        ]);
    }

    [Fact]
    public void Consumer_plan_is_softer_and_later()
    {
        var world = new PlanningWorld(Encaisse.Ledger.CustomerKind.Consumer);
        world.AddInvoice("P1", Due, 89.90m);
        world.Simulate(Start, 120).ShouldBe([
            "2026-03-13 step:1 c1 email [P1]",
            "2026-03-23 step:2 c1 email [P1]",
            "2026-03-31 step:3 c1 letter [P1]",
            "2026-04-10 step:4 c1 call [P1]",
            "2026-04-25 step:5 c1 letter [P1]",
            "2026-05-15 step:6 c1 task [P1]",
        ]);
    }
}
