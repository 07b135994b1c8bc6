namespace Encaisse.Dunning.Promises;

/// <summary>A payment as the collections rules see it: the day the funds arrived and the amount.</summary>
public readonly record struct ReceivedPayment(DateOnly ReceivedOn, long AmountMinor, string Currency);

/// <summary>What the payments say about a promise on a date.</summary>
/// <param name="Status">Pending, Kept or Broken (Cancelled promises stay Cancelled).</param>
/// <param name="PaidMinor">Payments counted towards the promise (same currency, inside its window, up to the as-of date).</param>
/// <param name="ResolvedOn">Kept: the day the payments reached the amount. Broken: the first day after the grace period.</param>
/// <param name="GraceEnd">Last day the promise can still be kept (promised date + grace days).</param>
public sealed record PromiseOutcome(PromiseStatus Status, long PaidMinor, DateOnly? ResolvedOn, DateOnly GraceEnd);

/// <summary>
/// Kept or broken, decided from payments only. A promise is kept when the payments received from the day it
/// was recorded up to its date plus the grace days cover its amount; it is broken once that last day has
/// passed without it. Pure: the as-of date is explicit, nothing is read from a clock.
/// </summary>
public static class PromiseEvaluation
{
    public static DateOnly GraceEnd(PromiseToPay promise, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(promise);
        ArgumentOutOfRangeException.ThrowIfNegative(graceDays);
        return promise.PromisedDate.AddDays(graceDays);
    }

    public static PromiseOutcome Evaluate(PromiseToPay promise, IEnumerable<ReceivedPayment> payments, int graceDays, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var graceEnd = GraceEnd(promise, graceDays);
        if (promise.Status == PromiseStatus.Cancelled)
        {
            return new PromiseOutcome(PromiseStatus.Cancelled, 0, promise.ResolvedOn, graceEnd);
        }

        var windowEnd = graceEnd < asOf ? graceEnd : asOf;
        long paid = 0;
        foreach (var payment in payments
                     .Where(p => p.Currency == promise.Currency && p.ReceivedOn >= promise.RecordedOn && p.ReceivedOn <= windowEnd)
                     .OrderBy(p => p.ReceivedOn))
        {
            paid = checked(paid + payment.AmountMinor);
            if (paid >= promise.AmountMinor)
            {
                return new PromiseOutcome(PromiseStatus.Kept, paid, payment.ReceivedOn, graceEnd);
            }
        }

        return asOf > graceEnd
            ? new PromiseOutcome(PromiseStatus.Broken, paid, graceEnd.AddDays(1), graceEnd)
            : new PromiseOutcome(PromiseStatus.Pending, paid, null, graceEnd);
    }
}
