using Encaisse.Legal.Cli;

namespace Encaisse.Legal;

/// <summary>JSON shapes shared by the CLI and the API (amounts rounded to the cent, dates yyyy-mm-dd).</summary>
internal static class LegalViews
{
    public static object Claim(string customerRef, LegalClaim claim)
    {
        var cur = claim.Currency;
        return new
        {
            customer = customerRef,
            asOf = claim.AsOf,
            debtor = claim.Debtor,
            noticeDate = claim.NoticeDate,
            interestFrom = claim.NoticeDate?.AddDays(1),
            currency = cur,
            principal = PenaltyCommand.Cents(claim.Principal, cur),
            interest = PenaltyCommand.Cents(claim.Interest, cur),
            indemnity = PenaltyCommand.Cents(claim.Indemnity, cur),
            total = PenaltyCommand.Cents(claim.Total, cur),
            lines = claim.Lines.Select(l => new
            {
                number = l.Invoice.Number,
                instalment = l.Invoice.InstalmentSequence,
                issueDate = l.Invoice.IssueDate,
                dueDate = l.Invoice.DueDate,
                original = PenaltyCommand.Cents(l.Invoice.Original, cur),
                open = PenaltyCommand.Cents(l.OpenPrincipal, cur),
                daysLate = l.Penalty.DaysLate,
                interest = PenaltyCommand.Cents(l.Interest, cur),
                indemnity = PenaltyCommand.Cents(l.Indemnity, cur),
                periods = PenaltyCommand.Periods(l.Penalty),
            }).ToList(),
            warnings = claim.Warnings,
        };
    }

    public static object Policy(LegalPolicy p) => new
    {
        customerId = p.CustomerId,
        contractualRate = p.ContractualRate,
        policy = p.Policy,
        basis = p.Basis,
        baseIncludesTax = p.BaseIncludesTax,
        noticeDays = p.NoticeDays,
        disputeInterest = p.DisputeInterest,
    };
}
