namespace Encaisse.Dunning.Promises;

/// <summary>A payment as the collections rules see it: the day the funds arrived and the amount.</summary>
public readonly record struct ReceivedPayment(DateOnly ReceivedOn, long AmountMinor, string Currency);

/// <summary>What the payments say about a promise on a date.</summary>
/// <param name="Status">Pending, Kept or Broken (Cancelled promises stay Cancelled).</param>
/// <param name="PaidMinor">Payments counted towards the promise (same currency, inside its window, up to the as-of date; at most its amount).</param>
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

    /// <summary>One promise on its own (see <see cref="EvaluateAll"/> for a customer's several promises).</summary>
    public static PromiseOutcome Evaluate(PromiseToPay promise, IEnumerable<ReceivedPayment> payments, int graceDays, DateOnly asOf) =>
        EvaluateAll([promise], payments, graceDays, asOf)[0].Outcome;

    /// <summary>
    /// A customer's promises together: a payment counts once. Promises are served in promised-date order;
    /// a kept promise consumes the part of the payments it needed, so a later promise only sees the rest.
    /// Pending and broken promises consume nothing. Give every non-cancelled promise of the customer
    /// (kept ones included) so that earlier payments are not counted twice.
    /// </summary>
    public static IReadOnlyList<(PromiseToPay Promise, PromiseOutcome Outcome)> EvaluateAll(
        IEnumerable<PromiseToPay> promises, IEnumerable<ReceivedPayment> payments, int graceDays, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(promises);
        ArgumentNullException.ThrowIfNull(payments);
        var pool = payments.OrderBy(p => p.ReceivedOn).ToList();
        var remaining = pool.Select(p => p.AmountMinor).ToArray();
        var results = new List<(PromiseToPay, PromiseOutcome)>();
        foreach (var promise in promises.OrderBy(p => p.PromisedDate).ThenBy(p => p.RecordedOn).ThenBy(p => p.Id))
        {
            var graceEnd = GraceEnd(promise, graceDays);
            if (promise.Status == PromiseStatus.Cancelled)
            {
                results.Add((promise, new PromiseOutcome(PromiseStatus.Cancelled, 0, promise.ResolvedOn, graceEnd)));
                continue;
            }

            var windowEnd = graceEnd < asOf ? graceEnd : asOf;
            var takes = new List<(int Index, long Amount)>();
            long paid = 0;
            DateOnly? keptOn = null;
            for (var i = 0; i < pool.Count && keptOn is null; i++)
            {
                var payment = pool[i];
                if (payment.Currency != promise.Currency || payment.ReceivedOn < promise.RecordedOn || payment.ReceivedOn > windowEnd || remaining[i] <= 0)
                {
                    continue;
                }

                var take = Math.Min(remaining[i], promise.AmountMinor - paid);
                takes.Add((i, take));
                paid = checked(paid + take);
                if (paid >= promise.AmountMinor)
                {
                    keptOn = payment.ReceivedOn;
                }
            }

            if (keptOn is { } day)
            {
                foreach (var (index, amount) in takes)
                {
                    remaining[index] -= amount;
                }

                results.Add((promise, new PromiseOutcome(PromiseStatus.Kept, paid, day, graceEnd)));
            }
            else
            {
                results.Add((promise, asOf > graceEnd
                    ? new PromiseOutcome(PromiseStatus.Broken, paid, graceEnd.AddDays(1), graceEnd)
                    : new PromiseOutcome(PromiseStatus.Pending, paid, null, graceEnd)));
            }
        }

        return results;
    }
}
