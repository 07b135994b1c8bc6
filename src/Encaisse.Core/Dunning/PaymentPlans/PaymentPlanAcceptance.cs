using System.Globalization;

namespace Encaisse.Dunning.PaymentPlans;

/// <summary>A rule of the <see cref="CollectionsPolicy"/> a request can break (for messages in the customer's language).</summary>
public enum PlanRule
{
    AutoAcceptOff = 0,
    MaxInstalments = 1,
    MaxDuration = 2,
    DaysToFirstInstalment = 3,
    FirstInstalmentShare = 4,
    MaxAmount = 5,
}

/// <summary>Accepted: the plan starts at once. Otherwise it waits for review, with the rules it breaks.</summary>
public sealed record PlanAcceptance(bool Accepted, IReadOnlyList<string> Reasons)
{
    /// <summary>The rules broken, in the order of <see cref="Reasons"/>.</summary>
    public IReadOnlyList<PlanRule> Broken { get; init; } = [];
}

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
        var broken = new List<PlanRule>();
        void Break(PlanRule rule, string reason)
        {
            broken.Add(rule);
            reasons.Add(reason);
        }

        if (!rules.AutoAcceptPlans)
        {
            Break(PlanRule.AutoAcceptOff, "Automatic acceptance is switched off for this tenant.");
        }

        if (instalments.Count > rules.MaxInstalments)
        {
            Break(PlanRule.MaxInstalments, Invariant($"{instalments.Count} instalments requested; at most {rules.MaxInstalments} are accepted automatically."));
        }

        if (instalments.Count > 0)
        {
            var duration = instalments[^1].DueDate.DayNumber - today.DayNumber;
            if (duration > rules.MaxDurationDays)
            {
                Break(PlanRule.MaxDuration, Invariant($"The plan lasts {duration} days; at most {rules.MaxDurationDays} are accepted automatically."));
            }

            var toFirst = instalments[0].DueDate.DayNumber - today.DayNumber;
            if (toFirst > rules.MaxDaysToFirstInstalment)
            {
                Break(PlanRule.DaysToFirstInstalment, Invariant($"The first instalment is {toFirst} days away; at most {rules.MaxDaysToFirstInstalment} are accepted automatically."));
            }

            // first / total >= percent / 100, compared exactly in integers (decimal for the product).
            if ((decimal)instalments[0].AmountMinor * 100m < (decimal)totalMinor * rules.MinFirstInstalmentPercent)
            {
                Break(PlanRule.FirstInstalmentShare, Invariant($"The first instalment is below {rules.MinFirstInstalmentPercent}% of the total."));
            }
        }

        if (rules.MaxAutoAcceptMinor is { } max && totalMinor > max)
        {
            Break(PlanRule.MaxAmount, Invariant($"The total ({totalMinor} minor units) is above the automatic limit of {max}."));
        }

        return new PlanAcceptance(reasons.Count == 0, reasons) { Broken = broken };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
