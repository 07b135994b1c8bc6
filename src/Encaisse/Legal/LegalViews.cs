
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
            principal = Cents(claim.Principal, cur),
            interest = Cents(claim.Interest, cur),
            indemnity = Cents(claim.Indemnity, cur),
            total = Cents(claim.Total, cur),
            lines = claim.Lines.Select(l => new
            {
                number = l.Invoice.Number,
                instalment = l.Invoice.InstalmentSequence,
                issueDate = l.Invoice.IssueDate,
                dueDate = l.Invoice.DueDate,
                original = Cents(l.Invoice.Original, cur),
                open = Cents(l.OpenPrincipal, cur),
                daysLate = l.Penalty.DaysLate,
                interest = Cents(l.Interest, cur),
                indemnity = Cents(l.Indemnity, cur),
                periods = Periods(l.Penalty),
            }).ToList(),
            warnings = claim.Warnings.Select(w => w.ToString()).ToList(),
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
                original = Cents(l.Invoice.Original, cur),
                open = Cents(l.OpenPrincipal, cur),
                daysLate = l.Penalty.DaysLate,
                interest = Cents(l.Interest, cur),
                indemnity = Cents(l.Indemnity, cur),
                periods = Periods(l.Penalty),
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
            warnings = d.Legal?.Warnings.Select(w => w.ToString()).ToList() ?? [],
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

    /// <summary>A penalty's periods as JSON (from, to, days, annual rate, base, interest).</summary>
    public static List<object> Periods(PenaltyResult r) =>
        r.Periods.Select(x => (object)new
        {
            from = x.From,
            to = x.To,
            days = x.Days,
            annualRate = x.AnnualRate,
            @base = Cents(x.Base, r.Currency),
            interest = Cents(x.Interest, r.Currency),
        }).ToList();

    /// <summary>Rounded to the cent, always printed with two decimals (40.00, not 40).</summary>
    public static decimal Cents(decimal amount, string currency) => Ledger.Currencies.Round(amount, currency) + 0.00m;
}
