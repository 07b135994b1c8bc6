using System.Globalization;

namespace Encaisse.Dunning.PaymentPlans;

/// <summary>Accepted: the plan starts at once. Otherwise it waits for review, with the rules it breaks.</summary>
public sealed record PlanAcceptance(bool Accepted, IReadOnlyList<string> Reasons);

/// <summary>
/// Decides whether a customer's payment-plan request (portal, API) is accepted automatically under the
/// tenant's <see cref="CollectionsPolicy"/>. Pure; the schedule is assumed valid (<see cref="PaymentPlanSchedule.Validate"/>).
/// </summary>
public static class PaymentPlanAcceptance
{
    public static PlanAcceptance Decide(long totalMinor, IReadOnlyList<PlannedInstalment> instalments, CollectionsPolicy rules, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(instalments);
        ArgumentNullException.ThrowIfNull(rules);
        var reasons = new List<string>();
        if (!rules.AutoAcceptPlans)
        {
            reasons.Add("Automatic acceptance is switched off for this tenant.");
        }

        if (instalments.Count > rules.MaxInstalments)
        {
            reasons.Add(Invariant($"{instalments.Count} instalments requested; at most {rules.MaxInstalments} are accepted automatically."));
        }

        if (instalments.Count > 0)
        {
            var duration = instalments[^1].DueDate.DayNumber - today.DayNumber;
            if (duration > rules.MaxDurationDays)
            {
                reasons.Add(Invariant($"The plan lasts {duration} days; at most {rules.MaxDurationDays} are accepted automatically."));
            }

            var toFirst = instalments[0].DueDate.DayNumber - today.DayNumber;
            if (toFirst > rules.MaxDaysToFirstInstalment)
            {
                reasons.Add(Invariant($"The first instalment is {toFirst} days away; at most {rules.MaxDaysToFirstInstalment} are accepted automatically."));
            }

            // first / total >= percent / 100, compared exactly in integers (decimal for the product).
            if ((decimal)instalments[0].AmountMinor * 100m < (decimal)totalMinor * rules.MinFirstInstalmentPercent)
            {
                reasons.Add(Invariant($"The first instalment is below {rules.MinFirstInstalmentPercent}% of the total."));
            }
        }

        if (rules.MaxAutoAcceptMinor is { } max && totalMinor > max)
        {
            reasons.Add(Invariant($"The total ({totalMinor} minor units) is above the automatic limit of {max}."));
        }

        return new PlanAcceptance(reasons.Count == 0, reasons);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
