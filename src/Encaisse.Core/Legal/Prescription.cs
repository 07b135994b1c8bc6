using Encaisse.Ledger;

namespace Encaisse.Legal;

public enum PrescriptionState
{
    Running = 0,
    /// <summary>Less than three months left: act (court action, acknowledgment) before it expires.</summary>
    Alert = 1,
    Expired = 2,
}

/// <summary>Where a claim stands against its limitation period.</summary>
public sealed record PrescriptionStatus(
    DateOnly StartedOn,
    DateOnly? LastInterruption,
    int Years,
    DateOnly ExpiresOn,
    DateOnly AlertOn,
    PrescriptionState State);

/// <summary>
/// Limitation of the creditor's action (french-law.md §6): 5 years between or with traders (L110-4 C. com.),
/// 2 years for a professional against a consumer (L218-2 C. consom.). An acknowledgment of the debt or a partial
/// payment (art. 2240), a court action (2241) or an enforcement measure (2244) restarts a full period (2231);
/// a formal notice does not. Alert three months before expiry. Pure.
/// </summary>
public static class PrescriptionRules
{
    public const int AlertMonths = 3;

    public static int YearsFor(DebtorKind debtor) => debtor == DebtorKind.Consumer ? 2 : 5;

    /// <param name="startedOn">Start of the period: the due date (business); for consumers the completion of the
    /// service, which the ledger approximates by the invoice date (earlier, so alerts come early rather than late).</param>
    /// <param name="interruptions">Dates of acknowledgments, partial payments, court actions.</param>
    public static PrescriptionStatus Status(DateOnly startedOn, DebtorKind debtor, IEnumerable<DateOnly> interruptions, DateOnly asOf)
    {
        var years = YearsFor(debtor);
        var last = interruptions.Where(d => d >= startedOn && d <= asOf).Select(d => (DateOnly?)d).Max();
        var from = last ?? startedOn;
        var expires = from.AddYears(years);
        var alert = expires.AddMonths(-AlertMonths);
        var state = asOf >= expires ? PrescriptionState.Expired : asOf >= alert ? PrescriptionState.Alert : PrescriptionState.Running;
        return new PrescriptionStatus(startedOn, last, years, expires, alert, state);
    }

    /// <summary>Status of an open invoice from the ledger: partial payments (allocations from payments) interrupt.</summary>
    public static PrescriptionStatus ForInvoice(Customer customer, Invoice invoice, IEnumerable<Allocation> allocations,
        IEnumerable<DateOnly> acknowledgments, DateOnly asOf)
    {
        var debtor = customer.Kind == CustomerKind.Consumer ? DebtorKind.Consumer : DebtorKind.Business;
        var start = debtor == DebtorKind.Consumer ? invoice.IssueDate : invoice.DueDate;
        var interruptions = allocations.Where(a => a.InvoiceId == invoice.Id && a.PaymentId is not null).Select(a => a.AllocatedOn)
            .Concat(acknowledgments);
        return Status(start, debtor, interruptions, asOf);
    }
}
