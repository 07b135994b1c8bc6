using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Shouldly;

namespace Encaisse.Tests.Dunning.Collections;

public sealed class DunningPausesTests
{
    private static readonly Guid InvoiceA = Guid.CreateVersion7();
    private static readonly Guid InvoiceB = Guid.CreateVersion7();
    private static readonly DateOnly D = new(2026, 4, 15);

    private static DunningPauseState Evaluate(DateOnly asOf, DunningHold[]? holds = null, Dispute[]? disputes = null, PromiseToPay[]? promises = null, PaymentPlan[]? plans = null) =>
        DunningPauses.Evaluate(asOf, holds ?? [], disputes ?? [], promises ?? [], plans ?? [], promiseGraceDays: 3);

    [Fact]
    public void Nothing_recorded_means_nothing_paused()
    {
        var state = Evaluate(D);
        state.CustomerPaused.ShouldBeFalse();
        state.IsInvoicePaused(InvoiceA).ShouldBeFalse();
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void A_manual_hold_pauses_the_customer_between_its_dates(int offset, bool paused)
    {
        var hold = new DunningHold { Reason = "Director on leave", Kind = DunningHoldKind.Manual, From = D, Until = D.AddDays(10) };
        var state = Evaluate(D.AddDays(offset), holds: [hold]);
        state.CustomerPaused.ShouldBe(paused);
        state.IsInvoicePaused(InvoiceB).ShouldBe(paused);
        if (paused)
        {
            state.CustomerReasons.Single().Cause.ShouldBe(PauseCause.ManualHold);
        }
    }

    [Fact]
    public void An_invoice_exclusion_pauses_only_that_invoice()
    {
        var hold = new DunningHold { Reason = "Retention until acceptance", Kind = DunningHoldKind.Exclusion, InvoiceId = InvoiceA, From = D, Until = D.AddDays(30) };
        var state = Evaluate(D, holds: [hold]);
        state.CustomerPaused.ShouldBeFalse();
        state.IsInvoicePaused(InvoiceA).ShouldBeTrue();
        state.IsInvoicePaused(InvoiceB).ShouldBeFalse();
        state.ReasonsFor(InvoiceA).Single().Cause.ShouldBe(PauseCause.Exclusion);
    }

    [Theory]
    [InlineData("Open", null, 0, true)]
    [InlineData("InReview", null, 5, true)]
    [InlineData("Open", null, -1, false)]
    [InlineData("Rejected", 5, 4, true)]
    [InlineData("Rejected", 5, 5, false)]
    [InlineData("ResolvedWithCreditNote", 2, 3, false)]
    public void A_dispute_pauses_its_invoices_while_open_or_in_review(string status, int? closedAfter, int offset, bool paused)
    {
        var dispute = new Dispute { Status = Enum.Parse<DisputeStatus>(status), OpenedOn = D, ClosedOn = closedAfter is { } c ? D.AddDays(c) : null, Reason = DisputeReason.Quality };
        dispute.Invoices.Add(new DisputedInvoice { InvoiceId = InvoiceA });
        var state = Evaluate(D.AddDays(offset), disputes: [dispute]);
        state.IsInvoicePaused(InvoiceA).ShouldBe(paused);
        state.IsInvoicePaused(InvoiceB).ShouldBeFalse();
        state.CustomerPaused.ShouldBeFalse();
    }

    [Theory]
    [InlineData("Pending", null, -1, false)]
    [InlineData("Pending", null, 0, true)]
    [InlineData("Pending", null, 13, true)]
    [InlineData("Pending", null, 14, false)]
    [InlineData("Broken", 14, 13, true)]
    [InlineData("Broken", 14, 14, false)]
    [InlineData("Kept", 5, 4, true)]
    [InlineData("Kept", 5, 5, false)]
    [InlineData("Cancelled", 3, 1, false)]
    public void A_promise_pauses_the_customer_until_its_date_plus_grace(string status, int? resolvedAfter, int offset, bool paused)
    {
        var promise = new PromiseToPay { Status = Enum.Parse<PromiseStatus>(status), RecordedOn = D, PromisedDate = D.AddDays(10), AmountMinor = 100, ResolvedOn = resolvedAfter is { } r ? D.AddDays(r) : null };
        var state = Evaluate(D.AddDays(offset), promises: [promise]);
        state.CustomerPaused.ShouldBe(paused);
        if (paused)
        {
            state.CustomerReasons.Single().Until.ShouldBe(D.AddDays(13));
        }
    }

    [Theory]
    [InlineData("Active", 0, null, 0, "PaymentPlan")]
    [InlineData("Active", 0, null, -1, "")]
    [InlineData("Defaulted", 0, 40, 39, "PaymentPlan")]
    [InlineData("Defaulted", 0, 40, 40, "")]
    [InlineData("Requested", null, null, 0, "PaymentPlanRequested")]
    [InlineData("Requested", null, null, 11, "")]
    [InlineData("Cancelled", null, 2, 1, "")]
    public void Payment_plans_replace_dunning_while_active(string status, int? activatedAfter, int? closedAfter, int offset, string cause)
    {
        var plan = new PaymentPlan
        {
            Status = Enum.Parse<PaymentPlanStatus>(status), AgreedOn = D, ActivatedOn = activatedAfter is { } a ? D.AddDays(a) : null,
            ClosedOn = closedAfter is { } c ? D.AddDays(c) : null,
        };
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 1, DueDate = D.AddDays(10), AmountMinor = 100 });
        plan.Instalments.Add(new PaymentPlanInstalment { Sequence = 2, DueDate = D.AddDays(40), AmountMinor = 100 });
        var state = Evaluate(D.AddDays(offset), plans: [plan]);
        string.Join(",", state.CustomerReasons.Select(r => r.Cause)).ShouldBe(cause);
        state.ReplacedByPaymentPlan.ShouldBe(cause == "PaymentPlan");
    }

    [Fact]
    public void Reasons_accumulate_customer_first_then_invoice()
    {
        var hold = new DunningHold { Reason = "Pause", From = D };
        var dispute = new Dispute { Status = DisputeStatus.Open, OpenedOn = D };
        dispute.Invoices.Add(new DisputedInvoice { InvoiceId = InvoiceA });
        var state = Evaluate(D, holds: [hold], disputes: [dispute]);
        state.ReasonsFor(InvoiceA).Select(r => r.Cause).ShouldBe([PauseCause.ManualHold, PauseCause.Dispute]);
        state.ReasonsFor(InvoiceB).Select(r => r.Cause).ShouldBe([PauseCause.ManualHold]);
    }
}
