using System.Text;
using Encaisse.Tests.Support;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// A credit manager uploads bank statements from /imports in a real browser (the same operation as <c>bank import</c>),
/// reviews a credit of a flagged statement with its reasons in French, and finds the payments and the unapplied cash.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BankStatementPageTests(Browser browser)
{
    // Balanced: one credit names Bernard's open invoice for its exact amount, one names nothing.
    internal static readonly byte[] Balanced = Encoding.ASCII.GetBytes(
        ":20:STMT0316\r\n:25:FR7630006000011234567890189\r\n:28C:1/1\r\n:60F:C260315EUR0,00\r\n"
        + ":61:2603160316C480,00NTRFNONREF\r\n:86:FA-2026-0120 BOULANGERIE BERNARD\r\n"
        + ":61:2603160316C1000,00NTRFNONREF\r\n:86:VIREMENT DIVERS SANS REFERENCE\r\n:62F:C260316EUR1480,00\r\n-\r\n");

    // Closing balance 85.44 off: the statement is read and flagged, its credit waits for review.
    internal static readonly byte[] Flagged = Encoding.ASCII.GetBytes(
        ":20:STMT0317\r\n:25:FR7630006000011234567890189\r\n:28C:2/1\r\n:60F:C260316EUR1480,00\r\n"
        + ":61:2603170317C1234,56NTRFNONREF\r\n:86:REGLEMENT FA-2026-0101 DUPONT MATERIAUX\r\n:62F:C260317EUR2800,00\r\n-\r\n");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Statements_uploaded_from_imports_are_applied_flagged_and_reviewed_in_French(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today.AddDays(1)));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, server);
        await page.GotoAsync("/imports");

        await UploadAsync(page, "releve-0316.sta", Balanced);
        var result = page.GetByTestId("statement-result");
        await Assertions.Expect(result).ToContainTextAsync("2 opération(s) nouvelle(s), 0 déjà importée(s) ; 1 rapprochée(s) automatiquement, 0 à vérifier, 1 non identifiée(s).");
        await Assertions.Expect(page.GetByTestId("statement-flagged")).ToHaveCountAsync(0);

        // The same file again adds nothing.
        await UploadAsync(page, "releve-0316.sta", Balanced);
        await Assertions.Expect(page.GetByTestId("statement-result")).ToContainTextAsync("0 opération(s) nouvelle(s), 2 déjà importée(s)");

        await UploadAsync(page, "releve-0317.sta", Flagged);
        await Assertions.Expect(page.GetByTestId("statement-result")).ToContainTextAsync("0 rapprochée(s) automatiquement, 1 à vérifier");
        await Assertions.Expect(page.GetByTestId("statement-flagged")).ToContainTextAsync("1 relevé(s) signalé(s)");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ouvrir la file de vérification bancaire" })).ToBeVisibleAsync();

        // A file nobody can read is refused with its reason; nothing is written.
        await UploadAsync(page, "notes.txt", Encoding.UTF8.GetBytes("ceci n'est pas un relevé\n"));
        await Assertions.Expect(page.GetByTestId("statement-error")).ToContainTextAsync("Le relevé notes.txt ne peut pas être lu");

        await page.GotoAsync("/queues/bank");
        var review = page.GetByTestId("bank-review");
        await Assertions.Expect(review).ToHaveCountAsync(1);
        await Assertions.Expect(review.GetByTestId("flagged-statement")).ToContainTextAsync("Relevé signalé");
        await Assertions.Expect(review.GetByTestId("flagged-statement")).ToContainTextAsync("85,44");
        await Assertions.Expect(review.GetByTestId("reasons")).ToContainTextAsync("numéro de facture FA-2026-0101 lu dans le libellé");
        (await review.GetByTestId("reasons").InnerTextAsync()).ShouldNotContain("found in the remittance text");
        await Browser.ScreenshotAsync(page, "bank-review-flagged-" + provider);

        await page.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bank-review")).ToHaveCountAsync(0);

        // Payments: the two applied credits, the seeded one; unapplied cash counts the unidentified credit.
        await page.GetByRole(AriaRole.Link, new() { Name = "Règlements" }).First.ClickAsync();
        await page.WaitForURLAsync("**/payments");
        var table = page.GetByTestId("payments");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(table).ToContainTextAsync("Boulangerie Bernard");
        await Assertions.Expect(table).ToContainTextAsync("Dupont Matériaux SARL");
        await Assertions.Expect(page.GetByTestId("unapplied-cash")).ToContainTextAsync("1 000,00");

        await page.GetByLabel("Client, référence ou payeur").FillAsync("bernard");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        download.SuggestedFilename.ShouldBe("payments.csv");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldContain("411BERNARD");
        csv.ShouldContain("480.00");
        csv.ShouldNotContain("411DUPONT");
    }

    private static async Task SignInAsync(IPage page, TestServer server)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
    }

    private static async Task UploadAsync(IPage page, string name, byte[] content)
    {
        await page.GetByLabel("Fichier du relevé").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/plain", Buffer = content });
        // The form posts to the same page: wait for the server's answer, then for the page it renders.
        await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Importer le relevé" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("handler=Statement", StringComparison.Ordinal), new() { Timeout = 120_000 });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
