using System.Net;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Risk.Insurance;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The factoring page in Chromium (factors, sold invoices, bordereaux to download, transfers to the factor), its roles, and
/// the insurer's declaration deadlines on the dashboard and in their work queue; a claim cancels the approvals it empties.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FactoringPageTests(Browser browser)
{
    private const string FactorIban = "FR1420041010050500013M02606";

    [Fact]
    public async Task A_credit_manager_records_the_transfer_remits_downloads_the_bordereau_and_sells_an_invoice()
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync("sqlite", clock);
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Eurofactor", FactorIban, "EUROFRPP", "EF-12", FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "Eurofactor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            clock.Advance(TimeSpan.FromMinutes(1));
            (await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Dupont.Id, Reference = "VIR-DUPONT-7", ReceivedOn = WebSeed.Today, AmountMinor = 1_234_56, CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0101")],
            }, default)).IsOk.ShouldBeTrue();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");
        // The dashboard says there is money to hand over.
        await Assertions.Expect(page.GetByTestId("transfers-to-make")).ToContainTextAsync("À reverser au factor 1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Affacturage" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "factoring");

        // The money Dupont paid us for the invoice sold to Eurofactor.
        var transfers = page.GetByTestId("transfers");
        var row = transfers.Locator("tr[data-invoice='FA-2026-0101']");
        await Assertions.Expect(row).ToContainTextAsync("Eurofactor");
        await Assertions.Expect(row.GetByTestId("to-transfer")).ToHaveTextAsync("1 234,56 €");
        await Assertions.Expect(row).ToContainTextAsync("VIR-DUPONT-7");
        await Browser.ScreenshotAsync(page, "factoring-page");
        await row.GetByPlaceholder("Référence du virement").FillAsync("VIR-EF-1");
        await row.GetByRole(AriaRole.Button, new() { Name = "Virement effectué" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("factoring-notice")).ToHaveTextAsync("Virement au factor enregistré.");
        await Assertions.Expect(page.GetByTestId("no-transfers")).ToBeVisibleAsync();

        // The bordereau, then its PDF and CSV downloaded again from the list.
        await page.GetByTestId("factors").Locator("tr[data-factor='Eurofactor']").GetByRole(AriaRole.Button, new() { Name = "Établir le bordereau" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("factoring-notice")).ToContainTextAsync("Bordereau établi");
        var made = page.GetByTestId("remittances").Locator("tr[data-remittance='BC-EUROFACTOR-0001']");
        await Assertions.Expect(made).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("assigned").Locator("tr[data-invoice='FA-2026-0101']").GetByTestId("remittance-of")).ToHaveTextAsync("BC-EUROFACTOR-0001");
        var pdf = await page.RunAndWaitForDownloadAsync(() => made.GetByTestId("download-pdf").ClickAsync());
        pdf.SuggestedFilename.ShouldBe("BC-EUROFACTOR-0001.pdf");
        (await File.ReadAllBytesAsync((await pdf.PathAsync())!)).Take(4).ShouldBe("%PDF"u8.ToArray());
        var csv = await page.RunAndWaitForDownloadAsync(() => made.GetByTestId("download-csv").ClickAsync());
        (await File.ReadAllTextAsync((await csv.PathAsync())!)).ShouldContain("BC-EUROFACTOR-0001,FA-2026-0101,411DUPONT");

        // A new factor, then an invoice sold to it from the page (the same operation as the CLI).
        await page.GetByText("Ajouter ou modifier un factor").ClickAsync();
        await page.GetByLabel("Nom").FillAsync("BPI Factor");
        await page.GetByLabel("IBAN").FillAsync("FR76 3000 6000 0112 3456 7890 189");
        await page.GetByLabel("Mode").SelectOptionAsync("Notified");
        await page.GetByTestId("factor-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("factors").Locator("tr[data-factor='BPI Factor']")).ToContainTextAsync("notifié");
        await page.GetByLabel("Numéros de pièce").FillAsync("FA-2026-9999");
        await page.Locator("#assign-factor").SelectOptionAsync("BPI Factor");
        await page.GetByTestId("assign").ClickAsync();
        await Assertions.Expect(page.GetByTestId("factoring-refusal")).ToHaveTextAsync("Facture(s) inconnue(s) : FA-2026-9999.");
        await page.GetByLabel("Numéros de pièce").FillAsync("FA-2026-0110");
        await page.Locator("#assign-factor").SelectOptionAsync("BPI Factor");
        await page.GetByTestId("assign").ClickAsync();
        await Assertions.Expect(page.GetByTestId("assigned").Locator("tr[data-invoice='FA-2026-0110']")).ToContainTextAsync("BPI Factor");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0110")).IsFactored.ShouldBeTrue();
            (await db.Set<FactoringTransfer>().SingleAsync()).Reference.ShouldBe("VIR-EF-1");
        }

        // Collectors and read-only users do not see it.
        using var collector = await SettingsSession.SignInAsync(server, "marie");
        (await collector.Client.GetAsync("/factoring")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var reader = await SettingsSession.SignInAsync(server, "lecture");
        (await reader.Client.GetAsync("/factoring")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<string> GetAsync(SettingsSession session, string path) => WebUtility.HtmlDecode(await session.Client.GetStringAsync(path));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Declaration_deadlines_show_on_the_dashboard_and_in_their_queue_and_a_claim_cancels_the_approvals_it_empties(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var onlyDeclared = new DunningAction
        {
            TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, StepKey = "step:4", StepNumber = 4, Cycle = 1, TemplateKey = "t", Status = DunningActionStatus.AwaitingApproval,
            PlannedOn = WebSeed.Today, InvoiceIds = seed.Overdue.Id.ToString(), CreatedAt = DateTimeOffset.UtcNow,
        };
        var withOpen = new DunningAction
        {
            TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, StepKey = "step:2", StepNumber = 2, Cycle = 1, TemplateKey = "t", Status = DunningActionStatus.AwaitingApproval,
            PlannedOn = WebSeed.Today, InvoiceIds = seed.Overdue.Id + "," + seed.NotDue.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = server.Database.For(server.Tenant))
        {
            db.AddRange(onlyDeclared, withOpen);
            await db.SaveChangesAsync();
            (await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Allianz Trade", "P-778", 60, 90, 90m, null, null, null), clock, default)).IsOk.ShouldBeTrue();
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 3_000m, new DateOnly(2026, 1, 1), null, "ALZ-1"),
                "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        using var session = await SettingsSession.SignInAsync(server, "claire");
        // FA-2026-0101, due 04/02/2026, must be declared by 05/04/2026: 20 days left. FA-2025-0950 was due before the limit: not covered.
        var dashboard = await GetAsync(session, "/");
        dashboard.ShouldContain("data-testid=\"declarations-due\"");
        dashboard.ShouldContain("data-stage=\"Within30\">≤ 30 jours : 1</span>");
        var queue = await GetAsync(session, "/queues/declarations");
        queue.ShouldContain("data-invoice=\"FA-2026-0101\"");
        queue.ShouldContain("05/04/2026");
        queue.ShouldNotContain("FA-2025-0950");

        // 8 days before the deadline the stage is ≤ 15 days; 3 days after, missed.
        foreach (var (day, stage) in new[] { (new DateOnly(2026, 3, 28), "data-stage=\"Within15\">≤ 15 jours : 1</span>"), (new DateOnly(2026, 4, 8), "data-stage=\"Missed\">Délai dépassé : 1</span>") })
        {
            clock.SetDate(day);
            using var later = await SettingsSession.SignInAsync(server, "claire");
            (await GetAsync(later, "/")).ShouldContain(stage);
        }

        clock.SetDate(WebSeed.Today);

        await using (var db = server.Database.For(server.Tenant))
        {
            (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var cancelled = await db.Set<DunningAction>().SingleAsync(a => a.Id == onlyDeclared.Id);
            cancelled.Status.ShouldBe(DunningActionStatus.Cancelled);
            cancelled.LastError.ShouldBe("cancelled: FA-2026-0101 declared to the credit insurer");
            (await db.Set<DunningAction>().SingleAsync(a => a.Id == withOpen.Id)).Status.ShouldBe(DunningActionStatus.AwaitingApproval);
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "dunning.cancelled");
            TimelineText.Render(entry.Data, "fr").ShouldBe("Relance n° 4 (cycle 1) annulée : FA-2026-0101 déclarée(s) à l'assureur-crédit, qui les recouvre");
        }

        (await GetAsync(session, "/queues/declarations")).ShouldContain("data-testid=\"declarations-empty\"");
        (await GetAsync(session, "/")).ShouldNotContain("data-testid=\"declarations-due\"");
    }
}
