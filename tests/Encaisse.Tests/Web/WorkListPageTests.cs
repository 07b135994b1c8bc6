using System.Globalization;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The lists a credit manager works from, in a real browser: the dashboard's figures and aged-balance buckets lead to
/// the invoices list whose total is the figure clicked; search, filters and export of invoices; a dispute opened on the
/// customer page found in the disputes list; the promises due this week from the dashboard, with their export.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkListPageTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Dashboard_figures_and_buckets_drill_down_to_invoices_that_add_up(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, server);

        // Overdue: six invoices past due on 16 March, their open total the dashboard's figure.
        var overdue = await page.GetByTestId("total-overdue").InnerTextAsync();
        await page.GetByTestId("total-overdue").GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/invoices?status=overdue*");
        var table = page.GetByTestId("invoices");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(6);
        (await page.GetByTestId("invoice-totals").Locator("strong").InnerTextAsync()).ShouldBe(overdue.Trim());
        await Assertions.Expect(table).ToContainTextAsync("FA-2025-0800");
        await Assertions.Expect(table).Not.ToContainTextAsync("FA-2026-0142");
        await Assertions.Expect(table).ToContainTextAsync("En retard");

        // Each aged-balance bucket: the invoices due in its range, adding up to the bucket's amount.
        foreach (var (bucket, count) in new[] { ("notDue", 1), ("1-30", 2), ("31-60", 2), ("over90", 2) })
        {
            await page.GotoAsync("/");
            var link = page.Locator($"a[data-bucket='{bucket}']");
            var amount = await link.Locator("xpath=ancestor::tr").Locator("td").InnerTextAsync();
            await link.ClickAsync();
            await page.WaitForURLAsync("**/invoices?status=open*");
            await Assertions.Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(count);
            (await page.GetByTestId("invoice-totals").Locator("strong").InnerTextAsync()).ShouldBe(amount.Trim(), bucket);
        }

        // The open-invoices figure lands on the open list: the partly paid invoice shows what is left.
        await page.GotoAsync("/");
        var openCount = int.Parse((await page.GetByTestId("open-invoices").InnerTextAsync()).Trim(), CultureInfo.InvariantCulture);
        await page.GetByTestId("open-invoices").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(openCount);
        await Assertions.Expect(page.GetByTestId("invoices").Locator("tr", new() { HasText = "FA-2025-0950" })).ToContainTextAsync("460,40");

        // Search by customer, every status; then by collector; export what the filters select.
        await page.GotoAsync("/invoices");
        await page.GetByLabel("N° de facture ou client").FillAsync("dupont");
        await page.GetByLabel("Statut").SelectOptionAsync("all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(3);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        download.SuggestedFilename.ShouldBe("invoices.csv");
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldContain("FA-2026-0101");
        csv.ShouldContain("FA-2025-0950");
        csv.ShouldContain("460.40");
        csv.ShouldNotContain("FA-2026-0120");

        await page.GetByLabel("N° de facture ou client").FillAsync("FA-2026-01");
        await page.GetByLabel("Chargé de recouvrement").SelectOptionAsync("paul");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(table).ToContainTextAsync("Boulangerie Bernard");
        await Assertions.Expect(table).ToContainTextAsync("Leroy Électricité");
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        xlsx.SuggestedFilename.ShouldBe("invoices.xlsx");

        // The invoice number opens the invoice page.
        await table.GetByRole(AriaRole.Link, new() { Name = "FA-2026-0120" }).ClickAsync();
        await page.WaitForURLAsync("**/invoices/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("FA-2026-0120");
        await Browser.ScreenshotAsync(page, "invoices-" + provider);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_dispute_opened_on_the_customer_page_and_the_week_promises_are_in_their_lists(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seeded = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, server);

        await page.GotoAsync("/disputes");
        await Assertions.Expect(page.GetByText("Aucun litige ne correspond.")).ToBeVisibleAsync();

        await page.GotoAsync($"/customers/{seeded.Dupont.Id}");
        await page.GetByText("Ouvrir un litige").ClickAsync();
        var option = page.Locator("#dispute-invoice option", new() { HasText = "FA-2026-0101" });
        await page.Locator("#dispute-invoice").SelectOptionAsync((await option.GetAttributeAsync("value"))!);
        await page.Locator("#dispute-reason").SelectOptionAsync("Price");
        await page.Locator("#dispute-desc").FillAsync("Remise de 5 % non appliquée");
        await page.Locator("form[action*='handler=Dispute'] button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enregistré");

        // The operation's refusals, shown from their codes in the reader's language: the same invoice again breaks a collections
        // rule (its own sentence, ADR 1172); an invoice of another customer is refused with the catalogue's sentence too.
        await page.GetByText("Ouvrir un litige").ClickAsync();
        await page.Locator("#dispute-invoice").SelectOptionAsync((await option.GetAttributeAsync("value"))!);
        await page.Locator("form[action*='handler=Dispute'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("edit-refusal")).ToHaveTextAsync("La facture FA-2026-0101 fait déjà l'objet d'un litige en cours.");
        string bernardInvoice;
        await using (var db = server.Database.For(server.Tenant))
        {
            bernardInvoice = (await db.Invoices.SingleAsync(i => i.CustomerId == seeded.Bernard.Id)).Id.ToString();
        }

        await page.GetByText("Ouvrir un litige").ClickAsync();
        await option.EvaluateAsync("(o, id) => o.value = id", bernardInvoice);
        await page.Locator("#dispute-invoice").SelectOptionAsync(bernardInvoice);
        await page.Locator("form[action*='handler=Dispute'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("edit-refusal")).ToContainTextAsync("Cette facture n'est pas une facture de ce client.");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<Encaisse.Dunning.Dispute>().CountAsync()).ShouldBe(1, "refused disputes write nothing");
        }

        await page.GotoAsync("/");
        await page.GetByTestId("disputes-link").ClickAsync();
        await page.WaitForURLAsync("**/disputes");
        var disputes = page.GetByTestId("disputes");
        await Assertions.Expect(disputes.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(disputes).ToContainTextAsync("Dupont Matériaux SARL");
        await Assertions.Expect(disputes).ToContainTextAsync("FA-2026-0101");
        await Assertions.Expect(disputes).ToContainTextAsync("Prix");
        await Assertions.Expect(disputes).ToContainTextAsync("Ouvert");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        csv.SuggestedFilename.ShouldBe("disputes.csv");
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!);
        text.ShouldContain("411DUPONT");
        text.ShouldContain("Price");
        await page.GetByLabel("Statut").SelectOptionAsync("rejected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Aucun litige ne correspond.")).ToBeVisibleAsync();

        // The promises due within the week, from the dashboard; kept ones are one filter away.
        await page.GotoAsync("/");
        await page.GetByTestId("promises-link").ClickAsync();
        await page.WaitForURLAsync("**/promises?to=2026-03-23");
        var promises = page.GetByTestId("promises");
        await Assertions.Expect(promises.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(promises).ToContainTextAsync("Martin Transports SAS");
        await Assertions.Expect(promises).ToContainTextAsync("5 000,00");
        await Assertions.Expect(promises).ToContainTextAsync("En attente");
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        (await File.ReadAllTextAsync((await xlsx.PathAsync())!)).ShouldContain("411MARTIN");
        await page.GetByLabel("Statut").SelectOptionAsync("kept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Aucune promesse ne correspond.")).ToBeVisibleAsync();

        // The same list in English.
        await page.GotoAsync("/disputes?lang=en");
        await Assertions.Expect(page.GetByTestId("disputes")).ToContainTextAsync("Price");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Disputes");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Customer_page_edits_terms_collector_limit_contacts_and_notes_through_the_operations(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seeded = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            // The seed's VAT numbers carry a made-up key, which the ledger's validation refuses on any edit: Bernard gets his real one.
            var bernard = await db.Customers.SingleAsync(c => c.Id == seeded.Bernard.Id);
            bernard.VatNumber = $"FR{(12 + (3 * (552100554 % 97))) % 97:00}552100554";
            await db.SaveChangesAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, server);
        await page.GotoAsync($"/customers/{seeded.Bernard.Id}");
        await Assertions.Expect(page.GetByTestId("notes")).ToContainTextAsync("Aucune note.");

        // Bernard has no contact yet: the form offers one empty row; after saving, the contact and a new empty row.
        // The credit limit has its own form (administrators and credit managers only).
        await page.GetByTestId("credit-limit-input").FillAsync("12 000,50");
        await page.GetByTestId("credit-limit-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("credit-limit")).ToContainTextAsync("12 000,50");
        await page.GetByTestId("edit-customer").Locator("summary").ClickAsync();
        await page.Locator("#edit-terms").FillAsync("45 jours fin de mois");
        await page.Locator("#edit-collector").FillAsync("marie");
        await page.Locator("#contact-name-0").FillAsync("Julie Bernard");
        await page.Locator("#contact-email-0").FillAsync("julie@bernard.example");
        await page.Locator("#contact-primary-0").CheckAsync();
        await page.Locator("form[action*='handler=Edit'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enregistré");
        await page.GetByTestId("edit-customer").Locator("summary").ClickAsync();
        await Assertions.Expect(page.Locator("#contact-name-0")).ToHaveValueAsync("Julie Bernard");
        await page.Locator("#contact-name-1").FillAsync("Service comptable");
        await page.Locator("#contact-phone-1").FillAsync("03 20 00 00 00");
        await page.Locator("form[action*='handler=Edit'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Enregistré");

        await Assertions.Expect(page.GetByTestId("terms")).ToContainTextAsync("45 jours fin de mois");
        await Assertions.Expect(page.GetByTestId("collector")).ToHaveTextAsync("marie");
        // In the identity card (the onboarding card shows the own limit beside the recommended one too).
        await Assertions.Expect(page.GetByTestId("credit-limit")).ToContainTextAsync("12 000,50");
        // In the contacts card (the audit trail on the same page also shows the values written).
        var contactsCard = page.Locator("section[aria-labelledby='contacts-h']");
        await Assertions.Expect(contactsCard.GetByText("julie@bernard.example")).ToBeVisibleAsync();
        await Assertions.Expect(contactsCard.GetByText("03 20 00 00 00")).ToBeVisibleAsync();

        // A bad e-mail is refused by the ledger's validation, in French, and nothing changes.
        await page.GetByTestId("edit-customer").Locator("summary").ClickAsync();
        await page.Locator("#contact-email-0").FillAsync("pas-une-adresse");
        await page.Locator("#contact-email-0").EvaluateAsync("e => e.type = 'text'");
        await page.Locator("form[action*='handler=Edit'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("edit-refusal")).ToContainTextAsync("Saisie incomplète ou invalide");
        await Assertions.Expect(page.GetByTestId("edit-refusal")).ToContainTextAsync("contacts[0].email");

        await using (var db = server.Database.For(server.Tenant))
        {
            var stored = await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Id == seeded.Bernard.Id);
            stored.PaymentTerms.ShouldBe("45 jours fin de mois");
            stored.Collector.ShouldBe("marie");
            stored.CreditLimitMinor.ShouldBe(1_200_050);
            stored.Contacts.Select(c => c.Name).Order().ShouldBe(["Julie Bernard", "Service comptable"]);
            stored.Contacts.Single(c => c.IsPrimary).Email.ShouldBe("julie@bernard.example");
        }

        // A free note: on the file and in the timeline.
        await page.GotoAsync($"/customers/{seeded.Bernard.Id}");
        await page.Locator("#note-text").FillAsync("Client fidèle, paie toujours après relance téléphonique.");
        await page.Locator("form[action*='handler=Note'] button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notes")).ToContainTextAsync("Client fidèle, paie toujours après relance téléphonique.");
        await Assertions.Expect(page.GetByText("Note : Client fidèle")).ToBeVisibleAsync();
    }

    private static async Task SignInAsync(IPage page, TestServer server)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
    }
}
