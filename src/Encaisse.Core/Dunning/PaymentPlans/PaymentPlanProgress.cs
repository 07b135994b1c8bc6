using Encaisse.Dunning.Promises;

namespace Encaisse.Dunning.PaymentPlans;

public enum InstalmentState
{
    /// <summary>Not due yet.</summary>
    Upcoming = 0,
    /// <summary>Past its due date, still inside the grace days.</summary>
    Late = 1,
    Paid = 2,
    /// <summary>Not covered by the end of the grace days.</summary>
    Defaulted = 3,
}

public sealed record InstalmentProgress(int Sequence, DateOnly DueDate, long AmountMinor, long PaidMinor, InstalmentState State, DateOnly? PaidOn);

/// <param name="Status">The plan's status on the date: Active, Completed or Defaulted (Requested and Cancelled plans keep theirs).</param>
/// <param name="ChangedOn">The day it became Completed (last instalment covered) or Defaulted (first day after a missed grace period).</param>
public sealed record PlanProgress(PaymentPlanStatus Status, long PaidMinor, DateOnly? ChangedOn, IReadOnlyList<InstalmentProgress> Instalments);

/// <summary>
/// Tracks a plan's instalments from payments. Payments received from the day the plan was agreed are applied
/// to the instalments in order (earliest first). An instalment not covered by the end of its grace days
/// defaults the plan; a plan whose instalments are all covered is completed. Pure.
/// </summary>
public static class PaymentPlanProgress
{
    public static PlanProgress Evaluate(PaymentPlan plan, IEnumerable<ReceivedPayment> payments, int graceDays, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentOutOfRangeException.ThrowIfNegative(graceDays);
        var counted = payments
            .Where(p => p.Currency == plan.Currency && p.ReceivedOn >= plan.AgreedOn && p.ReceivedOn <= asOf)
            .OrderBy(p => p.ReceivedOn)
            .ToList();
        var instalments = plan.Instalments.OrderBy(i => i.Sequence).ToList();

        var progress = new List<InstalmentProgress>(instalments.Count);
        long due = 0;
        DateOnly? defaultedOn = null;
        foreach (var instalment in instalments)
        {
            var before = due;
            due = checked(due + instalment.AmountMinor);
            var paidOn = DayCumulativeReaches(counted, due);
            var paidForThis = Math.Clamp(Sum(counted, asOf) - before, 0, instalment.AmountMinor);
            var deadline = instalment.DueDate.AddDays(graceDays);
            var coveredInTime = paidOn is { } day && day <= deadline;
            if (!coveredInTime && deadline < asOf && defaultedOn is null)
            {
                defaultedOn = deadline.AddDays(1);
            }

            var state = paidOn is not null ? InstalmentState.Paid
                : deadline < asOf ? InstalmentState.Defaulted
                : instalment.DueDate < asOf ? InstalmentState.Late
                : InstalmentState.Upcoming;
            progress.Add(new InstalmentProgress(instalment.Sequence, instalment.DueDate, instalment.AmountMinor, paidForThis, state, paidOn));
        }

        var paid = Sum(counted, asOf);
        if (plan.Status != PaymentPlanStatus.Active)
        {
            return new PlanProgress(plan.Status, paid, plan.ClosedOn, progress);
        }

        if (defaultedOn is { } d)
        {
            return new PlanProgress(PaymentPlanStatus.Defaulted, paid, d, progress);
        }

        return progress.Count > 0 && progress.All(p => p.State == InstalmentState.Paid)
            ? new PlanProgress(PaymentPlanStatus.Completed, paid, progress.Max(p => p.PaidOn), progress)
            : new PlanProgress(PaymentPlanStatus.Active, paid, null, progress);
    }

    private static long Sum(List<ReceivedPayment> payments, DateOnly asOf) =>
        payments.Where(p => p.ReceivedOn <= asOf).Aggregate(0L, (s, p) => checked(s + p.AmountMinor));

    private static DateOnly? DayCumulativeReaches(List<ReceivedPayment> ordered, long target)
    {
        long sum = 0;
        foreach (var payment in ordered)
        {
            sum = checked(sum + payment.AmountMinor);
            if (sum >= target)
            {
                return payment.ReceivedOn;
            }
        }

        return null;
    }
}
