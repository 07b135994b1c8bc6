namespace Encaisse.Dunning.PaymentPlans;

/// <summary>One instalment of a proposed plan.</summary>
public readonly record struct PlannedInstalment(DateOnly DueDate, long AmountMinor);

/// <summary>A rule a proposed schedule breaks, with the request field it concerns.</summary>
public sealed record ScheduleError(string Field, string Message);

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
            errors.Add(new ScheduleError("total", "The total must be greater than zero."));
        }

        if (instalments.Count == 0)
        {
            errors.Add(new ScheduleError("instalments", "A plan needs at least one instalment."));
            return errors;
        }

        long sum = 0;
        for (var i = 0; i < instalments.Count; i++)
        {
            var instalment = instalments[i];
            sum = checked(sum + instalment.AmountMinor);
            if (instalment.AmountMinor <= 0)
            {
                errors.Add(new ScheduleError($"instalments[{i}].amount", "Each instalment must be greater than zero."));
            }

            if (instalment.DueDate < today)
            {
                errors.Add(new ScheduleError($"instalments[{i}].dueDate", $"The due date {instalment.DueDate:yyyy-MM-dd} is in the past."));
            }

            if (i > 0 && instalment.DueDate <= instalments[i - 1].DueDate)
            {
                errors.Add(new ScheduleError($"instalments[{i}].dueDate", "Due dates must be in strictly increasing order."));
            }
        }

        if (sum != totalMinor)
        {
            errors.Add(new ScheduleError("instalments", $"The instalments sum to {sum} minor units, not the total of {totalMinor}."));
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
