using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web.Settings;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15 leftovers in a real browser: the legal calculator's refusals (invoice page, penalty policy form) in the
/// reader's language from their codes, the API's coded refusals, and the main menu on one line at 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReaderLanguageTests(Browser browser)
{
    private static async Task<IPage> SignedInAsync(Browser browser, TestServer server, string login, int width = 1366, int height = 900)
    {
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_policy_form_refuses_in_the_readers_language_and_the_api_answers_with_the_code(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        var page = await SignedInAsync(browser, server, SettingsSession.AdminLogin);

        await page.GotoAsync("/settings/rates");
        var rate = page.GetByLabel("Taux contractuel annuel (%)");
        await rate.FillAsync("douze");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-refusal")).ToContainTextAsync("Le taux contractuel est un pourcentage annuel, par exemple 12,5.");
        await rate.FillAsync("120");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-refusal")).ToContainTextAsync("Le taux contractuel est un pourcentage annuel compris entre 0 et 100.");

        await page.GotoAsync("/settings/rates?lang=en");
        await page.GetByLabel("Contractual annual rate (%)").FillAsync("7.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-refusal"))
            .ToContainTextAsync("The contractual rate 7.5 % is below the legal floor of 7.86 % (3 × the legal rate of 2.62 %) in the first half of 2026");

        // The API: the English text with the code and its data, on the field.
        var refused = await server.Api.PutAsJsonAsync("/api/v1/legal/policy", new { contractualRate = 7.5m });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("legal.rate.belowFloor");
        problem.GetProperty("errors").GetProperty("contractualRate")[0].GetString()!.ShouldContain("below the legal floor of 7.86 %");
        var days = await server.Api.PutAsJsonAsync("/api/v1/legal/policy", new { noticeDays = 0 });
        days.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await days.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("legal.noticeDays");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_claim_the_calculator_refuses_is_explained_in_french_on_the_invoice_page_and_coded_in_the_api(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        Guid eurInvoice;
        await using (var db = server.Database.For(server.Tenant))
        {
            // An older overdue invoice in dollars: one claim per currency, so Bernard's claim is refused.
            var now = DateTimeOffset.UtcNow;
            db.Add(new Invoice
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Bernard.Id, Number = "FA-2026-0099", Currency = "USD", IssueDate = new DateOnly(2026, 1, 2),
                DueDate = new DateOnly(2026, 2, 1), NetMinor = 1_000_00, TaxMinor = 200_00, GrossMinor = 1_200_00, Source = "demo", CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
            eurInvoice = db.Invoices.Single(i => i.Number == "FA-2026-0120").Id;
        }

        var page = await SignedInAsync(browser, server, "claire");
        await page.GotoAsync($"/invoices/{eurInvoice}");
        await Assertions.Expect(page.GetByTestId("claim"))
            .ToContainTextAsync("Les pénalités ne peuvent pas être calculées : La facture FA-2026-0120 est en EUR, la réclamation en USD : une réclamation par devise.");
        (await page.Locator("main").InnerTextAsync()).ShouldNotContain("one claim per currency");
        await page.GotoAsync($"/invoices/{eurInvoice}?lang=en");
        await Assertions.Expect(page.GetByTestId("claim")).ToContainTextAsync("Invoice FA-2026-0120 is in EUR, the claim in USD: one claim per currency.");

        var claim = await server.Api.GetAsync("/api/v1/legal/customers/411BERNARD/claim");
        claim.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await claim.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("legal.claim.currencyMismatch");
        problem.GetProperty("detail").GetString().ShouldBe("Invoice FA-2026-0120 is in EUR, the claim in USD: one claim per currency.");
        problem.GetProperty("data").GetProperty("invoice").GetString().ShouldBe("FA-2026-0120");
        var badDate = await server.Api.GetAsync("/api/v1/legal/customers/411DUPONT/claim?noticeDate=01-03-2026");
        (await badDate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("legal.noticeDateFormat");
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task The_main_menu_stays_on_one_line_at_1280_pixels(string lang)
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        // A credit manager sees every entry (settings, factoring, imports): the longest menu.
        var page = await SignedInAsync(browser, server, "claire", 1280, 800);
        await page.GotoAsync("/customers?lang=" + lang);
        var items = page.Locator("nav.mainnav li a");
        (await items.CountAsync()).ShouldBe(11);
        var first = (await items.First.BoundingBoxAsync())!;
        var last = (await items.Last.BoundingBoxAsync())!;
        last.Y.ShouldBe(first.Y, 1);
        last.Height.ShouldBe(first.Height, 1);
        // Each label on one line, every entry visible without scrolling at 1280 px.
        var nav = (await page.Locator("nav.mainnav").BoundingBoxAsync())!;
        nav.Height.ShouldBeLessThan(first.Height * 2);
        (last.X + last.Width).ShouldBeLessThanOrEqualTo(nav.X + nav.Width);
        var widths = await page.Locator("nav.mainnav").EvaluateAsync<int[]>("n => [n.scrollWidth, n.clientWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1]);
        await Browser.ScreenshotAsync(page, "menu-1280-" + lang);

        // Narrower (a small laptop, a tablet): still one line, the menu scrolls sideways and stays usable.
        await page.SetViewportSizeAsync(800, 800);
        first = (await items.First.BoundingBoxAsync())!;
        last = (await items.Last.BoundingBoxAsync())!;
        last.Y.ShouldBe(first.Y, 1);
        await items.Last.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/imports", StringComparison.Ordinal));
    }
}
