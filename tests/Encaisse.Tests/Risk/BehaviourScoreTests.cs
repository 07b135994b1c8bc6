using Encaisse.Reporting;
using Encaisse.Risk;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Risk;

public sealed class BehaviourScoreTests
{
    private static readonly DateOnly AsOf = D("2026-06-30");

    /// <summary>Twelve monthly invoices of 1,000 due on the 10th, each paid <paramref name="daysLate"/> days after due.</summary>
    private static List<PortfolioInvoice> Monthly(int daysLate, int recentDaysLate)
    {
        var list = new List<PortfolioInvoice>();
        for (var m = 0; m < 12; m++)
        {
            var due = new DateOnly(2025, 7, 10).AddMonths(m);
            var late = due > AsOf.AddMonths(-3) ? recentDaysLate : daysLate;
            var paid = due.AddDays(late);
            list.Add(paid <= AsOf
                ? Invoice(due.AddDays(-30).ToString("yyyy-MM-dd"), due.ToString("yyyy-MM-dd"), 1_000, (paid.ToString("yyyy-MM-dd"), 1_000))
                : Invoice(due.AddDays(-30).ToString("yyyy-MM-dd"), due.ToString("yyyy-MM-dd"), 1_000));
        }

        return list;
    }

    public static TheoryData<string, int, int, int, int, string, string[]> Cases => new()
    {
        // name, days late, recent days late, disputes, broken promises, class, reason codes
        { "always on time", 0, 0, 0, 0, "A", [] },
        { "early payer", -5, -5, 0, 0, "A", [] },
        { "a few days late, within tolerance", 3, 3, 0, 0, "A", ["days-late"] },
        { "two weeks late", 14, 14, 0, 0, "C", ["days-late", "late-share"] },
        { "worsening lately", 2, 30, 0, 0, "B", ["days-late", "late-share", "worsening"] },
        { "late, disputes and broken promises", 20, 20, 3, 3, "E", ["days-late", "late-share", "disputes", "broken-promises"] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Scores_payment_behaviour_with_reasons(string name, int daysLate, int recentDaysLate, int disputes, int broken, string expectedClass, string[] reasons)
    {
        var history = new CustomerHistory(CustomerId, Monthly(daysLate, recentDaysLate),
            Enumerable.Range(0, disputes).Select(i => AsOf.AddDays(-20 * (i + 1))).ToList(),
            Enumerable.Range(0, broken).Select(i => new PromiseOutcome(CustomerId, "EUR", AsOf.AddDays(-30 * (i + 1)), false)).ToList());
        var score = BehaviourScore.Compute(history, AsOf);
        score.RiskClass.ShouldBe(expectedClass, name + " scored " + score.Score);
        score.Reasons.Select(r => r.Code).ShouldBe(reasons, name);
    }

    [Fact]
    public void Insolvency_or_ceased_company_is_class_e()
    {
        var history = new CustomerHistory(CustomerId, Monthly(0, 0), [], []) { InsolvencyOpenedOn = D("2026-06-01") };
        BehaviourScore.Compute(history, AsOf).RiskClass.ShouldBe("E");
        BehaviourScore.Compute(history with { InsolvencyOpenedOn = null, CeasedOn = D("2026-05-01") }, AsOf).Reasons[0].Code.ShouldBe("ceased");
    }

    [Fact]
    public void New_customer_without_history_is_class_c()
    {
        var score = BehaviourScore.Compute(new CustomerHistory(CustomerId, [], [], []), AsOf);
        score.RiskClass.ShouldBe("C");
        score.Reasons.ShouldHaveSingleItem().Code.ShouldBe("no-history");
    }

    [Fact]
    public void Very_old_debt_costs_points()
    {
        var invoices = Monthly(0, 0);
        invoices.Add(Invoice("2026-01-01", "2026-02-01", 50));
        BehaviourScore.Compute(new CustomerHistory(CustomerId, invoices, [], []), AsOf).Reasons.Select(r => r.Code).ShouldContain("over-90");
    }

    [Theory]
    [InlineData(100, "A")]
    [InlineData(85, "A")]
    [InlineData(84, "B")]
    [InlineData(70, "B")]
    [InlineData(50, "C")]
    [InlineData(30, "D")]
    [InlineData(29, "E")]
    public void Classes_follow_the_score(int score, string expected) => BehaviourScore.ClassOf(score).ShouldBe(expected);
}
