using Microsoft.Playwright;

namespace Encaisse.Tests.Support;

/// <summary>
/// One headless Chromium (the system's /usr/bin/chromium, never a downloaded build) shared by the test classes of
/// the "browser" collection. Pages get a French locale and a desktop or phone viewport.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>Where the tests save screenshots (gitignored); a few are copied by hand into docs/screenshots.</summary>
    public static string ScreenshotFolder
    {
        get
        {
            var folder = Path.GetFullPath(Path.Combine(RepositoryRoot(), "tests", "screenshots-out"));
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ExecutablePath}: run 'apt-get install -y chromium' (browsers are never downloaded by the tests).");
        }

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>A fresh context (own cookies) and page on <paramref name="baseAddress"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, bool phone = false)
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            DeviceScaleFactor = 1,
        });
        // Generous: on a 2-core CI machine the browser journeys run beside the database-heavy tests; a real failure
        // still fails, only later.
        context.SetDefaultTimeout(30_000);
        // Navigations (sign-in then the dashboard, the heaviest page) get longer still.
        context.SetDefaultNavigationTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(15_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
