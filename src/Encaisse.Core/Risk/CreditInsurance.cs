using Encaisse.Ledger;

namespace Encaisse.Risk;

/// <summary>
/// The tenant's credit-insurance policy (police d'assurance-crédit): one per tenant. Its declaration deadline and
/// maximum credit period apply to every buyer; its discretionary limit covers buyers without a named limit.
/// </summary>
public sealed class InsurancePolicy : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    /// <summary>Allianz Trade, Atradius, Coface, Groupama...</summary>
    public required string Insurer { get; set; }
    public string? PolicyNumber { get; set; }
    /// <summary>Longest payment term the policy covers (days after the invoice date).</summary>
    public int MaxCreditDays { get; set; }
    /// <summary>Days after an invoice's original due date by which it must be declared unpaid (menace de sinistre).</summary>
    public int DeclarationDays { get; set; }
    /// <summary>Share of a covered loss the insurer pays, e.g. 90.</summary>
    public decimal IndemnityPercent { get; set; }
    /// <summary>Buyers without a named limit are covered up to this amount (limite discrétionnaire); null = none.</summary>
    public long? DiscretionaryLimitMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    /// <summary>
    /// False (the default): an invoice declared to the insurer leaves the seller's dunning, the insurer collects.
    /// True: the seller keeps reminding it.
    /// </summary>
    public bool KeepDunningAfterClaim { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The insurer's decisions on a buyer, in the order they come: requested, granted, reduced, withdrawn.</summary>
public enum LimitDecision
{
    Granted = 0,
    Requested = 1,
    Reduced = 2,
    Withdrawn = 3,
}

/// <summary>An invoice declared to the insurer in a claim file; once declared it is not declared again.</summary>
public sealed class InsuranceDeclaration : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>Unique per tenant.</summary>
    public Guid InvoiceId { get; set; }
    /// <summary>The claim file (a customer document) it was declared in.</summary>
    public Guid DocumentId { get; set; }
    public DateOnly DeclaredOn { get; set; }
    public long OpenMinor { get; set; }
    public long CoveredMinor { get; set; }
    public required string DeclaredBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>How close an unpaid invoice is to its declaration deadline.</summary>
public enum DeadlineStage
{
    /// <summary>More than 30 days left.</summary>
    Later = 0,
    Within30 = 1,
    Within15 = 2,
    Within7 = 3,
    Missed = 4,
}

/// <summary>
/// One open invoice against the insurance: its declaration deadline and stage, and the part of its open amount the
/// insurer covers. <paramref name="UncoveredReason"/>: "before-limit" (due before the limit started), "over-limit"
/// (the limit is used by earlier invoices), "no-limit" (no named limit nor discretionary one), "withdrawn", or null.
/// </summary>
public sealed record InvoiceCoverage(Guid InvoiceId, DateOnly DueDate, long OpenMinor, DateOnly DeclarationDeadline, int DaysLeft, DeadlineStage Stage,
    long CoveredMinor, string? UncoveredReason)
{
    public long UncoveredMinor => OpenMinor - CoveredMinor;
}

/// <summary>An open invoice as the cover is computed on: its open amount is the ledger's (the caller reads it, nothing recomputes it here).</summary>
public sealed record CoverItem(Guid InvoiceId, DateOnly IssueDate, DateOnly DueDate, long OpenMinor);

/// <summary>The buyer's limit in force on a date: the latest decision per insurer (a request alone covers nothing).</summary>
public sealed record CurrentLimit(BuyerLimit Decision, long AmountMinor, DateOnly CoverStartsOn);

/// <summary>
/// Credit-insurance arithmetic (pure): the limit in force from the decision history, declaration deadlines and the
/// covered and uncovered parts of each open invoice.
/// </summary>
public static class CreditInsurance
{
    /// <summary>
    /// The limit in force on <paramref name="asOf"/>: per insurer, the latest decision taken (not a request) that has
    /// started; withdrawn or expired = none. The cover starts with the first grant of the unbroken run of decisions
    /// that led to it (a reduction keeps the start of the grant it reduces).
    /// </summary>
    public static CurrentLimit? Current(IEnumerable<BuyerLimit> history, string currency, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        var decided = history.Where(l => l.Currency == currency && l.Decision != LimitDecision.Requested && l.StartsOn <= asOf)
            .OrderBy(l => l.StartsOn).ThenBy(l => l.CreatedAt).ToList();
        if (decided.Count == 0)
        {
            return null;
        }

        var latest = decided[^1];
        if (latest.Decision == LimitDecision.Withdrawn || latest.AmountMinor <= 0 || (latest.ExpiresOn is { } end && end < asOf))
        {
            return null;
        }

        var start = latest.StartsOn;
        for (var i = decided.Count - 2; i >= 0 && decided[i].Decision is LimitDecision.Granted or LimitDecision.Reduced && decided[i].AmountMinor > 0; i--)
        {
            start = decided[i].StartsOn;
        }

        return new CurrentLimit(latest, latest.AmountMinor, start);
    }

    public static DateOnly DeclarationDeadline(DateOnly dueDate, int declarationDays) => dueDate.AddDays(declarationDays);

    public static DeadlineStage StageOf(int daysLeft) => daysLeft switch
    {
        < 0 => DeadlineStage.Missed,
        <= 7 => DeadlineStage.Within7,
        <= 15 => DeadlineStage.Within15,
        <= 30 => DeadlineStage.Within30,
        _ => DeadlineStage.Later,
    };

    /// <summary>
    /// Each open invoice (oldest due first) with its deadline and cover: an invoice due before the limit's start is not
    /// covered; the others use the limit (or the policy's discretionary limit when there is no named one) in due-date
    /// order, the part beyond it uncovered. <paramref name="invoices"/>: the customer's open invoices in <paramref name="currency"/>.
    /// </summary>
    public static IReadOnlyList<InvoiceCoverage> Cover(IEnumerable<CoverItem> invoices, IReadOnlyList<BuyerLimit> history,
        InsurancePolicy? policy, string currency, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(history);
        var current = Current(history, currency, asOf);
        var withdrawn = current is null && history.Any(l => l.Currency == currency && l.Decision != LimitDecision.Requested && l.StartsOn <= asOf);
        var days = policy?.DeclarationDays
                   ?? history.Where(l => l.Currency == currency).Select(l => (int?)l.DeclarationDays).Min()
                   ?? 0;
        long? capacity = current?.AmountMinor ?? (withdrawn ? null : policy?.Currency == currency ? policy.DiscretionaryLimitMinor : null);
        var result = new List<InvoiceCoverage>();
        var used = 0L;
        foreach (var invoice in invoices.OrderBy(i => i.DueDate).ThenBy(i => i.IssueDate))
        {
            var open = invoice.OpenMinor;
            if (open <= 0)
            {
                continue;
            }

            var deadline = DeclarationDeadline(invoice.DueDate, days);
            var left = deadline.DayNumber - asOf.DayNumber;
            long covered = 0;
            string? reason;
            if (capacity is not { } cap)
            {
                reason = withdrawn ? "withdrawn" : "no-limit";
            }
            else if (current is not null && invoice.DueDate < current.CoverStartsOn)
            {
                reason = "before-limit";
            }
            else
            {
                covered = Math.Clamp(cap - used, 0, open);
                used += covered;
                reason = covered < open ? "over-limit" : null;
            }

            result.Add(new InvoiceCoverage(invoice.InvoiceId, invoice.DueDate, open, deadline, left, StageOf(left), covered, reason));
        }

        return result;
    }

    /// <summary>What the insurer would pay on a covered amount (indemnity percentage of the policy).</summary>
    public static long Indemnity(long coveredMinor, InsurancePolicy? policy) =>
        policy is null ? 0 : (long)Math.Round(coveredMinor * policy.IndemnityPercent / 100m, MidpointRounding.ToEven);
}
