using Encaisse.Ledger;

namespace Encaisse.Reporting;

/// <summary>Money that settled (part of) a document on a date: a payment, or a credit note set against it.</summary>
public sealed record Settlement(DateOnly On, long AmountMinor, bool ByCreditNote = false);

/// <summary>
/// One invoice or credit note as the KPI calculators see it: the document, the customer attributes reports
/// group by, and every settlement with its effective date. Loaded from the ledger; nothing here is stored.
/// </summary>
public sealed record PortfolioInvoice(
    Guid Id,
    Guid CustomerId,
    DocumentKind Kind,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    long GrossMinor,
    DateOnly? CancelledOn,
    IReadOnlyList<Settlement> Settlements)
{
    public string CustomerRef { get; init; } = "";
    public string? Segment { get; init; }
    public string? Collector { get; init; }

    /// <summary>Issued by <paramref name="asOf"/> and not cancelled by then: part of the ledger on that day.</summary>
    public bool ExistsOn(DateOnly asOf) => IssueDate <= asOf && (CancelledOn is null || CancelledOn > asOf);

    /// <summary>
    /// What was still open on <paramref name="asOf"/> (positive for both kinds; for a credit note, its unused part):
    /// only settlements effective on or before that day count, so a past date shows what was open then.
    /// </summary>
    public long OpenOn(DateOnly asOf)
    {
        if (!ExistsOn(asOf))
        {
            return 0;
        }

        var settled = 0L;
        foreach (var s in Settlements)
        {
            if (s.On <= asOf)
            {
                settled = checked(settled + s.AmountMinor);
            }
        }

        return GrossMinor - settled;
    }

    /// <summary>
    /// The date a settlement counts as paid for lateness: a payment received before the invoice was issued
    /// (a deposit) counts as paid on the issue date.
    /// </summary>
    public DateOnly EffectivePaidOn(Settlement settlement) => settlement.On < IssueDate ? IssueDate : settlement.On;
}

/// <summary>A promise to pay once it was found kept or broken (for the promise-kept rate).</summary>
public sealed record PromiseOutcome(Guid CustomerId, string Currency, DateOnly ResolvedOn, bool Kept)
{
    public string? Collector { get; init; }
}
