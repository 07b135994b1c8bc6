using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Reporting;

namespace Encaisse.Risk;

/// <summary>A customer's position the alerts are evaluated on.</summary>
public sealed record CustomerPosition(
    Guid CustomerId,
    string CustomerRef,
    Exposure Exposure,
    long? CreditLimitMinor,
    IReadOnlyList<BuyerLimit> BuyerLimits,
    IReadOnlyList<PortfolioInvoice> Invoices);

/// <summary>
/// Risk alerts of one customer on a date (pure): exposure over the credit limit or over the insured limit,
/// insured limit expiring or expired, overdue invoices approaching the insurer's declaration deadline.
/// </summary>
public static class RiskAlerts
{
    /// <summary>Days of notice before an insured limit expires or a declaration falls due.</summary>
    public const int NoticeDays = 15;

    public static IReadOnlyList<AlertDraft> Evaluate(CustomerPosition position, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(position);
        var alerts = new List<AlertDraft>();
        var c = position.CustomerRef;
        var currency = position.Exposure.Currency;
        string M(long minor) => Currencies.FormatInvariant(minor, currency) + " " + currency;
        var id = position.CustomerId.ToString("N", CultureInfo.InvariantCulture);

        if (position.CreditLimitMinor is { } limit && position.Exposure.TotalMinor > limit)
        {
            alerts.Add(new AlertDraft(position.CustomerId, "risk.credit-limit-exceeded", $"risk.credit-limit-exceeded:{id}", AlertSeverity.Warning,
                $"{c}: exposure {M(position.Exposure.TotalMinor)} exceeds the credit limit {M(limit)}"));
        }

        var active = position.BuyerLimits.Where(l => l.Currency == currency && l.ActiveOn(asOf)).ToList();
        var insured = active.Sum(l => l.AmountMinor);
        if (active.Count > 0 && position.Exposure.TotalMinor > insured)
        {
            alerts.Add(new AlertDraft(position.CustomerId, "risk.insured-limit-exceeded", $"risk.insured-limit-exceeded:{id}", AlertSeverity.Warning,
                $"{c}: exposure {M(position.Exposure.TotalMinor)} exceeds the insured limit {M(insured)}: the excess is not covered"));
        }

        foreach (var l in position.BuyerLimits)
        {
            var lid = l.Id.ToString("N", CultureInfo.InvariantCulture);
            if (l.ExpiresOn is { } expires && expires >= asOf && expires.DayNumber - asOf.DayNumber <= NoticeDays)
            {
                alerts.Add(new AlertDraft(position.CustomerId, "risk.insured-limit-expiring", $"risk.insured-limit-expiring:{lid}", AlertSeverity.Warning,
                    $"{c}: {l.Insurer} limit of {Currencies.FormatInvariant(l.AmountMinor, l.Currency)} {l.Currency} expires on {expires:yyyy-MM-dd}"));
            }
            else if (l.ExpiresOn is { } expired && expired < asOf && position.Exposure.TotalMinor > 0
                     && !position.BuyerLimits.Any(o => o.ActiveOn(asOf)))
            {
                alerts.Add(new AlertDraft(position.CustomerId, "risk.insured-limit-expired", $"risk.insured-limit-expired:{lid}", AlertSeverity.Critical,
                    $"{c}: {l.Insurer} limit expired on {expired:yyyy-MM-dd}; exposure {M(position.Exposure.TotalMinor)} is not insured"));
            }
        }

        var policy = position.BuyerLimits.Where(l => l.ActiveOn(asOf) || l.ExpiresOn >= asOf.AddDays(-365)).MinBy(l => l.DeclarationDays);
        if (policy is not null)
        {
            foreach (var invoice in position.Invoices.Where(i => i.Kind == DocumentKind.Invoice && i.DueDate < asOf && i.OpenOn(asOf) > 0))
            {
                var deadline = invoice.DueDate.AddDays(policy.DeclarationDays);
                var left = deadline.DayNumber - asOf.DayNumber;
                if (left <= NoticeDays)
                {
                    alerts.Add(new AlertDraft(position.CustomerId, "risk.insurer-declaration-due",
                        $"risk.insurer-declaration-due:{invoice.Id.ToString("N", CultureInfo.InvariantCulture)}",
                        left < 0 ? AlertSeverity.Critical : AlertSeverity.Warning,
                        left < 0
                            ? $"{c}: overdue invoice past the {policy.Insurer} declaration deadline ({deadline:yyyy-MM-dd}); declare now"
                            : $"{c}: declare the overdue invoice to {policy.Insurer} by {deadline:yyyy-MM-dd} ({left} days left)"));
                }
            }
        }

        return alerts;
    }
}
