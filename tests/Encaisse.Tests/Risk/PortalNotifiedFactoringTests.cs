using System.Text.RegularExpressions;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Encaisse.Web.Actions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Notified factoring on the customer portal (issue 18): the factor's bank details for a sold invoice, never the seller's IBAN —
/// not in the seller's EPC QR code (which carries only what is owed to the seller), not in the total, not in a payment plan asked
/// from the portal.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PortalNotifiedFactoringTests(Browser browser)
{
    private const string FactorIban = "FR1420041010050500013M02606";
    private const string SellerIban = "FR7630006000011234567890189";

    [Fact]
    public async Task The_sellers_qr_code_carries_only_what_is_owed_to_the_seller()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        string path;
        Tenant tenant;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
            tenant = await db.Set<Tenant>().IgnoreQueryFilters().SingleAsync(t => t.Id == server.Tenant.Id);
        }

        tenant.Iban.ShouldBe(SellerIban);
        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await portal.GotoAsync(path);
        await Assertions.Expect(portal.GetByTestId("portal-total")).ToHaveTextAsync("2 860,40 €");
        // The QR code is the EPC transfer of 2 860,40 € to the seller, not of the 4 094,96 € the customer owes in all.
        var drawn = await portal.GetByTestId("epc-qr").Locator("path").GetAttributeAsync("d");
        var reference = CreditorReference.From("411DUPONT");
        drawn.ShouldBe(PathOf(EpcQrPayload.Build(tenant.Name, SellerIban, tenant.Bic, 2_860_40, "EUR", reference)));
        drawn.ShouldNotBe(PathOf(EpcQrPayload.Build(tenant.Name, SellerIban, tenant.Bic, 4_094_96, "EUR", reference)));
        // The factor's block: its account, the amount of the sold invoice, no seller's IBAN.
        var factorBlock = await portal.GetByTestId("portal-factor-pay").InnerTextAsync();
        factorBlock.Replace(" ", "", StringComparison.Ordinal).ShouldContain(FactorIban);
        factorBlock.Replace(" ", "", StringComparison.Ordinal).ShouldNotContain(SellerIban);
        factorBlock.ShouldContain("1 234,56 €");

        // A payment plan asked from the portal spreads only what is owed to the seller.
        await using (var db = server.Database.For(server.Tenant))
        {
            var customer = await db.Customers.SingleAsync(c => c.Id == seed.Dupont.Id);
            var asked = await PortalPlanRequests.RequestAsync(db, clock, customer, 3, WebSeed.Today.AddDays(10), default);
            asked.ErrorKey.ShouldBeNull();
            asked.Current!.Plan.TotalMinor.ShouldBe(2_860_40);
        }
    }

    [Fact]
    public async Task When_every_open_invoice_is_sold_the_portal_never_shows_the_sellers_iban()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2025-0950", "FA-2026-0101", "FA-2026-0142"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await portal.GotoAsync(path);
        await Assertions.Expect(portal.GetByTestId("portal-total")).ToHaveTextAsync("0,00 €");
        await Assertions.Expect(portal.GetByTestId("portal-factored")).ToHaveCountAsync(3);
        await Assertions.Expect(portal.GetByTestId("epc-qr")).ToHaveCountAsync(0);
        await Assertions.Expect(portal.Locator("section[aria-labelledby=pay-h]")).ToHaveCountAsync(0);
        await Assertions.Expect(portal.GetByTestId("portal-factor-pay")).ToContainTextAsync("4 094,96 €");
        var html = await portal.ContentAsync();
        Regex.Replace(html, @"\s", "").ShouldNotContain(SellerIban);
        await Browser.ScreenshotAsync(portal, "portal-all-factored");

        // Nor through a payment plan: nothing is owed to the seller.
        await using var db2 = server.Database.For(server.Tenant);
        var customer = await db2.Customers.SingleAsync(c => c.Id == seed.Dupont.Id);
        (await PortalPlanRequests.RequestAsync(db2, clock, customer, 3, WebSeed.Today.AddDays(10), default)).ErrorKey.ShouldBe("err.nothingDue");
    }

    private static string PathOf(string payload) => SvgPath().Match(QrCode.Encode(payload).ToSvg("qr")).Groups[1].Value;

    [GeneratedRegex("<path d=\"([^\"]+)\"")]
    private static partial Regex SvgPath();
}
