using Encaisse.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15: global search from the top bar, in a real browser on both databases: one word finds the customer, its
/// invoices and its payments through the lists' own queries; one hit opens it; nothing found and too short say so.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SearchPageTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_top_bar_search_finds_customers_invoices_and_payments(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");

        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Rechercher un client, une facture, un paiement" });
        await box.FillAsync("dupont");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=dupont");
        await Assertions.Expect(page.GetByTestId("search-customers")).ToContainTextAsync("Dupont Matériaux SARL");
        await Assertions.Expect(page.GetByTestId("search-customers")).Not.ToContainTextAsync("Boulangerie Bernard");
        var invoices = page.GetByTestId("search-invoices");
        await Assertions.Expect(invoices.Locator("li")).ToHaveCountAsync(3);
        await Assertions.Expect(invoices).ToContainTextAsync("FA-2026-0101");
        await Assertions.Expect(invoices).ToContainTextAsync("FA-2025-0950");
        await Assertions.Expect(page.GetByTestId("search-payments")).ToContainTextAsync("VIR-0001");

        // The customer's link opens its page.
        await page.GetByTestId("search-customers").GetByRole(AriaRole.Link, new() { Name = "Dupont Matériaux SARL" }).ClickAsync();
        await page.WaitForURLAsync("**/customers/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Dupont Matériaux SARL");

        // An invoice number with one hit goes straight to the invoice.
        await page.GotoAsync("/search?q=FA-2026-0142");
        await page.WaitForURLAsync("**/invoices/*");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("FA-2026-0142");

        // A SIREN finds its customer (exact SIREN, as the customers list searches it).
        await page.GotoAsync("/search?q=552100554&x=1");
        await page.WaitForURLAsync("**/customers/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Boulangerie Bernard");

        await page.GotoAsync("/search?q=zzzqqq");
        await Assertions.Expect(page.GetByTestId("search-none")).ToContainTextAsync("Rien ne correspond à « zzzqqq »");
        await page.GotoAsync("/search?q=a");
        await Assertions.Expect(page.GetByTestId("search-short")).ToBeVisibleAsync();
        await page.GotoAsync("/search?q=dupont&lang=en");
        await Assertions.Expect(page.GetByTestId("search-invoices").Locator("h2")).ToHaveTextAsync("Invoices");
    }
}
