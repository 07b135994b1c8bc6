using Encaisse.Reporting;
using Shouldly;

namespace Encaisse.Tests.Reporting;

/// <summary>Every worked example of reference/kpis-and-prediction.md B.1–B.8, with the reference's numbers.</summary>
public sealed class KpiFormulasTests
{
    [Theory]
    [InlineData(20_000, 45_000, 90, 40.0)] // B.1 financefactory
    [InlineData(20_000, 150_000, 360, 48.0)] // B.1 creer-gerer-entreprendre (×360)
    [InlineData(150_000, 1_800_000, 365, 30.4)] // B.1 trymesha
    [InlineData(150_000, 180_000, 91, 75.8)] // B.2 example 3, simple quarterly method
    [InlineData(4_000, 10_000, 30, 12.0)] // B.3 creditguru BPDSO (current AR in the numerator)
    [InlineData(15_000, 10_000, 30, 45.0)] // B.4 creditguru DSO
    [InlineData(25_000, 15_000, 30, 50.0)] // B.4 Quadient DSO
    [InlineData(6_000, 15_000, 30, 12.0)] // B.4 Quadient BPDSO
    public void Simple_dso_matches_the_reference(long receivables, long sales, int days, double expected) =>
        KpiFormulas.Display(KpiFormulas.SimpleDso(receivables * 100, sales * 100, days)).ShouldBe((decimal)expected);

    public static TheoryData<string, long, long[], int[], decimal> CountbackCases => new()
    {
        { "B.2 example 1 (benjipays)", 212_000, [100_000, 80_000, 70_000], [30, 30, 30], 73.7m },
        { "B.2 example 2 (Divalto)", 2_500, [1_200, 800, 700], [30, 31, 30], 82.4m },
        { "B.2 example 3", 150_000, [60_000, 70_000, 50_000], [30, 31, 30], 73.0m },
        { "B.3 BPDSO on example 3", 80_000, [60_000, 70_000, 50_000], [30, 31, 30], 38.9m },
        { "nothing owed", 0, [60_000], [30], 0m },
        { "stops at a month without sales", 100_000, [60_000, 0, 50_000], [30, 31, 30], 30m },
        { "history exhausted: lower bound", 500_000, [60_000, 70_000], [30, 31], 61m },
    };

    [Theory, MemberData(nameof(CountbackCases))]
    public void Countback_dso_matches_the_reference(string example, long receivables, long[] sales, int[] days, decimal expected)
    {
        _ = example;
        var periods = sales.Select((s, i) => new SalesPeriod(s * 100, days[i]));
        KpiFormulas.Display(KpiFormulas.CountbackDso(receivables * 100, periods)).ShouldBe(expected);
    }

    [Theory]
    [InlineData(15_000, 4_000, 10_000, 30, 33.0)] // B.4 creditguru
    [InlineData(25_000, 6_000, 15_000, 30, 38.0)] // B.4 Quadient
    public void Average_days_delinquent_is_dso_minus_best_possible(long total, long current, long sales, int days, double expected)
    {
        var add = KpiFormulas.SimpleDso(total, sales, days)!.Value - KpiFormulas.SimpleDso(current, sales, days)!.Value;
        KpiFormulas.Display(add).ShouldBe((decimal)expected);
    }

    [Fact]
    public void Cei_matches_creditguru_example() =>
        // B.5: beginning 6,200; sales 10,890 over 3 months; ending total 6,340; ending current 3,590 → 55.9%.
        KpiFormulas.Display(KpiFormulas.Cei(620_000, 1_089_000, 3, 634_000, 359_000)).ShouldBe(55.9m);

    [Theory]
    [InlineData(85_000, 100_000, 85.0)] // B.6 recovry.fr
    [InlineData(60_000, 1_000_000, 6.0)] // B.7 overdue rate, impayes.com
    public void Percent_matches_reference(long part, long whole, double expected) =>
        KpiFormulas.Display(KpiFormulas.Percent(part * 100, whole * 100)).ShouldBe((decimal)expected);

    [Fact]
    public void Ratios_without_a_base_are_null()
    {
        KpiFormulas.SimpleDso(1000, 0, 90).ShouldBeNull();
        KpiFormulas.Percent(10, 0).ShouldBeNull();
        KpiFormulas.WeightedDays(0, 0).ShouldBeNull();
        KpiFormulas.Cei(0, 0, 3, 0, 0).ShouldBeNull();
    }
}
