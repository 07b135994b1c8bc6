namespace Encaisse.Risk;

/// <summary>One reason behind an advice: a stable code (catalogue key <c>risk.reason.{Code}</c>) and the data its text is written from.</summary>
public sealed record AdviceReason(string Code, IReadOnlyDictionary<string, object?> Data)
{
    public static AdviceReason Of(string code, params (string Name, object? Value)[] data) =>
        new(code, data.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal));

    /// <summary>The catalogue key of the reason's text.</summary>
    public string Key => "risk.reason." + Code;
}

/// <summary>A company's published annual accounts for one year (amounts in euros, as the registry gives them).</summary>
public sealed record PublishedAccounts(int Year, decimal? Revenue, decimal? NetResult);

/// <summary>What a registry check found, as the onboarding rule reads it.</summary>
/// <param name="Found">The company registry knows the SIREN.</param>
/// <param name="Active">Not ceased (état administratif A).</param>
/// <param name="Notices">BODACC collective-procedure notices about the company.</param>
/// <param name="Accounts">Public annual accounts (empty when none are published or the registry does not say).</param>
public sealed record CompanyFacts(
    bool Found,
    bool Active,
    DateOnly? CreatedOn,
    DateOnly? CeasedOn,
    IReadOnlyList<InsolvencyNotice> Notices,
    IReadOnlyList<PublishedAccounts> Accounts);

/// <summary>
/// What to grant a customer at the start: its risk class, whether credit is refused (ceased company or collective
/// procedure: payment before delivery unless a person overrides), the starting limit, terms and deposit, with every reason.
/// </summary>
public sealed record OnboardingAdvice(
    string RiskClass,
    bool CreditRefused,
    decimal StartingLimit,
    int TermsDays,
    int DepositPercent,
    IReadOnlyList<AdviceReason> Reasons);

/// <summary>
/// The onboarding rule (ADR 1830): a pure function of the registry facts, the date and the tenant's <see cref="CreditPolicy"/>.
/// <list type="bullet">
/// <item>ceased company, or a collective procedure opened in the last 12 months: class E, credit refused;</item>
/// <item>unknown to the registry: class D;</item>
/// <item>otherwise class C (no payment history yet), B for an established company (≥ 60 months) whose latest published
/// accounts show a profit; any adverse fact (young company, no published accounts, a loss, a procedure in the last 36
/// months) makes it D.</item>
/// </list>
/// Limit, terms and deposit are the class's in the policy.
/// </summary>
public static class OnboardingRule
{
    /// <summary>A collective procedure opened within this many months is current (as for the registry watch).</summary>
    public const int CurrentProcedureMonths = 12;

    public static OnboardingAdvice Assess(CompanyFacts facts, DateOnly asOf, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<AdviceReason>();
        if (!facts.Found)
        {
            reasons.Add(AdviceReason.Of("notFound"));
            return Advice("D", false, reasons, policy);
        }

        var openings = facts.Notices.Where(n => n.Opens is not null && n.PublishedOn <= asOf).OrderByDescending(n => n.PublishedOn).ToList();
        var current = openings.FirstOrDefault(n => n.PublishedOn > asOf.AddMonths(-CurrentProcedureMonths));
        var refused = false;
        if (!facts.Active)
        {
            reasons.Add(AdviceReason.Of("ceased", ("date", facts.CeasedOn)));
            refused = true;
        }

        if (current is not null)
        {
            reasons.Add(AdviceReason.Of("procedure", ("kind", current.Opens!.Value.ToString().ToLowerInvariant()), ("date", current.JudgmentDate ?? current.PublishedOn),
                ("published", current.PublishedOn)));
            refused = true;
        }

        if (refused)
        {
            return Advice("E", true, reasons, policy);
        }

        var adverse = false;
        if (openings.FirstOrDefault(n => n.PublishedOn > asOf.AddMonths(-policy.RecentProcedureMonths)) is { } recent)
        {
            reasons.Add(AdviceReason.Of("recentProcedure", ("kind", recent.Opens!.Value.ToString().ToLowerInvariant()), ("published", recent.PublishedOn),
                ("months", policy.RecentProcedureMonths)));
            adverse = true;
        }

        var ageMonths = facts.CreatedOn is { } created ? MonthsBetween(created, asOf) : (int?)null;
        if (ageMonths is { } young && young < policy.YoungCompanyMonths)
        {
            reasons.Add(AdviceReason.Of("young", ("created", facts.CreatedOn), ("months", policy.YoungCompanyMonths)));
            adverse = true;
        }

        var latest = facts.Accounts.Where(a => a.Year <= asOf.Year).OrderByDescending(a => a.Year).FirstOrDefault();
        if (latest is null)
        {
            reasons.Add(AdviceReason.Of("noAccounts"));
            adverse = true;
        }
        else if (latest.NetResult is < 0)
        {
            reasons.Add(AdviceReason.Of("loss", ("year", latest.Year), ("result", latest.NetResult)));
            adverse = true;
        }

        if (adverse)
        {
            return Advice("D", false, reasons, policy);
        }

        if (latest is { NetResult: > 0 } && ageMonths >= policy.EstablishedCompanyMonths)
        {
            reasons.Add(AdviceReason.Of("established", ("created", facts.CreatedOn), ("year", latest.Year), ("result", latest.NetResult)));
            return Advice("B", false, reasons, policy);
        }

        reasons.Add(AdviceReason.Of("newCustomer"));
        return Advice("C", false, reasons, policy);
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/>, date to date.</summary>
    public static int MonthsBetween(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }

    private static OnboardingAdvice Advice(string riskClass, bool refused, List<AdviceReason> reasons, CreditPolicy policy)
    {
        var terms = policy.For(riskClass);
        return new OnboardingAdvice(riskClass, refused, refused ? 0 : terms.StartingLimit, refused ? 0 : terms.TermsDays, refused ? 100 : terms.DepositPercent, reasons);
    }
}

/// <summary>
/// The deposit and terms a customer's class advises today (ADR 1830). The class is the behaviour score's; while the customer
/// has no payment history the onboarding check's class counts too (the worse of both), so that a young company without
/// accounts does not start as an ordinary C.
/// </summary>
public sealed record CreditAdvice(string RiskClass, int DepositPercent, int TermsDays, IReadOnlyList<AdviceReason> Reasons)
{
    public static CreditAdvice For(string behaviourClass, bool hasHistory, OnboardingAdvice? onboarding, CreditPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<AdviceReason> { AdviceReason.Of("behaviourClass", ("class", behaviourClass)) };
        var riskClass = behaviourClass;
        if (onboarding is not null && (!hasHistory || onboarding.CreditRefused))
        {
            riskClass = CreditPolicy.Worst(behaviourClass, onboarding.RiskClass);
            reasons.Add(AdviceReason.Of("onboardingClass", ("class", onboarding.RiskClass)));
            reasons.AddRange(onboarding.Reasons);
        }

        var terms = policy.For(riskClass);
        reasons.Add(AdviceReason.Of("classTerms", ("class", riskClass), ("percent", terms.DepositPercent), ("days", terms.TermsDays)));
        return new CreditAdvice(riskClass, terms.DepositPercent, terms.TermsDays, reasons);
    }

    /// <summary>
    /// The deposit advised on an order: the class's percentage of the order, or the deposit that brings the exposure back
    /// under the limit when that is more (never more than the order).
    /// </summary>
    public long DepositForOrder(long orderMinor, long depositToLimitMinor)
    {
        var share = (long)Math.Round(orderMinor * (decimal)DepositPercent / 100m, MidpointRounding.AwayFromZero);
        return Math.Clamp(Math.Max(share, depositToLimitMinor), 0, Math.Max(orderMinor, 0));
    }
}
