using System.Text;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The defects a new user met in the back office (issue 15), each walked in a real browser: customers list paging,
/// the invoice page's rate note in French, French payment terms from an import, the current settings tab, the portal's
/// invoice table on a 390-px phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BackOfficeDefectTests(Browser browser)
{
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
    public async Task The_customers_list_follows_its_page_number(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            // 5 seeded + 55 = 60 customers: 50 on page 1, 10 on page 2.
            for (var i = 0; i < 55; i++)
            {
                db.Customers.Add(new Customer
                {
                    TenantId = server.Tenant.Id, ExternalRef = $"411Z{i:000}", LegalName = $"Zénith Client {i:000}", Collector = "marie",
                    CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                });
            }

            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "claire");
        await page.GotoAsync("/customers?collector=*&sort=Name");
        var rows = page.Locator("main table tbody tr");
        (await rows.CountAsync()).ShouldBe(50);
        var firstOnPageOne = await rows.First.InnerTextAsync();

        await page.GotoAsync("/customers?collector=*&sort=Name&page=2");
        (await rows.CountAsync()).ShouldBe(10);
        var firstOnPageTwo = await rows.First.InnerTextAsync();
        firstOnPageTwo.ShouldNotBe(firstOnPageOne);
        // Sorted by name: page 2 holds the last ten names, Zénith Client 045 to 054.
        firstOnPageTwo.ShouldContain("Zénith Client 045");
        (await rows.Last.InnerTextAsync()).ShouldContain("Zénith Client 054");
    }

    [Fact]
    public async Task An_overdue_invoice_in_a_half_year_without_published_rates_says_so_in_french_then_in_english()
    {
        // 2026H2 has no rates in the embedded table: the claim uses 2026H1's, provisionally.
        var today = new DateOnly(2026, 9, 15);
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "claire");

        await page.GotoAsync($"/invoices/{seed.Overdue.Id}");
        var claim = page.GetByTestId("claim");
        await Assertions.Expect(claim).ToContainTextAsync("Les taux de référence du 2e semestre 2026 ne sont pas encore publiés : ceux du 1er semestre 2026 sont appliqués à titre provisoire.");
        var text = await page.Locator("main").InnerTextAsync();
        text.ShouldNotContain("reference rates");
        text.ShouldNotContain("No reference");
        (await page.GetByTestId("interest").InnerTextAsync()).ShouldContain("€");

        await page.GotoAsync($"/invoices/{seed.Overdue.Id}?lang=en");
        await Assertions.Expect(page.GetByTestId("claim")).ToContainTextAsync("The reference rates of the second half of 2026 are not published yet");
    }

    [Fact]
    public async Task French_payment_terms_are_read_at_import_shown_in_french_and_unreadable_ones_refused()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var good = "Code client;Raison sociale;Conditions de paiement\nC45;Menuiserie Morel SARL;45 jours fin de mois\nC30;Garage Petit;30 jours net\nCFM;Imprimerie Roy;fin de mois le 15\n";
        var report = await ImportAsync(server, good);
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));

        Guid morel;
        await using (var db = server.Database.For(server.Tenant))
        {
            var terms = await db.Customers.Where(c => c.ExternalRef.StartsWith("C")).ToDictionaryAsync(c => c.ExternalRef, c => c.PaymentTerms);
            terms.ShouldBe(new Dictionary<string, string?> { ["C45"] = "45eom", ["C30"] = "net30", ["CFM"] = "eom+15" });
            morel = (await db.Customers.SingleAsync(c => c.ExternalRef == "C45")).Id;
        }

        var bad = "Code client;Raison sociale;Conditions de paiement\nC99;Boulangerie Faure;quand il pourra\n";
        var refused = await ImportAsync(server, bad);
        refused.Written.ShouldBeFalse();
        var error = refused.Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(2);
        error.Reason.ShouldContain("45 jours fin de mois");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Customers.AnyAsync(c => c.ExternalRef == "C99")).ShouldBeFalse();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "claire");
        var response = await page.GotoAsync($"/customers/{morel}");
        response!.Status.ShouldBe(200);
        await Assertions.Expect(page.GetByTestId("terms")).ToHaveTextAsync("45 jours fin de mois");
        (await page.GetByTestId("terms-warning").CountAsync()).ShouldBe(0);

        // Terms stored before this check (an older import, the API) never break the page: they are named and explained.
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Customers.SingleAsync(c => c.Id == morel)).PaymentTerms = "45 jours fin de mois le 10";
            await db.SaveChangesAsync();
        }

        response = await page.GotoAsync($"/customers/{morel}");
        response!.Status.ShouldBe(200);
        await Assertions.Expect(page.GetByTestId("terms-warning")).ToContainTextAsync("Conditions de paiement « 45 jours fin de mois le 10 » illisibles");
    }

    private static async Task<ImportReport> ImportAsync(TestServer server, string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return await LedgerImport.RunAsync(server.Database.Factory, server.Tenant, ImportKind.Customers, "clients.csv", stream, new ImportOptions(),
            FakeClock.At(WebSeed.Today), default);
    }

    [Fact]
    public async Task The_current_settings_tab_is_readable()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "claire");
        foreach (var section in new[] { "plans", "templates", "rates" })
        {
            await page.GotoAsync("/settings/" + section);
            var current = page.Locator("nav.tabs a[aria-current='page']");
            (await current.CountAsync()).ShouldBe(1);
            await Assertions.Expect(current).ToBeVisibleAsync();
            var contrast = await current.EvaluateAsync<double>(ContrastScript);
            contrast.ShouldBeGreaterThanOrEqualTo(4.5, $"{section}: text and background of the current tab");
        }
    }

    /// <summary>WCAG contrast ratio between an element's text colour and its background colour (the first opaque one up the tree).</summary>
    private const string ContrastScript = """
        el => {
          const rgb = s => s.match(/[\d.]+/g).map(Number);
          const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
          let bg = null;
          for (let n = el; n && !bg; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if (c.length < 4 || c[3] > 0) bg = c; }
          bg = bg || [255, 255, 255];
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        """;

    [Fact]
    public async Task The_portal_invoice_table_fits_a_390_px_phone()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await portal.GotoAsync(path);
        await Assertions.Expect(portal.GetByTestId("portal-total")).ToBeVisibleAsync();
        // Nothing of the page is wider than the phone, and every cell of the invoice table lies inside the screen.
        (await portal.EvaluateAsync<int>("document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        var overflowing = await portal.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('main table')[0].querySelectorAll('th, td')]
              .filter(c => getComputedStyle(c).display !== 'none')
              .filter(c => { const r = c.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth + 0.5; })
              .map(c => c.textContent.trim())
            """);
        overflowing.ShouldBeEmpty();
        await Assertions.Expect(portal.Locator("main table").First).ToContainTextAsync("FA-2026-0101");
        await Browser.ScreenshotAsync(portal, "portal-phone-table");
    }
}
