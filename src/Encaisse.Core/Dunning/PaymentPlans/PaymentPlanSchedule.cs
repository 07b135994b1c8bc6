namespace Encaisse.Dunning.PaymentPlans;

/// <summary>One instalment of a proposed plan.</summary>
public readonly record struct PlannedInstalment(DateOnly DueDate, long AmountMinor);

/// <summary>
/// A rule a proposed schedule breaks, with the request field it concerns: a catalogue code (<c>error.{Code}</c>) and the
/// data its sentence is written from (amounts in minor units: the caller knows their currency).
/// </summary>
public sealed record ScheduleError(string Field, string Code, params (string Name, object? Value)[] Data);

/// <summary>Checks and builds instalment schedules. Pure.</summary>
public static class PaymentPlanSchedule
{
    /// <summary>
    /// The schedule is valid when it has instalments, each positive, in strictly increasing date order, none
    /// before <paramref name="today"/>, and summing exactly to the total.
    /// </summary>
    public static IReadOnlyList<ScheduleError> Validate(long totalMinor, IReadOnlyList<PlannedInstalment> instalments, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(instalments);
        var errors = new List<ScheduleError>();
        if (totalMinor <= 0)
        {
            errors.Add(new ScheduleError("total", "paymentPlan.totalNotPositive"));
        }

        if (instalments.Count == 0)
        {
            errors.Add(new ScheduleError("instalments", "paymentPlan.noInstalment"));
            return errors;
        }

        long sum = 0;
        for (var i = 0; i < instalments.Count; i++)
        {
            var instalment = instalments[i];
            sum = checked(sum + instalment.AmountMinor);
            if (instalment.AmountMinor <= 0)
            {
                errors.Add(new ScheduleError($"instalments[{i}].amount", "paymentPlan.instalmentNotPositive", ("instalment", i + 1)));
            }

            if (instalment.DueDate < today)
            {
                errors.Add(new ScheduleError($"instalments[{i}].dueDate", "paymentPlan.dueDatePast", ("instalment", i + 1), ("date", instalment.DueDate)));
            }

            if (i > 0 && instalment.DueDate <= instalments[i - 1].DueDate)
            {
                errors.Add(new ScheduleError($"instalments[{i}].dueDate", "paymentPlan.dueDatesOrder", ("instalment", i + 1)));
            }
        }

        if (sum != totalMinor)
        {
            errors.Add(new ScheduleError("instalments", "paymentPlan.instalmentsDontSum", ("sum", sum), ("total", totalMinor)));
        }

        return errors;
    }

    /// <summary>
    /// Equal instalments every <paramref name="everyMonths"/> month(s) from <paramref name="first"/>; the
    /// indivisible minor units go to the first instalment so that the sum is exact.
    /// </summary>
    public static IReadOnlyList<PlannedInstalment> Equal(long totalMinor, int count, DateOnly first, int everyMonths = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(everyMonths);
        var share = totalMinor / count;
        var remainder = totalMinor - (share * count);
        return Enumerable.Range(0, count)
            .Select(i => new PlannedInstalment(first.AddMonths(i * everyMonths), i == 0 ? share + remainder : share))
            .ToList();
    }
}
