using System.Text.RegularExpressions;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// ADR 1552, in a real browser on both databases: a selection larger than the page states says "more than 1,000" and
/// counts and totals itself up to 10,000 when the reader asks; the global search says it shows the first few of each
/// kind and links to the whole list.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ListLimitsPageTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_large_selection_is_counted_when_asked_and_the_search_shows_the_first_of_each_kind(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seeded = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var now = new DateTimeOffset(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);
        long seedOverdue;
        await using (var db = server.Database.For(server.Tenant))
        {
            seedOverdue = await db.Invoices.CountAsync(i => i.Kind == DocumentKind.Invoice && i.DueDate < WebSeed.Today && i.CancelledOn == null
                && i.GrossMinor > EF.Property<long>(i, "SettledMinor"));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.AddRange(Enumerable.Range(0, InvoiceList.ShownTotalsLimit + 1).Select(n => new Invoice
            {
                TenantId = server.Tenant.Id, CustomerId = seeded.Bernard.Id, Number = $"FB-{n:00000}", IssueDate = new DateOnly(2026, 1, 2),
                DueDate = new DateOnly(2026, 2, 1), NetMinor = 100, GrossMinor = 100, Source = "test", CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");

        // 1,001 + the seed's overdue invoices: the page says "more than 1,000" and offers to count them.
        await page.GotoAsync("/invoices?status=overdue");
        await Assertions.Expect(page.GetByTestId("invoice-totals")).ToContainTextAsync(MoreThanThousand());
        await Assertions.Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(50);
        await page.GetByTestId("invoice-count-more").ClickAsync();
        await page.WaitForURLAsync("**/invoices?status=overdue&totals=true*");
        var expected = InvoiceList.ShownTotalsLimit + 1 + seedOverdue;
        (await page.GetByTestId("invoice-totals").InnerTextAsync()).Replace("\u202f", " ", StringComparison.Ordinal).Replace("\u00a0", " ", StringComparison.Ordinal)
            .ShouldContain($"{expected / 1000} {expected % 1000:000} facture(s)");

        // The next page keeps the asked totals.
        await page.GetByRole(AriaRole.Link, new() { Name = "Suivante" }).ClickAsync();
        await page.WaitForURLAsync("**totals=true*");
        await Assertions.Expect(page.GetByTestId("invoice-totals").Locator("strong")).ToBeVisibleAsync();

        // The search shows the first eight invoices, says so, and links to the whole list.
        await page.GotoAsync("/search?q=FB-");
        await Assertions.Expect(page.GetByTestId("search-first")).ToContainTextAsync("Les 8 premiers résultats de chaque type");
        await Assertions.Expect(page.GetByTestId("search-invoices").Locator("li")).ToHaveCountAsync(8);
        await page.GetByTestId("search-invoices").GetByRole(AriaRole.Link, new() { Name = "Voir toute la liste" }).ClickAsync();
        await page.WaitForURLAsync("**/invoices?q=FB-&status=all");
        await Assertions.Expect(page.GetByTestId("invoice-totals")).ToContainTextAsync(MoreThanThousand());

        // A search whose every kind fits says nothing of the kind.
        await page.GotoAsync("/search?q=dupont");
        await Assertions.Expect(page.GetByTestId("search-first")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"plus de 1\s?000 factures")]
    private static partial Regex MoreThanThousand();
}
