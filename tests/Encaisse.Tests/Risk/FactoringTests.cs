using System.Net.Http.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Portal;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Factoring on both databases: an invoice sold under notified factoring leaves the seller's dunning, is remitted on a
/// bordereau once, and the portal tells the customer to pay the factor's account, never the seller's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FactoringTests(Browser browser)
{
    private const string FactorIban = "FR1420041010050500013M02606";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Notified_factoring_takes_the_invoice_out_of_dunning_and_remits_it_once(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var runner = new DunningRunner(server.Database.Factory, clock, new DunningChannels());
        (await DunnedAsync(runner, server)).ShouldContain("FA-2026-0101");

        // A formal notice of FA-2026-0101 waits for approval; another reminder lists it with an invoice the seller keeps.
        var notice = new DunningAction
        {
            TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, StepKey = "step:4", Cycle = 1, TemplateKey = "t", Status = DunningActionStatus.AwaitingApproval,
            PlannedOn = WebSeed.Today, InvoiceIds = seed.Overdue.Id.ToString(), CreatedAt = DateTimeOffset.UtcNow,
        };
        var mixed = new DunningAction
        {
            TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, StepKey = "step:2", Cycle = 1, TemplateKey = "t", Status = DunningActionStatus.Planned,
            PlannedOn = WebSeed.Today, InvoiceIds = seed.Overdue.Id + "," + seed.NotDue.Id, CreatedAt = DateTimeOffset.UtcNow,
        };
        await using (var db = server.Database.For(server.Tenant))
        {
            db.AddRange(notice, mixed);
            await db.SaveChangesAsync();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var bad = await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", "FR00 1234", null, "AF-778", FactoringMode.Notified), clock, default);
            bad.Error!.Code.ShouldBe("factoring.iban");
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Autre Factor", "FR7630006000011234567890189", null, null, FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();

            // All or nothing: one unknown number, nothing is assigned.
            var unknown = await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101", "FA-9999"], "claire", clock, WebSeed.Today, default);
            unknown.Error!.Kind.ShouldBe(ErrorKind.NotFound);
            unknown.Error.Message("fr").ShouldBe("Facture(s) inconnue(s) : FA-9999.");
            (await db.Set<FactoringAssignment>().CountAsync()).ShouldBe(0);

            var done = (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).Value;
            done.Assigned.ShouldBe(["FA-2026-0101"]);
            var again = (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).Value;
            again.Assigned.ShouldBeEmpty();
            again.AlreadyAssigned.ShouldBe(["FA-2026-0101"]);
            (await FactoringOperations.AssignAsync(db, "Autre Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).Error!.Code.ShouldBe("factoring.otherFactor");
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.SingleAsync(i => i.Number == "FA-2026-0101")).IsFactored.ShouldBeTrue();
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "factoring.assigned");
            TimelineText.Render(entry.Data, "fr").ShouldBe("Facture FA-2026-0101 cédée à BPI Factor (affacturage notifié)");
            (await db.Set<DunningAction>().SingleAsync(a => a.Id == notice.Id)).Status.ShouldBe(DunningActionStatus.Cancelled);
            (await db.Set<DunningAction>().SingleAsync(a => a.Id == mixed.Id)).Status.ShouldBe(DunningActionStatus.Planned);
            var cancelled = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "dunning.cancelled");
            TimelineText.Render(cancelled.Data, "fr").ShouldBe("Relance n° 4 (cycle 1) annulée : FA-2026-0101 cédée(s) au factor, qui les recouvre");
        }

        (await DunnedAsync(runner, server)).ShouldNotContain("FA-2026-0101");

        await using (var db = server.Database.For(server.Tenant))
        {
            var remitted = (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).Value;
            var bordereau = remitted.ShouldHaveSingleItem();
            bordereau.Reference.ShouldBe("BC-BPIFACTOR-0001");
            bordereau.Lines.ShouldHaveSingleItem().Number.ShouldBe("FA-2026-0101");
            bordereau.TotalMinor.ShouldBe(1_234_56);

            var csv = System.Text.Encoding.UTF8.GetString(await RemittanceDocuments.CsvAsync(bordereau, default));
            csv.ShouldContain("BC-BPIFACTOR-0001,FA-2026-0101,411DUPONT,Dupont Matériaux SARL,732829320");
            csv.ShouldContain("1234.56");
            var factor = (await FactoringOperations.FactorsAsync(db, default)).Single(f => f.Name == "BPI Factor");
            using var pdf = PdfDocument.Open(RemittanceDocuments.Pdf(bordereau, server.Tenant, factor));
            var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            text.ShouldContain("Bordereau de cession de créances BC-BPIFACTOR-0001");
            text.ShouldContain("FA-2026-0101");
            text.ShouldContain("1 234,56 €");
            text.ShouldContain("AF-778");

            // Never listed twice.
            (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).Value.ShouldBeEmpty();
            (await FactoringOperations.RemitAsync(db, "Nobody", "claire", clock, WebSeed.Today, default)).Error!.Code.ShouldBe("factoring.noFactor");
        }

        // The customer pays the seller anyway, exactly what the sold invoice owes: the credit settles it (the customer owes
        // nothing more) and the money is listed to transfer to the factor, with the reason on the match.
        await using (var db = server.Database.For(server.Tenant))
        {
            var statement = System.Text.Encoding.ASCII.GetBytes(":20:STMT0316\r\n:25:FR7630006000011234567890189\r\n:28C:1/1\r\n:60F:C260315EUR0,00\r\n"
                + ":61:2603160316C1234,56NTRFNONREF\r\n:86:REGLEMENT FA-2026-0101\r\n:62F:C260316EUR1234,56\r\n-\r\n");
            var summary = (await Encaisse.Payments.StatementImport.ImportFileAsync(db, new MemoryStream(statement), "releve.sta", null, false, clock, default)).Value;
            summary.AutoMatched.ShouldBe(1);
            summary.ToReview.ShouldBe(0);
            var credit = await db.Set<Encaisse.Payments.BankTransaction>().SingleAsync();
            credit.CustomerId.ShouldBe(seed.Dupont.Id);
            Encaisse.Payments.StoredProposal.Parse(credit.Proposal)!.ReasonsIn("fr")
                .ShouldContain("le libellé cite la facture FA-2026-0101, cédée à BPI Factor (affacturage notifié) : ce règlement est à reverser au factor");
            (await db.Set<Allocation>().Where(a => a.InvoiceId == seed.Overdue.Id).SumAsync(a => a.AmountMinor)).ShouldBe(1_234_56);
            var due = (await Encaisse.Risk.Factoring.FactoringTransfers.DueAsync(db, default)).ShouldHaveSingleItem();
            (due.Invoice, due.Factor, due.DueMinor).ShouldBe(("FA-2026-0101", "BPI Factor", 1_234_56L));
        }
    }

    [Fact]
    public async Task The_portal_sends_the_payment_of_a_factored_invoice_to_the_factor()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await portal.GotoAsync(path);
        // 4 094,96 € open, of which 1 234,56 € now owed to the factor.
        (await portal.GetByTestId("portal-total").InnerTextAsync()).ShouldBe("2 860,40 €");
        await Assertions.Expect(portal.GetByTestId("portal-factored")).ToHaveTextAsync("Cédée à BPI Factor");
        var pay = portal.GetByTestId("portal-factor-pay");
        await Assertions.Expect(pay).ToContainTextAsync("À régler à BPI Factor");
        await Assertions.Expect(pay).ToContainTextAsync("1 234,56 €");
        await Assertions.Expect(pay).ToContainTextAsync("FA-2026-0101");
        (await pay.GetByTestId("factor-iban").InnerTextAsync()).Replace(" ", "").ShouldBe(FactorIban);
        // The seller's own payment block names the seller's account and only what is owed to the seller.
        (await portal.Locator("section[aria-labelledby=pay-h]").InnerTextAsync()).ShouldNotContain(FactorIban[..8]);
        await Browser.ScreenshotAsync(portal, "portal-factored");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_api_sets_a_factor_assigns_and_remits_with_coded_errors(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var api = server.Api;

        var refused = await api.PutAsJsonAsync("/api/v1/factoring/factors/BPI%20Factor", new { iban = FactorIban, mode = "sometimes" });
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
        (await api.PutAsJsonAsync("/api/v1/factoring/factors/BPI%20Factor", new { iban = FactorIban, bic = "BPIFFRPP", mode = "notified" })).EnsureSuccessStatusCode();

        var missing = await api.PostAsJsonAsync("/api/v1/factoring/assignments", new { factor = "BPI Factor", invoices = new[] { "FA-0000" } });
        missing.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"factoring.noInvoice\"");

        var assigned = await api.PostAsJsonAsync("/api/v1/factoring/assignments", new { factor = "BPI Factor", invoices = new[] { "FA-2026-0101", "FA-2026-0110" } });
        assigned.EnsureSuccessStatusCode();
        (await assigned.Content.ReadAsStringAsync()).ShouldContain("FA-2026-0110");

        var remitted = await api.PostAsync("/api/v1/factoring/remittances?factor=BPI%20Factor", null);
        remitted.EnsureSuccessStatusCode();
        var body = await remitted.Content.ReadAsStringAsync();
        body.ShouldContain("BC-BPIFACTOR-0001");
        body.ShouldContain("FA-2026-0101");
        (await (await api.PostAsync("/api/v1/factoring/remittances?factor=BPI%20Factor", null)).Content.ReadAsStringAsync()).ShouldBe("[]");
    }

    private static async Task<List<string>> DunnedAsync(DunningRunner runner, TestServer server)
    {
        var report = await runner.RunAsync(server.Tenant, new DunningRunOptions { DryRun = true }, default);
        return report.Actions.SelectMany(a => a.Invoices).ToList();
    }
}
