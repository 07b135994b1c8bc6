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

    /// <summary>A claim decision (<see cref="ClaimRule"/>): what is claimed, the credits deducted, what is listed and why.</summary>
    public static object Decision(string customerRef, ClaimDecision d)
    {
        var cur = d.Currency;
        decimal Money(long minor) => Ledger.Currencies.FromMinor(minor, cur);
        return new
        {
            customer = customerRef,
            purpose = d.Purpose,
            asOf = d.AsOf,
            debtor = d.Legal?.Debtor,
            noticeDate = d.Legal?.NoticeDate,
            interestFrom = d.Legal?.NoticeDate?.AddDays(1),
            currency = cur,
            claimedBeforeCredits = Money(d.ClaimedGrossMinor),
            creditsDeducted = Money(d.CreditsMinor),
            principal = Money(d.NetPrincipalMinor),
            interest = Money(d.InterestMinor),
            indemnity = Money(d.IndemnityMinor),
            total = Money(d.TotalMinor),
            blockedBy = d.BlockedBy,
            lines = d.Legal?.Lines.Select(l => new
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
            items = d.Items.Select(i => new
            {
                number = i.Item.Number,
                instalment = i.Item.InstalmentSequence,
                dueDate = i.Item.DueDate,
                open = Money(i.Item.OpenMinor),
                claimed = i.Claimed,
                reason = i.Reason,
            }).ToList(),
            credits = d.Credits.Select(c => new { kind = c.Credit.Kind, reference = c.Credit.Reference, date = c.Credit.Date, deducted = Money(c.DeductedMinor) }).ToList(),
            provisionalRates = d.ProvisionalRates.Select(h => h.ToString()).ToList(),
            warnings = d.Legal?.Warnings ?? [],
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
