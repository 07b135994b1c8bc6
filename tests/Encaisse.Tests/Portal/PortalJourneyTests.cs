using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Portal;
using Encaisse.Portal.Storage;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Portal;

/// <summary>The customer's side in a real browser (phone-sized): dispute an invoice, promise a date, and what the collector then sees.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalJourneyTests(Browser browser)
{
    [Fact]
    public async Task Portal_dispute_is_stored_and_shown_on_the_customer_page()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        // Before the dispute, the dunning run would remind Dupont of the overdue invoice.
        var runner = new DunningRunner(server.Database.Factory, FakeClock.At(WebSeed.Today), new DunningChannels());
        (await DunnedInvoicesAsync(runner, server, "411DUPONT")).ShouldContain("FA-2026-0101");

        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await portal.GotoAsync(path);
        await Assertions.Expect(portal.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Dupont Matériaux SARL");
        (await portal.GetByTestId("portal-total").InnerTextAsync()).ShouldBe("4 094,96 €");
        (await portal.GetByTestId("rf").InnerTextAsync()).Replace(" ", "").ShouldBe(CreditorReference.From("411DUPONT"));
        await Assertions.Expect(portal.GetByTestId("epc-qr").Locator("svg")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(portal, "portal-phone");

        await portal.GetByLabel("Facture", new() { Exact = true }).SelectOptionAsync(seed.Overdue.Id.ToString());
        await portal.GetByLabel("Motif", new() { Exact = true }).SelectOptionAsync("Quality");
        await portal.GetByLabel("Description", new() { Exact = true }).FillAsync("Palettes livrées abîmées");
        await portal.GetByLabel("Pièce jointe (facultatif, 5 Mo max.)").SetInputFilesAsync(new FilePayload
        {
            Name = "photo.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        });
        await portal.Locator("form[action*='handler=Dispute'] button[type=submit]").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("portal-notice")).ToContainTextAsync("contestation est enregistrée");

        await using (var db = server.Database.For(server.Tenant))
        {
            var dispute = await db.Set<Dispute>().Include(d => d.Invoices).SingleAsync();
            dispute.Channel.ShouldBe("portal");
            dispute.Reason.ShouldBe(DisputeReason.Quality);
            dispute.AmountMinor.ShouldBe(1_234_56);
            dispute.Invoices.Single().InvoiceId.ShouldBe(seed.Overdue.Id);
            (await db.Set<PortalAttachment>().SingleAsync()).DisputeId.ShouldBe(dispute.Id);
            (await db.Set<Encaisse.Ledger.TimelineEvent>().CountAsync(e => e.Kind == "dispute.opened" && e.Actor == "portal")).ShouldBe(1);
        }

        // At once: the next run no longer reminds the customer of the disputed invoice (its other invoices go on).
        (await DunnedInvoicesAsync(runner, server, "411DUPONT")).ShouldNotContain("FA-2026-0101");

        var office = await SignInAsync(server, "claire");
        await office.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(office.GetByTestId("disputes")).ToContainTextAsync("Qualité");
        await Assertions.Expect(office.GetByTestId("disputes")).ToContainTextAsync("portail");
        await Assertions.Expect(office.GetByTestId("timeline")).ToContainTextAsync("Litige ouvert sur FA-2026-0101");
        var download = await office.RunAndWaitForDownloadAsync(() => office.GetByTestId("attachment").ClickAsync());
        download.SuggestedFilename.ShouldBe("photo.png");
    }

    /// <summary>The invoices a dry dunning run would remind the customer of today.</summary>
    private static async Task<List<string>> DunnedInvoicesAsync(DunningRunner runner, TestServer server, string customerRef)
    {
        var report = await runner.RunAsync(server.Tenant, new DunningRunOptions { DryRun = true }, default);
        return report.Actions.Where(a => a.CustomerRef == customerRef).SelectMany(a => a.Invoices).ToList();
    }

    [Fact]
    public async Task Portal_promise_is_shown_to_the_collector_and_a_revoked_link_is_refused()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        var portal = await browser.NewPageAsync(server.BaseAddress);
        await portal.GotoAsync(path);
        await portal.GetByLabel("Date promise").FillAsync("2026-03-27");
        await portal.GetByLabel("Montant (€, facultatif : tout le solde)").FillAsync("1 500,50");
        await portal.Locator("form[action*='handler=Promise'] button[type=submit]").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("portal-notice")).ToContainTextAsync("engagement de paiement");
        await portal.GetByLabel("Message", new() { Exact = true }).FillAsync("Pouvez-vous m'envoyer le bon de livraison ?");
        await portal.Locator("form[action*='handler=Message'] button[type=submit]").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("portal-notice")).ToContainTextAsync("message a été transmis");
        await Browser.ScreenshotAsync(portal, "portal");

        var office = await SignInAsync(server, "marie");
        await office.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(office.GetByTestId("promises")).ToContainTextAsync("27/03/2026");
        await Assertions.Expect(office.GetByTestId("promises")).ToContainTextAsync("1 500,50 €");
        await Assertions.Expect(office.GetByTestId("timeline")).ToContainTextAsync("Message du client");
        await office.GotoAsync("/");
        await Assertions.Expect(office.GetByText("Répondre au message du client")).ToBeVisibleAsync();

        await using (var db = server.Database.For(server.Tenant))
        {
            var promise = await db.Set<PromiseToPay>().SingleAsync(p => p.CustomerId == seed.Dupont.Id);
            promise.Channel.ShouldBe("portal");
            promise.AmountMinor.ShouldBe(1_500_50);
            promise.RecordedBy.ShouldBe("portal");
            (await PortalLinks.RevokeAllAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, default)).ShouldBe(1);
        }

        var refused = await portal.GotoAsync(path);
        refused!.Status.ShouldBe(404);
    }

    private async Task<IPage> SignInAsync(TestServer server, string login)
    {
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
        return page;
    }
}
