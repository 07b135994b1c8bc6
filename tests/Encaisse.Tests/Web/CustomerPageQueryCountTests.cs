using Encaisse.Dunning;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Risk.Onboarding;
using Encaisse.Tests.Support;
using Encaisse.Dunning.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;
using Xunit.Abstractions;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15: the customer page reads its customer, checks, policies and buyer limits once and passes them to its cards
/// (ADR 1570). The number of SQL commands one page costs is pinned here, on a customer with every card filled (open items
/// and a payment, a registry check, a kept promise, a dispute, an insurance policy and a buyer limit), so that it does not
/// grow back unseen. A count, not a time: raise the limit only on purpose, with what the new query is for.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerPageQueryCountTests(Browser browser, ITestOutputHelper output)
{
    /// <summary>
    /// Commands of one customer page with every card filled, on PostgreSQL (SQLite: one more, the pragmas of a new connection).
    /// On the 1M-invoice bench customer (no insurance, no dispute) the page went from 43 to 24 commands with ADR 1570.
    /// </summary>
    private const int Limit = 31;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_customer_page_with_every_card_filled_reads_with_a_bounded_number_of_commands(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(new CompanyCheck
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, CheckedOn = WebSeed.Today.AddDays(-40), CheckedAt = now.AddDays(-40), Trigger = "creation",
                RequestedBy = "claire", Siren = "732829320", Found = true, Active = true, RegistryName = "DUPONT MATERIAUX", LegalForm = "5499",
                CreatedOn = new DateOnly(2005, 4, 1), ActivityCode = "46.73A", HeadOfficeAddress = "12 RUE DE LA REPUBLIQUE", HeadOfficePostalCode = "69002",
                HeadOfficeCity = "LYON", RiskClass = "B",
            });
            db.Add(new PromiseToPay
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, AmountMinor = 400_00, PromisedDate = new DateOnly(2025, 12, 1), Channel = "phone",
                RecordedBy = "marie", RecordedAt = now.AddDays(-110), RecordedOn = new DateOnly(2025, 11, 25), Status = PromiseStatus.Kept, ResolvedOn = new DateOnly(2025, 12, 1),
            });
            await db.SaveChangesAsync();
            (await CollectionActions.OpenDisputeAsync(db, new Acting("marie", now, WebSeed.Today), seed.Dupont.Id, [seed.NotDue.Id], DisputeReason.Quantity,
                "3 palettes manquantes", "collector", default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Allianz Trade", "P-778", 60, 90, 90m, null, null, null), clock, default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 3_000m, new DateOnly(2026, 1, 1), null, "ALZ-1"),
                "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");

        // Once before counting: what the server reads once and keeps (the signed-in user's stamp cache, compiled queries) is not the page's.
        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        using var commands = await CommandCounter.StartAsync(server.Tenant.Id);
        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        var count = commands.Count;
        output.WriteLine($"{provider}: {count} commands for the customer page: {string.Join(" | ", commands.Texts)}");

        // Every card the count stands for is on the page.
        await Assertions.Expect(page.GetByTestId("balance")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("disputes")).ToContainTextAsync("3 palettes manquantes");
        await Assertions.Expect(page.GetByTestId("promises")).ToContainTextAsync("400,00");
        await Assertions.Expect(page.GetByTestId("onboarding-checked")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("limits")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("insured-limit")).ToContainTextAsync("3");
        count.ShouldBeGreaterThan(10, "the counter sees the page's commands");
        count.ShouldBeLessThanOrEqualTo(Limit + (provider == "sqlite" ? 1 : 0), $"the customer page made {count} SQL commands: see ADR 1570 before adding one");
    }
}
