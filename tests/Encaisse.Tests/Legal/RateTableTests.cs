using Encaisse.Legal.Rates;
using Shouldly;

namespace Encaisse.Tests.Legal;

public sealed class RateTableTests
{
    [Fact]
    public void Embedded_table_covers_2015H1_to_2026H1_without_gaps()
    {
        var all = RateTable.Embedded.All.Select(r => r.HalfYear).ToList();
        all.First().ShouldBe(new HalfYear(2015, 1));
        all.Last().ShouldBe(new HalfYear(2026, 1));
        all.Count.ShouldBe(23);
        all.Zip(all.Skip(1)).ShouldAllBe(pair => pair.First.Next == pair.Second);
    }

    // Default rate and floor columns of french-law.md §0.1, legal rates of §0.2 (with the §11.5 choices).
    [Theory]
    [InlineData("2015H1", 10.05, 2.79, 4.06)]
    [InlineData("2016H2", 10.00, 2.79, 4.35)]
    [InlineData("2018H1", 10.00, 2.67, 3.73)]
    [InlineData("2019H1", 10.00, 2.58, 3.40)]
    [InlineData("2022H2", 10.00, 2.31, 3.15)]
    [InlineData("2023H1", 12.50, 6.18, 4.47)]
    [InlineData("2023H2", 14.00, 12.66, 6.82)]
    [InlineData("2024H1", 14.50, 15.21, 8.01)]
    [InlineData("2024H2", 14.25, 14.76, 8.16)]
    [InlineData("2025H1", 13.15, 11.13, 7.21)]
    [InlineData("2025H2", 12.15, 8.28, 6.65)]
    [InlineData("2026H1", 12.15, 7.86, 6.67)]
    public void Matches_the_reference_tables(string halfYear, double defaultRate, double floor, double personal)
    {
        var rate = RateTable.Embedded.For(HalfYear.Parse(halfYear));
        rate.DefaultPenaltyRate.ShouldBe((decimal)defaultRate);
        rate.ContractualFloor.ShouldBe((decimal)floor);
        rate.LegalRatePersonal.ShouldBe((decimal)personal);
    }

    [Fact]
    public void A_missing_half_year_names_itself_and_the_command_that_adds_it()
    {
        var error = Should.Throw<MissingRateException>(() => RateTable.Embedded.For(new DateOnly(2026, 7, 1)));
        error.HalfYear.ShouldBe(new HalfYear(2026, 2));
        error.Message.ShouldContain("2026H2");
        error.Message.ShouldContain("encaisse rates set --half-year 2026H2");
    }

    [Fact]
    public void Overrides_add_and_replace_half_years()
    {
        var table = RateTable.Embedded.With([new ReferenceRate(new HalfYear(2026, 2), 2.00m, 6.50m, 2.50m) { Source = "override" }]);
        table.For(HalfYear.Parse("2026H2")).DefaultPenaltyRate.ShouldBe(12.00m);
        table.For(HalfYear.Parse("2026H1")).EcbRate.ShouldBe(2.15m);
    }

    [Theory]
    [InlineData("2026H2", 2026, 2)]
    [InlineData("2015-h1", 2015, 1)]
    [InlineData("2024S2", 2024, 2)]
    public void Parses_half_years(string text, int year, int half) => HalfYear.Parse(text).ShouldBe(new HalfYear(year, half));

    [Theory]
    [InlineData("2026H3")]
    [InlineData("26H1")]
    [InlineData("")]
    public void Refuses_malformed_half_years(string text) => HalfYear.TryParse(text, out _).ShouldBeFalse();
}
