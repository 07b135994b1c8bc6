using Microsoft.Playwright;

// Usage: Encaisse.Screenshots BASE_URL PORTAL_URL OUT_DIR
// Signs in as the demo credit manager (French UI) and saves the README screenshots: the back office at 1280 px wide,
// the customer portal at 390 px (a phone). The demo must be running (tools/screenshots.sh starts one).
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Encaisse.Screenshots BASE_URL PORTAL_URL OUT_DIR");
    return 2;
}

var (baseUrl, portalUrl, output) = (args[0].TrimEnd('/'), args[1], args[2]);
Directory.CreateDirectory(output);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

var desktop = await browser.NewContextAsync(new BrowserNewContextOptions
{
    BaseURL = baseUrl,
    Locale = "fr-FR",
    ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
});
desktop.SetDefaultTimeout(60_000);
var page = await desktop.NewPageAsync();
await page.GotoAsync("/login?lang=fr");
await page.GetByLabel("Identifiant").FillAsync("credit");
await page.GetByLabel("Mot de passe").FillAsync("encaisse-demo");
await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

async Task Shot(IPage p, string path, string file, bool fullPage = false)
{
    if (path.Length > 0)
    {
        var response = await p.GotoAsync(path);
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"{path} answered {response?.Status}");
        }
    }

    await p.WaitForLoadStateAsync(LoadState.NetworkIdle);
    await p.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, file), FullPage = fullPage, Type = ScreenshotType.Png });
    Console.WriteLine($"{file}: {p.Url}");
}

await Shot(page, "/", "dashboard.png");
await Shot(page, "/queues/approvals", "queue-approvals.png");
await Shot(page, "/settings/templates/reminder/fr", "settings-template.png");
await Shot(page, "/queues/bank", "queue-bank.png");

// The first overdue invoice of the list whose page shows a late-payment claim (a disputed one shows none).
await page.GotoAsync("/invoices?status=overdue");
var invoices = new List<string>();
foreach (var link in await page.Locator("main a[href^='/invoices/']").AllAsync())
{
    if (await link.GetAttributeAsync("href") is { } href && !invoices.Contains(href))
    {
        invoices.Add(href);
    }
}

string? withClaim = null;
foreach (var href in invoices.Take(20))
{
    await page.GotoAsync(href);
    if (await page.GetByTestId("interest").CountAsync() > 0)
    {
        withClaim = href;
        break;
    }
}

await Shot(page, withClaim ?? invoices.FirstOrDefault() ?? throw new InvalidOperationException("No overdue invoice in the demo."), "invoice.png");

var phone = await browser.NewContextAsync(new BrowserNewContextOptions
{
    Locale = "fr-FR",
    ViewportSize = new ViewportSize { Width = 390, Height = 844 },
    DeviceScaleFactor = 1,
    IsMobile = true,
    HasTouch = true,
});
phone.SetDefaultTimeout(60_000);
await Shot(await phone.NewPageAsync(), portalUrl, "portal-phone.png");
return 0;
