using Encaisse.Reporting;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15's reports page in Chromium on both databases: the aged balance and its drill-down to the invoices of a
/// bucket (all, then one collector's), the monthly KPI trend, the forecast and its backtest from the backtest's own
/// query, the most overdue customers, and the CSV/XLSX export of each table.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsPageTests(Browser browser)
{
    /// <summary>
    /// After a click that opens the invoices list, wait for the new page's response only: the checks that follow wait for
    /// its content themselves. Waiting for its "load" event timed out once in CI (stop 28) after 60 s, with the page's
    /// network idle; it did not happen again in repeated runs here.
    /// </summary>
    private static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_reports_page_shows_each_report_drills_down_and_exports(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            // Leroy (FA-2026-0110, 25 days late) to marie: the 1-30 bucket is then paul's and marie's.
            (await db.Customers.SingleAsync(c => c.ExternalRef == "411LEROY")).Collector = "marie";
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("lecture");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        // A read-only user reads the reports: it is in the navigation.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Rapports" }).ClickAsync();
        await page.WaitForURLAsync("**/reports");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Rapports");
        var aged = page.GetByTestId("report-aged");
        // On 16/03/2026: over 90 days are FA-2025-0950 (460,40 € left) and FA-2025-0800 (7 800,00 €).
        await Assertions.Expect(aged.Locator("[data-amount=over90]")).ToHaveTextAsync("8 260,40 €");
        // 31 to 60 days: FA-2026-0077 (12 500,00 €) and FA-2026-0101 (1 234,56 €).
        await Assertions.Expect(aged.Locator("[data-amount='31-60']")).ToHaveTextAsync("13 734,56 €");

        // The most overdue customers, from the customers list's own query.
        var top = page.GetByTestId("report-top");
        await Assertions.Expect(top.Locator("tbody tr").First).ToContainTextAsync("Martin Transports SAS");
        await Assertions.Expect(top.Locator("tbody tr")).ToHaveCountAsync(5);

        // KPI trend per month (the month ends with activity since September 2025, and today) and the forecast with its backtest over 8 and 13 weeks.
        await Assertions.Expect(page.GetByTestId("kpi-month")).ToHaveCountAsync(7);
        await Assertions.Expect(page.GetByTestId("kpi-month").Last.Locator("th")).ToHaveTextAsync("Aujourd'hui");
        await Assertions.Expect(page.GetByTestId("backtest-8")).ToContainTextAsync("8 dernières semaines");
        await Assertions.Expect(page.GetByTestId("backtest-13")).ToContainTextAsync("13 dernières semaines");
        await using (var db = server.Database.For(server.Tenant))
        {
            // The same figures as `report forecast-backtest` (its query, its backtest).
            var run = (await ForecastQuery.RunAsync(db, WebSeed.Today, 1, 13, default)).Single(r => r.Currency == "EUR");
            var b13 = ForecastBacktest.Of(run.Past, 13);
            var expected = Encaisse.Ledger.Currencies.FormatFrench(b13.RealisedMinor, "EUR");
            await Assertions.Expect(page.GetByTestId("backtest-13").Locator("td").Nth(1)).ToHaveTextAsync(expected);
            // The trend the dashboard draws (KpiQuery over kpi_month), month by month.
            var trend = (await KpiQuery.RunAsync(db, WebSeed.Today, 12, KpiOptions.Default, default)).Single(k => k.Current.Currency == "EUR").Trend;
            trend.Count.ShouldBe(7);
            await Assertions.Expect(page.GetByTestId("kpi-month").Last.Locator("td").First).ToHaveTextAsync(trend[^1].DsoCountback.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")));
        }

        // Per collector: paul's 1-30 amount leads to his invoices of that bucket only.
        await Assertions.Expect(aged.Locator("[data-amount='1-30']")).ToHaveTextAsync("3 630,75 €");
        var paul = page.GetByTestId("report-collectors").Locator("tr[data-collector=paul]");
        await paul.GetByRole(AriaRole.Link, new() { Name = "480,00 €" }).ClickAsync();
        await page.WaitForURLAsync("**/invoices?**", Committed);
        page.Url.ShouldContain("collector=paul");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("FA-2026-0120");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("FA-2026-0110");

        // The bucket's own link: both invoices over 90 days.
        await page.GotoAsync("/reports");
        await aged.GetByRole(AriaRole.Link, new() { Name = "Plus de 90 jours" }).ClickAsync();
        await page.WaitForURLAsync("**/invoices?**", Committed);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("FA-2025-0800");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("FA-2025-0950");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("FA-2026-0077");

        // Every table exports, CSV and XLSX.
        foreach (var table in new[] { "aged", "collectors", "kpis", "forecast", "backtest", "top" })
        {
            var csv = await page.APIRequest.GetAsync($"/reports?handler=Export&table={table}&format=csv");
            csv.Status.ShouldBe(200, table);
            csv.Headers["content-type"].ShouldStartWith("text/csv");
            var xlsx = await page.APIRequest.GetAsync($"/reports?handler=Export&table={table}&format=xlsx");
            xlsx.Status.ShouldBe(200, table);
            (await xlsx.BodyAsync()).Take(2).ShouldBe("PK"u8.ToArray());
        }

        var topCsv = await (await page.APIRequest.GetAsync("/reports?handler=Export&table=top&format=csv")).TextAsync();
        topCsv.Split("\r\n")[0].ShouldBe("customer,name,collector,riskClass,currency,open,overdue,oldestDue");
        topCsv.Split("\r\n")[1].ShouldBe("411MARTIN,Martin Transports SAS,marie,B,EUR,12500,12500,2026-01-15");
        var collectorsCsv = await (await page.APIRequest.GetAsync("/reports?handler=Export&table=collectors&format=csv")).TextAsync();
        collectorsCsv.ShouldContain("marie,EUR");
        (await page.APIRequest.GetAsync("/reports?handler=Export&table=nope&format=csv")).Status.ShouldBe(404);

        await page.GotoAsync("/reports?lang=en");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Reports");
        await Assertions.Expect(page.GetByTestId("report-aged").GetByRole(AriaRole.Link, new() { Name = "Over 90 days" })).ToBeVisibleAsync();
    }
}
