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
    IReadOnlyList<PortfolioInvoice> Invoices)
{
    /// <summary>The tenant's credit-insurance policy, when it has one.</summary>
    public InsurancePolicy? Policy { get; init; }

    /// <summary>Invoice numbers by id, so alerts name the invoices.</summary>
    public IReadOnlyDictionary<Guid, string> InvoiceNumbers { get; init; } = new Dictionary<Guid, string>();

    /// <summary>Invoices already declared to the insurer (no deadline alert any more).</summary>
    public IReadOnlySet<Guid> Declared { get; init; } = new HashSet<Guid>();

    /// <summary>
    /// The amount the claim file covered for each declared invoice (<see cref="InsuranceDeclaration.CoveredMinor"/>). A declared
    /// invoice stays in the exposure until it is paid (indemnity receipt is not modelled); the alerts name it with this amount.
    /// </summary>
    public IReadOnlyDictionary<Guid, long> DeclaredCovered { get; init; } = new Dictionary<Guid, long>();
}

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

        string N(Guid invoiceId) => position.InvoiceNumbers.GetValueOrDefault(invoiceId) ?? invoiceId.ToString("N", CultureInfo.InvariantCulture)[..8];
        var coverage = CreditInsurance.Cover(
            position.Invoices.Where(i => i.Kind == DocumentKind.Invoice && i.Currency == currency).Select(i => new CoverItem(i.Id, i.IssueDate, i.DueDate, i.OpenOn(asOf))),
            position.BuyerLimits, position.Policy, currency, asOf);
        var current = CreditInsurance.Current(position.BuyerLimits, currency, asOf);
        if (current is not null && position.Exposure.TotalMinor > current.AmountMinor)
        {
            var uncovered = coverage.Where(v => v.UncoveredMinor > 0).Select(v => $"{N(v.InvoiceId)} ({M(v.UncoveredMinor)}{(v.UncoveredReason == "before-limit" ? ", due before the limit started" : "")})").ToList();
            // Invoices declared in a claim file are still owed (the exposure keeps them until paid): said, with what the claim covers.
            var declaredOpen = coverage.Where(v => position.Declared.Contains(v.InvoiceId))
                .Select(v => $"{N(v.InvoiceId)} (claim covers {M(position.DeclaredCovered.GetValueOrDefault(v.InvoiceId))})").ToList();
            alerts.Add(new AlertDraft(position.CustomerId, "risk.insured-limit-exceeded", $"risk.insured-limit-exceeded:{id}", AlertSeverity.Warning,
                Cut($"{c}: exposure {M(position.Exposure.TotalMinor)} exceeds the insured limit {M(current.AmountMinor)}: the excess is not covered"
                    + (declaredOpen.Count > 0 ? "; declared to the insurer: " + string.Join(", ", declaredOpen) : "")
                    + (uncovered.Count > 0 ? "; uncovered: " + string.Join(", ", uncovered) : ""))));
        }

        // The latest decision cut the limit: stop deliveries or ask a deposit for what is above the new limit.
        var latest = position.BuyerLimits.Where(l => l.Currency == currency && l.Decision != LimitDecision.Requested && l.StartsOn <= asOf)
            .OrderBy(l => l.StartsOn).ThenBy(l => l.CreatedAt).LastOrDefault();
        if (latest is { Decision: LimitDecision.Reduced or LimitDecision.Withdrawn })
        {
            var newLimit = latest.Decision == LimitDecision.Withdrawn ? 0 : latest.AmountMinor;
            var above = position.Exposure.TotalMinor - newLimit;
            if (above > 0)
            {
                var what = latest.Decision == LimitDecision.Withdrawn
                    ? $"{latest.Insurer} withdrew the limit on {latest.StartsOn:yyyy-MM-dd}"
                    : $"{latest.Insurer} reduced the limit to {M(newLimit)} on {latest.StartsOn:yyyy-MM-dd}";
                var reference = latest.DecisionReference is { } r ? $" (decision {r})" : "";
                alerts.Add(new AlertDraft(position.CustomerId, "risk.insured-limit-cut",
                    $"risk.insured-limit-cut:{latest.Id.ToString("N", CultureInfo.InvariantCulture)}", AlertSeverity.Critical,
                    Cut($"{c}: {what}{reference}: stop deliveries or ask a deposit; exposure above the new limit {M(above)} (orders not invoiced included)")));
            }
        }

        // Expiry speaks of the decision in force (or the last one taken), not of the decisions it superseded.
        foreach (var l in latest is { Decision: LimitDecision.Granted or LimitDecision.Reduced } ? [latest] : Array.Empty<BuyerLimit>())
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

        var insurer = position.Policy?.Insurer ?? position.BuyerLimits.Select(l => l.Insurer).FirstOrDefault();
        if (insurer is not null)
        {
            // Only invoices the insurer covers must be declared; those due before the limit started are not covered.
            foreach (var v in coverage.Where(v => v.CoveredMinor > 0 && v.DueDate < asOf && !position.Declared.Contains(v.InvoiceId) && v.DaysLeft <= NoticeDays))
            {
                alerts.Add(new AlertDraft(position.CustomerId, "risk.insurer-declaration-due",
                    $"risk.insurer-declaration-due:{v.InvoiceId.ToString("N", CultureInfo.InvariantCulture)}",
                    v.DaysLeft < 0 ? AlertSeverity.Critical : AlertSeverity.Warning,
                    v.DaysLeft < 0
                        ? $"{c}: invoice {N(v.InvoiceId)} ({M(v.OpenMinor)} open) is past the {insurer} declaration deadline ({v.DeclarationDeadline:yyyy-MM-dd}); declare now"
                        : $"{c}: declare invoice {N(v.InvoiceId)} ({M(v.OpenMinor)} open) to {insurer} by {v.DeclarationDeadline:yyyy-MM-dd} ({v.DaysLeft} days left)"));
            }
        }

        return alerts;
    }

    private static string Cut(string message) => message.Length <= 500 ? message : message[..497] + "...";
}
