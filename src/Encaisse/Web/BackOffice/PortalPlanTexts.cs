using Encaisse.Dunning.PaymentPlans;
using Encaisse.Localization;

namespace Encaisse.Web.BackOffice;

/// <summary>The sentences of the portal's payment-plan request written from the tenant's rules (catalogue <c>portal.plan.*</c>).</summary>
public static class PortalPlanTexts
{
    /// <summary>The tenant's rules in one sentence each, shown before the customer asks.</summary>
    public static IReadOnlyList<string> Conditions(CollectionsPolicy policy, string lang, Func<long, string> money)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(money);
        var list = new List<string>
        {
            Catalogue.Text(lang, "portal.plan.condition.instalments", ("count", policy.MaxInstalments), ("days", policy.MaxDurationDays)),
            Catalogue.Text(lang, "portal.plan.condition.firstWithin", ("days", policy.MaxDaysToFirstInstalment)),
        };
        if (policy.MaxAutoAcceptMinor is { } max)
        {
            list.Add(Catalogue.Text(lang, "portal.plan.condition.amount", ("amount", money(max))));
        }

        return list;
    }

    /// <summary>Why a request was not accepted automatically, in the customer's language.</summary>
    public static string Reason(PlanRule rule, CollectionsPolicy policy, string lang, Func<long, string> money)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(money);
        var key = "portal.plan.rule." + rule;
        return Catalogue.Has(key)
            ? Catalogue.Text(lang, key, ("count", policy.MaxInstalments), ("days", rule == PlanRule.MaxDuration ? policy.MaxDurationDays : policy.MaxDaysToFirstInstalment),
                ("percent", policy.MinFirstInstalmentPercent), ("amount", money(policy.MaxAutoAcceptMinor ?? 0)))
            : rule.ToString();
    }
}
