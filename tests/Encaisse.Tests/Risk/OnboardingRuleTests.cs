using Encaisse.Risk;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>The pure onboarding rule, the class advice and the registry comparison (issue 18, ADR 1830).</summary>
public sealed class OnboardingRuleTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);
    private static readonly CreditPolicy Policy = new();

    private static InsolvencyNotice Opening(DateOnly published, string nature = "Jugement d'ouverture d'une procédure de redressement judiciaire") =>
        new("N-" + published.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), "812809234", published, "TC", "Jugement d'ouverture", nature, published.AddDays(-5));

    private static CompanyFacts Facts(bool active = true, DateOnly? created = null, IReadOnlyList<InsolvencyNotice>? notices = null, IReadOnlyList<PublishedAccounts>? accounts = null,
        bool found = true) =>
        new(found, active, created ?? new DateOnly(2010, 1, 1), active ? null : new DateOnly(2026, 6, 20), notices ?? [], accounts ?? [new PublishedAccounts(2025, 1_000_000m, 50_000m)]);

    public static TheoryData<string, CompanyFacts, string, bool, string[]> Cases => new()
    {
        { "established, profitable", Facts(), "B", false, ["established"] },
        { "ceased", Facts(active: false), "E", true, ["ceased"] },
        { "procedure opened 3 weeks ago", Facts(notices: [Opening(new DateOnly(2026, 6, 10))]), "E", true, ["procedure"] },
        { "ceased and in a procedure", Facts(active: false, notices: [Opening(new DateOnly(2026, 6, 10))]), "E", true, ["ceased", "procedure"] },
        { "procedure 20 months ago", Facts(notices: [Opening(new DateOnly(2024, 10, 30))]), "D", false, ["recentProcedure"] },
        { "procedure 5 years ago", Facts(notices: [Opening(new DateOnly(2021, 6, 1))]), "B", false, ["established"] },
        { "closure only (not an opening)", Facts(notices: [Opening(new DateOnly(2026, 6, 10), "Jugement de clôture pour insuffisance d'actif")]), "B", false, ["established"] },
        { "young, no accounts", Facts(created: new DateOnly(2025, 9, 1), accounts: []), "D", false, ["young", "noAccounts"] },
        { "old, no accounts", Facts(accounts: []), "D", false, ["noAccounts"] },
        { "loss", Facts(accounts: [new PublishedAccounts(2025, 900_000m, -12_000m)]), "D", false, ["loss"] },
        { "3 years old, profitable", Facts(created: new DateOnly(2023, 6, 1)), "C", false, ["newCustomer"] },
        { "unknown to the registry", Facts(found: false), "D", false, ["notFound"] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Onboarding_class_limit_terms_and_deposit_follow_the_facts_with_every_reason(string name, CompanyFacts facts, string riskClass, bool refused, string[] reasons)
    {
        var advice = OnboardingRule.Assess(facts, AsOf, Policy);
        advice.RiskClass.ShouldBe(riskClass, name);
        advice.CreditRefused.ShouldBe(refused, name);
        advice.Reasons.Select(r => r.Code).ShouldBe(reasons, name);
        var terms = Policy.For(riskClass);
        if (refused)
        {
            (advice.StartingLimit, advice.TermsDays, advice.DepositPercent).ShouldBe((0m, 0, 100), name);
        }
        else
        {
            (advice.StartingLimit, advice.TermsDays, advice.DepositPercent).ShouldBe((terms.StartingLimit, terms.TermsDays, terms.DepositPercent), name);
        }

        foreach (var reason in advice.Reasons)
        {
            Encaisse.Localization.Catalogue.Has(reason.Key).ShouldBeTrue(reason.Key);
            Encaisse.Localization.Catalogue.Text("fr", reason.Key, reason.Data).ShouldNotContain("{");
        }
    }

    [Fact]
    public void The_policy_is_configurable_per_class_and_thresholds()
    {
        var policy = new CreditPolicy
        {
            Classes = new Dictionary<string, ClassTerms>(CreditPolicy.DefaultClasses) { ["D"] = new(50, 10, 800m) },
            YoungCompanyMonths = 12,
        };
        var advice = OnboardingRule.Assess(Facts(created: new DateOnly(2025, 9, 1), accounts: []), AsOf, policy);
        (advice.RiskClass, advice.DepositPercent, advice.TermsDays, advice.StartingLimit).ShouldBe(("D", 50, 10, 800m));
        // 10 months old is young under 12 months too; 18 months old is not.
        OnboardingRule.Assess(Facts(created: new DateOnly(2024, 12, 1)), AsOf, policy).Reasons.Select(r => r.Code).ShouldNotContain("young");
        new CreditPolicy { Classes = new Dictionary<string, ClassTerms>(CreditPolicy.DefaultClasses) { ["A"] = new(120, 10, 1m) } }.Validate()
            .Select(e => e.Field).ShouldBe(["classes.A.depositPercent"]);
    }

    [Fact]
    public void Class_advice_counts_the_onboarding_check_until_there_is_a_payment_history()
    {
        var young = OnboardingRule.Assess(Facts(created: new DateOnly(2025, 9, 1), accounts: []), AsOf, Policy);
        var advice = CreditAdvice.For("C", hasHistory: false, young, Policy);
        (advice.RiskClass, advice.DepositPercent, advice.TermsDays).ShouldBe(("D", 30, 15));
        advice.Reasons.Select(r => r.Code).ShouldBe(["behaviourClass", "onboardingClass", "young", "noAccounts", "classTerms"]);
        // With a history, the behaviour class decides (a refusal still counts).
        CreditAdvice.For("A", hasHistory: true, young, Policy).RiskClass.ShouldBe("A");
        CreditAdvice.For("A", hasHistory: true, OnboardingRule.Assess(Facts(active: false), AsOf, Policy), Policy).RiskClass.ShouldBe("E");

        // Deposit on an order: the class's share, or what brings the exposure back under the limit when more; never more than the order.
        advice.DepositForOrder(1_000_00, 0).ShouldBe(300_00);
        advice.DepositForOrder(1_000_00, 450_00).ShouldBe(450_00);
        advice.DepositForOrder(1_000_00, 2_000_00).ShouldBe(1_000_00);
    }

    [Fact]
    public void Deposit_to_limit_is_what_brings_the_exposure_back_under_at_most_the_order()
    {
        var exposure = new Exposure("EUR", 8_000_00, 0);
        CreditLimits.ForNewOrder(exposure, 3_000_00, 10_000_00, "B", false).DepositToLimitMinor.ShouldBe(1_000_00);
        CreditLimits.ForNewOrder(exposure, 1_000_00, 10_000_00, "B", false).DepositToLimitMinor.ShouldBe(0);
        // Already over the limit: the whole order.
        CreditLimits.ForNewOrder(new Exposure("EUR", 12_000_00, 0), 1_000_00, 10_000_00, "B", false).DepositToLimitMinor.ShouldBe(1_000_00);
    }

    [Theory]
    [InlineData("Boulangerie du Nil", "BOULANGERIE DU NIL", true)]
    [InlineData("SARL Boulangerie-du-Nil", "BOULANGERIE DU NIL", true)]
    [InlineData("Boulangerie du Nil S.A.R.L.", "BOULANGERIE DU NIL", true)]
    [InlineData("Société Générale d'Électricité", "SOCIETE GENERALE D ELECTRICITE (SGE)", true)]
    [InlineData("Dupont Matériaux SAS", "DUPONT MATERIAUX", true)]
    [InlineData("Boulangerie Martin", "BOULANGERIE DU NIL", false)]
    [InlineData("", "BOULANGERIE DU NIL", true)]
    public void Names_are_compared_without_case_accents_punctuation_or_legal_form(string ours, string registry, bool same) =>
        RegistryComparison.SameName(ours, registry).ShouldBe(same);

    [Theory]
    [InlineData("7, rue du Nil", null, "75002", "7 RUE DU NIL 75002 PARIS", "75002", true)]
    [InlineData("3 bd de la Liberté", null, "59000", "3 BOULEVARD DE LA LIBERTE 59000 LILLE", "59000", true)]
    [InlineData("Bâtiment B", "12 av. Jean-Jaurès", "33150", "12 AVENUE JEAN JAURES 33150 CENON", "33150", true)]
    [InlineData("7 rue du Nil", null, "75011", "7 RUE DU NIL 75002 PARIS", "75002", false)]
    [InlineData("8 rue Paul Bert", null, "75002", "7 RUE DU NIL 75002 PARIS", "75002", false)]
    [InlineData(null, null, null, "7 RUE DU NIL 75002 PARIS", "75002", true)]
    public void Addresses_are_compared_with_postal_code_and_normalised_street(string? line1, string? line2, string? postal, string registry, string registryPostal, bool same) =>
        RegistryComparison.SameAddress(line1, line2, postal, registry, registryPostal).ShouldBe(same);
}
