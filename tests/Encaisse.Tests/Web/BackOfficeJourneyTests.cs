using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The collector's day in a real browser: sign in, dashboard, customers, a customer, log a call.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BackOfficeJourneyTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Sign_in_then_log_a_call_shows_it_in_the_timeline(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);

        await page.GotoAsync("/customers");
        page.Url.ShouldContain("/login");
        await page.GetByLabel("Identifiant").FillAsync("marie");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "login");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/customers");

        // A collector lands on their own portfolio: Dupont (marie) is listed, Bernard (paul) is not.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Dupont Matériaux SARL" })).ToBeVisibleAsync();
        (await page.GetByRole(AriaRole.Link, new() { Name = "Boulangerie Bernard" }).CountAsync()).ShouldBe(0);
        await page.GetByLabel("Chargé de recouvrement").SelectOptionAsync("*");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Boulangerie Bernard" })).ToBeVisibleAsync();
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "customers");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Level = 1 })).ToBeVisibleAsync();
        // 1 234,56 + 2 400,00 + 460,40 + 480,00 + 12 500,00 + 3 150,75 + 7 800,00 = 28 025,71 €
        (await page.GetByTestId("total-open").InnerTextAsync()).Replace('\u202F', ' ').Replace('\u00A0', ' ').ShouldBe("28 025,71 €");
        await Assertions.Expect(page.Locator("svg.chart[aria-labelledby='aged-title aged-desc']")).ToBeVisibleAsync();
        // The reporting panels: KPI table with the DSO trend, and the 13-week cash forecast.
        await Assertions.Expect(page.GetByTestId("kpis")).ToContainTextAsync("DSO");
        await Assertions.Expect(page.Locator("svg.chart[aria-labelledby='forecast-title forecast-desc']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("forecast-total")).ToContainTextAsync("€");
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "dashboard");
        }

        await page.GotoAsync("/customers?q=dupont&collector=*");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dupont Matériaux SARL" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dupont Matériaux SARL" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "FA-2026-0101" })).ToBeVisibleAsync();

        await page.GetByLabel("Résultat").SelectOptionAsync(new SelectOptionValue { Label = "Joint" });
        await page.GetByLabel("Compte rendu").First.FillAsync("Règlement prévu en fin de semaine");
        await page.Locator("form[action*='handler=Call'] button[type=submit]").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enregistré");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Règlement prévu en fin de semaine");
        (await page.GetByTestId("timeline").Locator("li[data-kind='call.logged']").CountAsync()).ShouldBe(1);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "customer");
            await page.SetViewportSizeAsync(390, 844);
            await Browser.ScreenshotAsync(page, "customer-phone");
        }

        await using var db = server.Database.For(server.Tenant);
        var call = await db.Set<Encaisse.Dunning.CollectionTask>().SingleAsync(t => t.CustomerId == seed.Dupont.Id && t.Outcome != null);
        call.AssignedTo.ShouldBe("marie");
        call.Outcome.ShouldStartWith("Joint");
    }

    [Fact]
    public async Task English_switch_and_read_only_users_see_no_action()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login?lang=en");
        await page.GetByLabel("Login").FillAsync("lecture");
        await page.GetByLabel("Password").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();

        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(page.GetByText("Read-only: no action allowed.")).ToBeVisibleAsync();
        (await page.Locator("form[action*='handler=Call']").CountAsync()).ShouldBe(0);
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("en");
    }
}
