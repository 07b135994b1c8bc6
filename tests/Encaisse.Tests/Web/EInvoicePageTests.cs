using System.Text;
using Encaisse.Dunning.Timeline;
using Encaisse.EInvoicing;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.EInvoicing;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// A credit manager uploads e-invoices from /imports in a real browser (the same operation as <c>import einvoice</c>),
/// sees what each file became or why it was refused, and finds on the invoice page the lifecycle statuses received
/// from the buyer and produced for the platform, in French.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EInvoicePageTests(Browser browser)
{
    private static readonly DateOnly Today = new(2026, 2, 10);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task E_invoices_uploaded_from_imports_show_their_lifecycle_on_the_invoice_page(string provider)
    {
        var clock = FakeClock.At(Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
        await page.GotoAsync("/imports");

        var xml = await File.ReadAllBytesAsync(Path.Combine(EInvoiceCorpusTests.Root, "cii/akretion-factur-x/factur-x-en16931.xml"));
        await UploadAsync(page, new FilePayload { Name = "factur-x-en16931.xml", MimeType = "application/xml", Buffer = xml },
            new FilePayload { Name = "notes.pdf", MimeType = "application/pdf", Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\nnot really a pdf\n") });
        await Assertions.Expect(page.GetByTestId("einvoice-result")).ToContainTextAsync("1 importée(s), 0 déjà connue(s), 1 refusée(s).");
        var items = page.GetByTestId("einvoice-items");
        await Assertions.Expect(items).ToContainTextAsync("F20260023");
        await Assertions.Expect(items).ToContainTextAsync("Refusée");
        (await items.InnerTextAsync()).ShouldNotContain("error");

        // The same file again creates nothing.
        await UploadAsync(page, new FilePayload { Name = "factur-x-en16931.xml", MimeType = "application/xml", Buffer = xml });
        await Assertions.Expect(page.GetByTestId("einvoice-result")).ToContainTextAsync("0 importée(s), 1 déjà connue(s), 0 refusée(s).");

        Guid invoiceId;
        await using (var db = server.Database.For(server.Tenant))
        {
            invoiceId = await db.Invoices.Where(i => i.Number == "F20260023").Select(i => i.Id).SingleAsync();
            var scope = new CollectionsScope(db, server.Tenant, clock, "test");
            (await EInvoiceStatuses.ReceiveAsync(scope, new ReceivedStatus("F20260023", 207, Today, "Quantité livrée inférieure", MessageId: "MSG-7"), default)).OrThrow();
            var ops = new LedgerOperations(db, server.Tenant, clock);
            (await ops.CreatePaymentAsync(new PaymentWrite("VIR-9", "987654321", Today, 40.00m, "EUR"), default)).OrThrow();
            (await ops.AllocateAsync(new AllocationWrite("F20260023", "VIR-9", null, 40.00m, Today), "manual", "test", default)).OrThrow();
            (await EInvoiceStatuses.ProduceCashedAsync(db, clock, default)).ShouldBe(1);
        }

        await page.GotoAsync($"/invoices/{invoiceId}");
        var statuses = page.GetByTestId("einvoice-statuses");
        await Assertions.Expect(statuses).ToContainTextAsync("Cycle de vie de l'e-facture");
        await Assertions.Expect(statuses).ToContainTextAsync("En litige (207)");
        await Assertions.Expect(statuses).ToContainTextAsync("Quantité livrée inférieure");
        await Assertions.Expect(statuses).ToContainTextAsync("Reçu de l'acheteur");
        await Assertions.Expect(statuses).ToContainTextAsync("Encaissée (212)");
        await Assertions.Expect(statuses).ToContainTextAsync("40,00");
        await Assertions.Expect(statuses).ToContainTextAsync("À transmettre");
        await Assertions.Expect(page.GetByTestId("settlements")).ToContainTextAsync("Virement");
        await Browser.ScreenshotAsync(page, "einvoice-lifecycle-" + provider);
    }

    private static async Task UploadAsync(IPage page, params FilePayload[] files)
    {
        await page.GetByLabel("Fichiers XML ou PDF Factur-X (plusieurs possibles)").SetInputFilesAsync(files);
        await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Importer les e-factures" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("handler=EInvoices", StringComparison.Ordinal), new() { Timeout = 120_000 });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
