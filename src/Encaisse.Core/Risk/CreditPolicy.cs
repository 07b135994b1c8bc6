namespace Encaisse.Risk;

/// <summary>What a risk class gets: the deposit (acompte) asked on each order, the payment terms and the starting limit.</summary>
/// <param name="DepositPercent">Share of each order asked as a deposit, 0 to 100.</param>
/// <param name="TermsDays">Payment terms granted, in days after the invoice date (0 = payment before delivery).</param>
/// <param name="StartingLimit">Credit limit (encours) a new customer of this class starts with, in the tenant's currency.</param>
public sealed record ClassTerms(int DepositPercent, int TermsDays, decimal StartingLimit);

/// <summary>
/// The tenant's credit rules (docs/risk.md, ADR 1830): the terms of each risk class, and the thresholds the onboarding rule
/// reads a registry check with. Every field has a documented default; a tenant changes them through the risk policy.
/// </summary>
public sealed record CreditPolicy
{
    /// <summary>Defaults: A 0 % / 60 days / 20 000, B 0 % / 45 / 10 000, C 0 % / 30 / 5 000, D 30 % / 15 / 1 500, E 100 % / 0 / 0.</summary>
    public static readonly IReadOnlyDictionary<string, ClassTerms> DefaultClasses = new Dictionary<string, ClassTerms>(StringComparer.Ordinal)
    {
        ["A"] = new(0, 60, 20_000m),
        ["B"] = new(0, 45, 10_000m),
        ["C"] = new(0, 30, 5_000m),
        ["D"] = new(30, 15, 1_500m),
        ["E"] = new(100, 0, 0m),
    };

    public static readonly string[] ClassNames = ["A", "B", "C", "D", "E"];

    public IReadOnlyDictionary<string, ClassTerms> Classes { get; init; } = DefaultClasses;

    /// <summary>A company younger than this (months since its creation) is "young".</summary>
    public int YoungCompanyMonths { get; init; } = 24;

    /// <summary>A company at least this old, with published accounts showing a profit, starts one class better (B).</summary>
    public int EstablishedCompanyMonths { get; init; } = 60;

    /// <summary>An opening judgment older than the 12 months of a current procedure but within this many months is "recent".</summary>
    public int RecentProcedureMonths { get; init; } = 36;

    /// <summary>The terms of <paramref name="riskClass"/> (class E's for an unknown class).</summary>
    public ClassTerms For(string? riskClass) =>
        riskClass is not null && Classes.TryGetValue(riskClass, out var terms) ? terms
        : riskClass is not null && DefaultClasses.TryGetValue(riskClass, out var fallback) ? fallback
        : Classes.GetValueOrDefault("E") ?? DefaultClasses["E"];

    /// <summary>The field errors of a policy a person typed (empty when valid).</summary>
    public IReadOnlyList<(string Field, string Code)> Validate()
    {
        var errors = new List<(string, string)>();
        foreach (var name in ClassNames)
        {
            if (!Classes.TryGetValue(name, out var terms))
            {
                errors.Add(($"classes.{name}", "risk.policy.classMissing"));
                continue;
            }

            if (terms.DepositPercent is < 0 or > 100)
            {
                errors.Add(($"classes.{name}.depositPercent", "risk.policy.percent"));
            }

            if (terms.TermsDays is < 0 or > 365)
            {
                errors.Add(($"classes.{name}.termsDays", "risk.policy.days"));
            }

            if (terms.StartingLimit < 0)
            {
                errors.Add(($"classes.{name}.startingLimit", "risk.policy.amount"));
            }
        }

        if (YoungCompanyMonths is < 0 or > 600)
        {
            errors.Add(("youngCompanyMonths", "risk.policy.months"));
        }

        if (EstablishedCompanyMonths is < 0 or > 1200)
        {
            errors.Add(("establishedCompanyMonths", "risk.policy.months"));
        }

        if (RecentProcedureMonths is < 12 or > 240)
        {
            errors.Add(("recentProcedureMonths", "risk.policy.months"));
        }

        return errors;
    }

    /// <summary>The worse of two classes (E is the worst); null counts as no opinion.</summary>
    public static string Worst(string? a, string? b) =>
        a is null ? b ?? "C" : b is null ? a : string.CompareOrdinal(a, b) >= 0 ? a : b;
}
