using Encaisse.Reporting;
using Encaisse.Risk;
using Shouldly;
using static Encaisse.Tests.Reporting.PortfolioBuilder;

namespace Encaisse.Tests.Risk;

public sealed class RiskAlertsTests
{
    private static readonly DateOnly AsOf = D("2026-06-30");

    private static BuyerLimit Limit(long amount, string starts, string? expires, int declarationDays = 60) => new()
    {
        Insurer = "Allianz Trade", AmountMinor = amount, StartsOn = D(starts), ExpiresOn = expires is null ? null : D(expires), DeclarationDays = declarationDays,
    };

    private static List<string> Kinds(long exposure, long? creditLimit, IReadOnlyList<BuyerLimit> limits, IReadOnlyList<PortfolioInvoice>? invoices = null) =>
        RiskAlerts.Evaluate(new CustomerPosition(CustomerId, "411C1", new Exposure("EUR", exposure, 0), creditLimit, limits, invoices ?? []), AsOf)
            .Select(a => a.Kind).ToList();

    [Fact]
    public void Exposure_over_the_credit_limit_raises_an_alert()
    {
        Kinds(1_001, 1_000, []).ShouldBe(["risk.credit-limit-exceeded"]);
        Kinds(1_000, 1_000, []).ShouldBeEmpty();
    }

    [Fact]
    public void Exposure_over_the_insured_limit_raises_an_alert() =>
        Kinds(2_000, null, [Limit(1_500, "2026-01-01", null)]).ShouldBe(["risk.insured-limit-exceeded"]);

    [Theory]
    [InlineData("2026-07-15", "risk.insured-limit-expiring")]
    [InlineData("2026-06-30", "risk.insured-limit-expiring")]
    [InlineData("2026-06-29", "risk.insured-limit-expired")]
    public void Insured_limit_expiring_or_expired_raises_an_alert(string expires, string kind) =>
        Kinds(500, null, [Limit(1_500, "2026-01-01", expires)]).ShouldContain(kind);

    [Fact]
    public void Limit_expiring_later_is_quiet() => Kinds(500, null, [Limit(1_500, "2026-01-01", "2026-09-30")]).ShouldBeEmpty();

    [Theory]
    [InlineData("2026-05-20", null)] // deadline 2026-07-19: 19 days left
    [InlineData("2026-05-10", "Warning")] // deadline 2026-07-09: 9 days left
    [InlineData("2026-04-20", "Critical")] // deadline passed
    public void Overdue_invoice_approaching_the_declaration_deadline_raises_an_alert(string due, string? severity)
    {
        var invoices = new[] { Invoice("2026-04-01", due, 100) };
        var alerts = RiskAlerts.Evaluate(new CustomerPosition(CustomerId, "411C1", new Exposure("EUR", 100_00, 0), null,
            [Limit(1_000_00, "2026-01-01", null)], invoices), AsOf);
        alerts.Where(a => a.Kind == "risk.insurer-declaration-due").Select(a => a.Severity.ToString()).SingleOrDefault().ShouldBe(severity);
    }
}
