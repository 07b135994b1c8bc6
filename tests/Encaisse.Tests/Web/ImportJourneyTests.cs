using Encaisse.Formats.Runs;
using Encaisse.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>A credit manager imports a file with errors in a real browser: progress while it runs, then the error report.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportJourneyTests(Browser browser)
{
    [Fact]
    public async Task Import_a_file_with_errors_shows_progress_then_the_error_report()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        // Hold the import after its first progress report (1,000 rows) until the page has shown it.
        using var reached = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var runs = server.App.Services.GetRequiredService<ImportRuns>();
        runs.AfterProgress = rows =>
        {
            if (rows == 1000)
            {
                reached.Set();
                release.Wait(TimeSpan.FromMinutes(2));
            }
        };

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports" }).ClickAsync();

        await page.GetByLabel("Contenu du fichier").SelectOptionAsync("Invoices");
        await page.GetByLabel("Fichier", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "factures-mars.csv",
            MimeType = "text/csv",
            Buffer = ImportPageTests.InvoicesCsv(1500),
        });
        await page.GetByLabel("Tout ou rien : ne rien écrire et afficher les erreurs").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import en cours…" })).ToBeVisibleAsync();
        reached.Wait(TimeSpan.FromMinutes(1)).ShouldBeTrue();
        await Assertions.Expect(page.GetByTestId("import-rows")).ToHaveTextAsync("1 000 lignes lues");
        await Assertions.Expect(page.Locator("#import-bar")).Not.ToHaveAttributeAsync("value", "0");
        await Browser.ScreenshotAsync(page, "import-progress");
        release.Set();

        // The page reloads by itself once the import is over.
        await Assertions.Expect(page.GetByTestId("import-outcome")).ToContainTextAsync("Le fichier est refusé : rien n'a été écrit.");
        await Assertions.Expect(page.GetByTestId("import-rejected")).ToHaveTextAsync("2");
        var errors = page.GetByTestId("import-errors");
        await Assertions.Expect(errors.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(errors.Locator("tbody tr").First).ToContainTextAsync("Montant TTC");
        await Assertions.Expect(errors.Locator("tbody tr").First).ToContainTextAsync("1O0");
        await Assertions.Expect(errors.Locator("tbody tr").Nth(1)).ToContainTextAsync("1200");
        await Browser.ScreenshotAsync(page, "import-report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("import-errors-csv").ClickAsync());
        download.SuggestedFilename.ShouldBe("factures-mars-erreurs.csv");

        await page.GotoAsync("/imports");
        await Assertions.Expect(page.GetByTestId("import-history")).ToContainTextAsync("factures-mars.csv");
        await Assertions.Expect(page.GetByTestId("import-history")).ToContainTextAsync("Refusé, rien écrit");
    }
}
