using Encaisse.Risk;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Risk;

public sealed class CreditLimitsTests
{
    [Theory]
    [InlineData("A", 3_000_00)]
    [InlineData("B", 2_000_00)]
    [InlineData("C", 1_000_00)]
    [InlineData("D", 500_00)]
    [InlineData("E", 0)]
    public void Recommended_limit_is_months_of_average_sales_by_class(string riskClass, long expected)
    {
        // 12,000 of sales in 12 months: 1,000 a month.
        var invoices = Enumerable.Range(0, 12).Select(m => Invoice(new DateOnly(2025, 7, 15).AddMonths(m).ToString("yyyy-MM-dd"), "2026-07-31", 1_000)).ToList();
        CreditLimits.Recommended(invoices, riskClass, "EUR", D("2026-06-30")).ShouldBe(expected);
    }

    [Fact]
    public void No_sales_no_recommendation() => CreditLimits.Recommended([], "A", "EUR", D("2026-06-30")).ShouldBeNull();

    [Fact]
    public void Exposure_adds_unbilled_orders_to_open_invoices_net_of_credits()
    {
        var invoices = new[] { Invoice("2026-06-01", "2026-07-01", 1_000, ("2026-06-10", 400)), CreditNote("2026-06-05", 100) };
        var exposure = CreditLimits.ExposureOf(invoices, 250_00, "EUR", D("2026-06-30"));
        exposure.OpenInvoicesMinor.ShouldBe(500_00);
        exposure.TotalMinor.ShouldBe(750_00);
    }

    [Theory]
    [InlineData(500_00L, 1_000_00L, "B", false, false)]
    [InlineData(600_00L, 1_000_00L, "B", false, true)] // over the limit
    [InlineData(100_00L, null, "D", false, true)] // class D
    [InlineData(100_00L, 1_000_00L, "A", true, true)] // insolvent
    [InlineData(100_00L, null, "A", false, false)] // no limit known
    public void New_order_needs_a_deposit_over_the_limit_or_for_bad_classes(long order, long? limit, string riskClass, bool insolvent, bool expected)
    {
        var decision = CreditLimits.ForNewOrder(new Exposure("EUR", 300_00, 200_00), order, limit, riskClass, insolvent);
        decision.DepositRequired.ShouldBe(expected);
        (decision.Reasons.Count > 0).ShouldBe(expected);
        decision.ExposureAfterMinor.ShouldBe(500_00 + order);
    }

    [Fact]
    public void An_order_over_the_limit_asks_for_the_deposit_that_brings_the_exposure_back_under()
    {
        // Exposure 500 + order 600 = 1 100 against a limit of 1 000: a deposit of 100 brings it back under.
        var decision = CreditLimits.ForNewOrder(new Exposure("EUR", 300_00, 200_00), 600_00, 1_000_00, "B", false);
        decision.DepositToLimitMinor.ShouldBe(100_00);
        var reason = decision.Reasons.ShouldHaveSingleItem();
        reason.Code.ShouldBe("orderOverLimit");
        Encaisse.Localization.Catalogue.Text("fr", reason.Key, reason.Data)
            .ShouldBe("Encours après cette commande 1 100,00 €, au-delà de la limite de 1 000,00 € : un acompte de 100,00 € le ramène sous la limite");
        Encaisse.Localization.Catalogue.Text("en", reason.Key, reason.Data)
            .ShouldBe("Exposure after this order 1100.00 EUR, above the limit of 1000.00 EUR: a deposit of 100.00 EUR brings it back under");
        // Already over the limit before the order: at most the whole order.
        var alreadyOver = CreditLimits.ForNewOrder(new Exposure("EUR", 1_500_00, 0), 200_00, 1_000_00, "B", false);
        alreadyOver.DepositToLimitMinor.ShouldBe(200_00);
        alreadyOver.Reasons.ShouldHaveSingleItem().Code.ShouldBe("orderOverLimitAlready", "no deposit on this order brings the exposure back under");
        CreditLimits.ForNewOrder(new Exposure("EUR", 300_00, 0), 200_00, 1_000_00, "B", false).DepositToLimitMinor.ShouldBe(0);
    }
}
