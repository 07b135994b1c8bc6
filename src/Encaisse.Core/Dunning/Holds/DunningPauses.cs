using Encaisse.Dunning.Promises;

namespace Encaisse.Dunning.Holds;

public enum PauseCause
{
    /// <summary>A person paused the customer (or one invoice) with a reason.</summary>
    ManualHold = 0,
    /// <summary>Customer or invoice excluded from dunning until an end date.</summary>
    Exclusion = 1,
    /// <summary>Collective procedure or ceased company recorded as a hold.</summary>
    Insolvency = 2,
    /// <summary>The invoice is in an open or in-review dispute.</summary>
    Dispute = 3,
    /// <summary>A pending promise to pay, until its date plus the grace days.</summary>
    PromiseToPay = 4,
    /// <summary>An active payment plan replaces dunning by instalment reminders.</summary>
    PaymentPlan = 5,
    /// <summary>A customer's plan request waits for review (until its first instalment date at the latest).</summary>
    PaymentPlanRequested = 6,
}

/// <param name="SourceId">The hold, dispute, promise or payment plan that causes the pause.</param>
/// <param name="Until">Last paused day when known; null = until someone changes it.</param>
public sealed record PauseReason(PauseCause Cause, Guid SourceId, string Detail, DateOnly? Until);

/// <summary>Whether a customer, and which of its invoices, must not be dunned on <see cref="AsOf"/>, and why.</summary>
public sealed record DunningPauseState(
    DateOnly AsOf,
    IReadOnlyList<PauseReason> CustomerReasons,
    IReadOnlyDictionary<Guid, IReadOnlyList<PauseReason>> InvoiceReasons)
{
    public bool CustomerPaused => CustomerReasons.Count > 0;

    /// <summary>The whole customer is paused, or this invoice is.</summary>
    public bool IsInvoicePaused(Guid invoiceId) => CustomerPaused || InvoiceReasons.ContainsKey(invoiceId);

    /// <summary>Customer-level reasons first, then the invoice's own.</summary>
    public IReadOnlyList<PauseReason> ReasonsFor(Guid invoiceId) =>
        InvoiceReasons.TryGetValue(invoiceId, out var own) ? [.. CustomerReasons, .. own] : CustomerReasons;

    /// <summary>Whether the customer-level pause applies to the planner's action: a payment plan pauses
    /// ordinary reminders but the planner sends instalment reminders instead.</summary>
    public bool ReplacedByPaymentPlan => CustomerReasons.Any(r => r.Cause == PauseCause.PaymentPlan);
}

/// <summary>
/// The one rule "is this customer / invoice paused on date D" that the dunning planner and the screens share.
/// Pure: give it one customer's holds, disputes (with their <see cref="Dispute.Invoices"/> loaded), promises
/// and payment plans (with instalments loaded), the as-of date and the tenant's promise grace days.
/// Time-consistent: a dispute closed after D, or a promise resolved after D, still pauses on D.
/// </summary>
public static class DunningPauses
{
    public static DunningPauseState Evaluate(
        DateOnly asOf,
        IEnumerable<DunningHold> holds,
        IEnumerable<Dispute> disputes,
        IEnumerable<PromiseToPay> promises,
        IEnumerable<PaymentPlan> paymentPlans,
        int promiseGraceDays)
    {
        ArgumentNullException.ThrowIfNull(holds);
        ArgumentNullException.ThrowIfNull(disputes);
        ArgumentNullException.ThrowIfNull(promises);
        ArgumentNullException.ThrowIfNull(paymentPlans);
        var customer = new List<PauseReason>();
        var invoices = new Dictionary<Guid, List<PauseReason>>();

        foreach (var hold in holds.Where(h => h.AppliesOn(asOf)))
        {
            var cause = hold.Kind switch
            {
                DunningHoldKind.Exclusion => PauseCause.Exclusion,
                DunningHoldKind.Insolvency => PauseCause.Insolvency,
                _ => PauseCause.ManualHold,
            };
            var reason = new PauseReason(cause, hold.Id, hold.Reason, hold.Until);
            if (hold.InvoiceId is { } invoiceId)
            {
                Add(invoices, invoiceId, reason);
            }
            else
            {
                customer.Add(reason);
            }
        }

        foreach (var dispute in disputes.Where(d => IsDisputeActiveOn(d, asOf)))
        {
            foreach (var link in dispute.Invoices)
            {
                Add(invoices, link.InvoiceId, new PauseReason(PauseCause.Dispute, dispute.Id, "Dispute: " + dispute.Reason, null));
            }
        }

        foreach (var promise in promises)
        {
            var graceEnd = PromiseEvaluation.GraceEnd(promise, promiseGraceDays);
            if (IsPromisePendingOn(promise, asOf, graceEnd))
            {
                customer.Add(new PauseReason(PauseCause.PromiseToPay, promise.Id,
                    $"Promise to pay by {promise.PromisedDate:yyyy-MM-dd}", graceEnd));
            }
        }

        foreach (var plan in paymentPlans)
        {
            var activeOn = plan.ActivatedOn is { } start && start <= asOf
                && (plan.Status == PaymentPlanStatus.Active || (plan.ClosedOn is { } closed && asOf < closed));
            if (activeOn)
            {
                customer.Add(new PauseReason(PauseCause.PaymentPlan, plan.Id, "Payment plan in progress",
                    plan.Instalments.Count > 0 ? plan.Instalments.Max(i => i.DueDate) : null));
            }
            else if (plan.Status == PaymentPlanStatus.Requested && plan.AgreedOn <= asOf)
            {
                var firstDue = plan.Instalments.Count > 0 ? plan.Instalments.Min(i => i.DueDate) : plan.AgreedOn;
                if (asOf <= firstDue)
                {
                    customer.Add(new PauseReason(PauseCause.PaymentPlanRequested, plan.Id, "Payment plan requested, waiting for review", firstDue));
                }
            }
        }

        return new DunningPauseState(asOf, customer,
            invoices.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PauseReason>)kv.Value));
    }

    /// <summary>Open or in review on <paramref name="asOf"/> (a dispute closed later still counts for earlier days).</summary>
    public static bool IsDisputeActiveOn(Dispute dispute, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        return dispute.OpenedOn <= asOf && (dispute.IsActive || (dispute.ClosedOn is { } closed && asOf < closed));
    }

    private static bool IsPromisePendingOn(PromiseToPay promise, DateOnly asOf, DateOnly graceEnd)
    {
        if (asOf < promise.RecordedOn || asOf > graceEnd)
        {
            return false;
        }

        return promise.Status switch
        {
            PromiseStatus.Pending => true,
            PromiseStatus.Kept or PromiseStatus.Broken => promise.ResolvedOn is { } resolved && asOf < resolved,
            _ => false,
        };
    }

    private static void Add(Dictionary<Guid, List<PauseReason>> map, Guid invoiceId, PauseReason reason)
    {
        if (!map.TryGetValue(invoiceId, out var list))
        {
            map[invoiceId] = list = [];
        }

        list.Add(reason);
    }
}
