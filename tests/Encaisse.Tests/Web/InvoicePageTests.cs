using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The invoice page in a real browser: reached from the customer's open items, it shows the legal picture.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InvoicePageTests(Browser browser)
{
    private static string Text(string s) => s.Replace('\u202F', ' ').Replace('\u00A0', ' ');

    private static async Task SignInAsync(IPage page, string login, string lang = "fr")
    {
        await page.GotoAsync("/login?lang=" + lang);
        await page.GetByLabel(lang == "fr" ? "Identifiant" : "Login").FillAsync(login);
        await page.GetByLabel(lang == "fr" ? "Mot de passe" : "Password").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = lang == "fr" ? "Se connecter" : "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_overdue_invoice_shows_payments_open_amount_missing_mentions_and_the_claim_of_today(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "marie");

        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "FA-2025-0950" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facture FA-2025-0950", Level = 1 })).ToBeVisibleAsync();

        // 860,40 € due 19/11/2025, 400,00 € received 01/12/2025, 460,40 € open on 16/03/2026.
        Text(await page.GetByTestId("open-amount").InnerTextAsync()).ShouldBe("460,40 €");
        await Assertions.Expect(page.GetByTestId("settlements")).ToContainTextAsync("VIR-0001");
        Text(await page.GetByTestId("settlements").InnerTextAsync()).ShouldContain("400,00 €");
        await Assertions.Expect(page.GetByTestId("due-date")).ToHaveTextAsync("19/11/2025");
        await Assertions.Expect(page.GetByTestId("terms")).ToContainTextAsync("Délai conforme");
        // Five years from the due date, restarted by the partial payment of 01/12/2025.
        await Assertions.Expect(page.GetByTestId("prescription")).ToContainTextAsync("Acquise le 01/12/2030");

        // 12 d × 860,40 × 12,15 % = 3,44; 30 d × 460,40 × 12,15 % = 4,60; 75 d in 2026H1 × 460,40 × 12,15 % = 11,49.
        Text(await page.GetByTestId("interest").InnerTextAsync()).ShouldBe("19,53 €");
        Text(await page.GetByTestId("indemnity").InnerTextAsync()).ShouldBe("40,00 €");
        Text(await page.GetByTestId("claim-total").InnerTextAsync()).ShouldBe("59,53 €");
        (await page.GetByTestId("periods").Locator("tbody tr").CountAsync()).ShouldBe(3);
        await Assertions.Expect(page.GetByTestId("days-late")).ToHaveTextAsync("117");

        // The seeded tenant has no SIREN, VAT number nor address: the supplier mentions are missing on every invoice.
        var missing = page.GetByTestId("missing-mentions");
        await Assertions.Expect(missing).ToContainTextAsync("SIREN du fournisseur");
        await Assertions.Expect(missing).ToContainTextAsync("242 nonies A");
        (await missing.Locator("li").CountAsync()).ShouldBe(3);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "invoice");
        }

        await page.GetByTestId("customer-link").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dupont Matériaux SARL" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Terms_beyond_the_legal_cap_warn_and_a_read_only_user_reads_the_page_in_english()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        Invoice late;
        await using (var db = server.Database.For(server.Tenant))
        {
            late = new Invoice
            {
                TenantId = server.Tenant.Id,
                CustomerId = seed.Dupont.Id,
                Number = "FA-2026-0150",
                IssueDate = new DateOnly(2026, 1, 2),
                DueDate = new DateOnly(2026, 3, 31),
                NetMinor = 100_00,
                TaxMinor = 20_00,
                GrossMinor = 120_00,
                Source = "test",
            };
            db.Add(late);
            (await db.Customers.SingleAsync(c => c.Id == seed.Dupont.Id)).PaymentTerms = "net75";
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "lecture", "en");
        await page.GotoAsync($"/invoices/{late.Id}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Invoice FA-2026-0150", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("terms-warnings")).ToContainTextAsync("past the legal maximum 2026-03-17");
        await Assertions.Expect(page.GetByTestId("prescription")).ToContainTextAsync("Expires on");
        await Assertions.Expect(page.GetByTestId("claim")).ToContainTextAsync("Nothing to claim");
        await Assertions.Expect(page.GetByTestId("missing-mentions")).ToContainTextAsync("Supplier SIREN");
        (await page.Locator("main form[method=post]").CountAsync()).ShouldBe(0);

        // The customer's agreed terms are checked against the cap on the customer page too.
        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(page.GetByTestId("terms-warning").First).ToContainTextAsync("75 days net");

        var response = await page.GotoAsync($"/invoices/{Guid.NewGuid()}");
        response!.Status.ShouldBe(404);
    }
}
