using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Tests.Dunning.Collections;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Taking an invoice back from its factor (ADR 1840): freely before a bordereau, only as the factor's repurchase after one,
/// never while money received for it is still to be transferred; the invoice returns to the seller's dunning.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FactoringUnassignTests(Browser browser)
{
    private const string FactorIban = "FR1420041010050500013M02606";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Before_a_bordereau_the_sale_is_cancelled_after_it_only_a_repurchase_brings_the_invoice_back(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var today = WebSeed.Today;
        var runner = new DunningRunner(server.Database.Factory, clock, new DunningChannels());
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, today, default)).IsOk.ShouldBeTrue();
        }

        (await DunnedAsync(runner, server)).ShouldNotContain("FA-2026-0101");

        // Not remitted yet: the sale is simply cancelled, the invoice is the seller's again and back in its dunning.
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.UnassignAsync(db, ["FA-2026-0142"], null, "claire", clock, today, default)).Error!.Code.ShouldBe("factoring.notAssigned");
            (await FactoringOperations.UnassignAsync(db, ["FA-9999"], null, "claire", clock, today, default)).Error!.Kind.ShouldBe(ErrorKind.NotFound);
            var done = (await FactoringOperations.UnassignAsync(db, ["FA-2026-0101"], null, "claire", clock, today, default)).Value;
            done.Unassigned.ShouldBe(["FA-2026-0101"]);
            done.Repurchased.ShouldBeEmpty();
            done.BackInDunning.ShouldBe(["FA-2026-0101"]);
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.SingleAsync(i => i.Id == seed.Overdue.Id)).IsFactored.ShouldBeFalse();
            (await db.Set<FactoringAssignment>().AnyAsync()).ShouldBeFalse();
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "factoring.unassigned");
            entry.InvoiceId.ShouldBe(seed.Overdue.Id);
            TimelineText.Render(entry.Data, "fr").ShouldBe("Cession de la facture FA-2026-0101 à BPI Factor annulée avant sa remise sur un bordereau : la facture est de nouveau la nôtre");
            TimelineText.Render(entry.Data, "en").ShouldBe("Sale of invoice FA-2026-0101 to BPI Factor cancelled before it was remitted on a bordereau: the invoice is ours again");
            (await FactoringOperations.NotifiedPayeesAsync(db, seed.Dupont.Id, default)).ShouldBeEmpty();
        }

        (await DunnedAsync(runner, server)).ShouldContain("FA-2026-0101");

        // Sold again with another invoice and remitted: now the factor owns them.
        RemittanceView bordereau;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101", "FA-2025-0950"], "claire", clock, today, default)).IsOk.ShouldBeTrue();
            bordereau = (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, today, default)).Value.Single();
            bordereau.Lines.Count.ShouldBe(2);

            // Without the factor's repurchase: refused, coded, nothing changed (all or nothing).
            var refused = await FactoringOperations.UnassignAsync(db, ["FA-2026-0101", "FA-2025-0950"], "  ", "claire", clock, today, default);
            refused.Error!.Code.ShouldBe("factoring.unassign.remitted");
            refused.Error.Kind.ShouldBe(ErrorKind.Conflict);
            refused.Error.Message("fr").ShouldBe("La facture FA-2025-0950 figure sur le bordereau BC-BPIFACTOR-0001 remis à BPI Factor : elle ne revient que par une rétrocession du factor ; "
                + "indiquez la référence de la rétrocession.");
            (await FactoringOperations.UnassignAsync(db, ["FA-2026-0101"], new string('x', 101), "claire", clock, today, default)).Error!.Code.ShouldBe("factoring.unassign.reference");
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<FactoringAssignment>().CountAsync()).ShouldBe(2);
            (await db.Invoices.SingleAsync(i => i.Id == seed.Overdue.Id)).IsFactored.ShouldBeTrue();
            var repurchased = (await FactoringOperations.UnassignAsync(db, ["FA-2026-0101"], "RETRO-2026-12", "claire", clock, today, default)).Value;
            repurchased.Repurchased.ShouldBe(["FA-2026-0101"]);
            repurchased.BackInDunning.ShouldBe(["FA-2026-0101"]);
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var row = await db.Set<FactoringRepurchase>().SingleAsync();
            row.InvoiceId.ShouldBe(seed.Overdue.Id);
            row.RemittanceId.ShouldBe(bordereau.Id);
            row.Reference.ShouldBe("RETRO-2026-12");
            row.RepurchasedOn.ShouldBe(today);
            (await db.Set<FactoringAssignment>().SingleAsync()).InvoiceId.ShouldBe((await db.Invoices.SingleAsync(i => i.Number == "FA-2025-0950")).Id);
            (await db.Invoices.SingleAsync(i => i.Id == seed.Overdue.Id)).IsFactored.ShouldBeFalse();
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "factoring.repurchased");
            TimelineText.Render(entry.Data, "fr").ShouldBe("Facture FA-2026-0101 rétrocédée par BPI Factor le 16/03/2026 (bordereau BC-BPIFACTOR-0001, réf. RETRO-2026-12) : la facture est de nouveau la nôtre");
            entry.Data!.ShouldContain("\"reference\":\"RETRO-2026-12\"");

            // The bordereau downloaded again still lists what it remitted, the repurchased invoice included.
            var rebuilt = (await FactoringOperations.RemittanceAsync(db, bordereau.Id, default))!.Value.View;
            rebuilt.Lines.Select(l => l.Number).ShouldBe(["FA-2025-0950", "FA-2026-0101"]);
            rebuilt.TotalMinor.ShouldBe(bordereau.TotalMinor);
        }

        (await DunnedAsync(runner, server)).ShouldContain("FA-2026-0101");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Money_still_to_transfer_to_the_factor_blocks_the_unassignment(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var today = WebSeed.Today;
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("Eurofactor", FactorIban, "EUROFRPP", "EF-12", FactoringMode.Confidential), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "Eurofactor", ["FA-2026-0101"], "claire", clock, today, default)).IsOk.ShouldBeTrue();
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await using (var db = server.Database.For(server.Tenant))
        {
            (await new LedgerAllocations(db, server.Tenant, clock).SettleAsync(new SettlementRequest(AllocationOrigin.Manual, "claire")
            {
                NewPayment = new Payment { CustomerId = seed.Dupont.Id, Reference = "VIR-DUPONT-7", ReceivedOn = today, AmountMinor = 200_00, Currency = "EUR", CreatedAt = DateTimeOffset.UtcNow },
                Lines = [new SettlementLine("FA-2026-0101")],
            }, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var refused = await FactoringOperations.UnassignAsync(db, ["FA-2026-0101"], null, "claire", clock, today, default);
            refused.Error!.Code.ShouldBe("factoring.unassign.transferPending");
            refused.Error.Message("en").ShouldBe("Payments received for invoice FA-2026-0101 are still to be transferred to Eurofactor: record the transfer first.");
            (await FactoringTransfers.RecordAsync(db, ["FA-2026-0101"], null, today, "VIR-EF-1", "claire", clock, today, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var done = (await FactoringOperations.UnassignAsync(db, ["FA-2026-0101"], null, "claire", clock, today, default)).Value;
            done.Unassigned.ShouldBe(["FA-2026-0101"]);
            done.BackInDunning.ShouldBeEmpty("confidential factoring never took it out of dunning");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_takes_an_invoice_back_with_coded_errors(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var api = server.Api;
        (await api.PutAsJsonAsync("/api/v1/factoring/factors/BPI%20Factor", new { iban = FactorIban, bic = "BPIFFRPP", mode = "notified" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/v1/factoring/assignments", new { factor = "BPI Factor", invoices = new[] { "FA-2026-0101" } })).EnsureSuccessStatusCode();
        (await api.PostAsync("/api/v1/factoring/remittances?factor=BPI%20Factor", null)).EnsureSuccessStatusCode();

        var refused = await api.PostAsJsonAsync("/api/v1/factoring/unassignments", new { invoices = new[] { "FA-2026-0101" } });
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"factoring.unassign.remitted\"");
        var empty = await api.PostAsJsonAsync("/api/v1/factoring/unassignments", new { invoices = Array.Empty<string>() });
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var done = await api.PostAsJsonAsync("/api/v1/factoring/unassignments", new { invoices = new[] { "FA-2026-0101" }, repurchaseReference = "RETRO-1" });
        done.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await done.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("repurchased").EnumerateArray().Select(e => e.GetString()).ShouldBe(["FA-2026-0101"]);
        json.RootElement.GetProperty("backInDunning").EnumerateArray().Select(e => e.GetString()).ShouldBe(["FA-2026-0101"]);
    }

    [Fact]
    public async Task The_credit_manager_takes_the_invoice_back_from_the_invoice_page()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FactoringOperations.SetFactorAsync(db, new FactorInput("BPI Factor", FactorIban, "BPIFFRPP", "AF-778", FactoringMode.Notified), clock, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.AssignAsync(db, "BPI Factor", ["FA-2026-0101"], "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
            (await FactoringOperations.RemitAsync(db, "BPI Factor", "claire", clock, WebSeed.Today, default)).IsOk.ShouldBeTrue();
        }

        // A collector sees the sale but has no button.
        var collector = await SignInAsync(server, "marie");
        await collector.GotoAsync($"/invoices/{seed.Overdue.Id}");
        await Assertions.Expect(collector.GetByTestId("factoring-sale")).ToContainTextAsync("Cédée à BPI Factor le 16/03/2026");
        await Assertions.Expect(collector.GetByTestId("factoring-unassign")).ToHaveCountAsync(0);

        var page = await SignInAsync(server, "claire");
        await page.GotoAsync($"/invoices/{seed.Overdue.Id}");
        var card = page.GetByTestId("factoring");
        await Assertions.Expect(card.GetByTestId("factoring-remittance")).ToHaveTextAsync("Remise au factor sur le bordereau BC-BPIFACTOR-0001.");
        // No reference: refused in words, the invoice is still sold.
        await card.GetByTestId("factoring-unassign").ClickAsync();
        await Assertions.Expect(page.GetByTestId("factoring-problem")).ToContainTextAsync("elle ne revient que par une rétrocession du factor");
        await Assertions.Expect(page.GetByTestId("factoring")).ToBeVisibleAsync();
        await page.GetByLabel("Référence de la rétrocession (avis du factor)").FillAsync("RETRO-7");
        await page.GetByTestId("factoring-unassign").ClickAsync();
        await Assertions.Expect(page.GetByTestId("factoring-notice")).ToHaveTextAsync("Rétrocession de la facture FA-2026-0101 enregistrée : la facture est de nouveau la nôtre.");
        await Assertions.Expect(page.GetByTestId("factoring")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(page, "invoice-factoring-repurchased");

        await using var check = server.Database.For(server.Tenant);
        (await check.Invoices.SingleAsync(i => i.Id == seed.Overdue.Id)).IsFactored.ShouldBeFalse();
        (await check.Set<FactoringRepurchase>().SingleAsync()).RecordedBy.ShouldBe("claire");
    }

    private async Task<IPage> SignInAsync(TestServer server, string login)
    {
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login?lang=fr");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    private static async Task<List<string>> DunnedAsync(DunningRunner runner, TestServer server)
    {
        var report = await runner.RunAsync(server.Tenant, new DunningRunOptions { DryRun = true }, default);
        return report.Actions.SelectMany(a => a.Invoices).ToList();
    }
}

/// <summary><c>encaisse factoring unassign</c> through the real entry point.</summary>
[Collection(nameof(Encaisse.Tests.Dunning.Collections.ConsoleCollection))]
public sealed class FactoringUnassignCliTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unassign_refuses_a_remitted_invoice_without_the_repurchase_and_takes_it_back_with_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        Task<(int Code, string Out, string Err)> Run(params string[] args) =>
            ConsoleCapture.RunCliAsync([.. args, "--db", database.Target.ConnectionString, "--tenant", "acme"]);

        (await Run("factoring", "factor", "BPI Factor", "--iban", "FR1420041010050500013M02606", "--mode", "notified")).Code.ShouldBe(0);
        (await Run("factoring", "assign", "FA-2026-0101", "FA-2026-0142", "--factor", "BPI Factor")).Code.ShouldBe(0);
        var (code, output, err) = await Run("factoring", "unassign", "FA-2026-0142");
        code.ShouldBe(0, err);
        output.ShouldContain("1 invoice(s) taken back before remittance, 0 repurchased by the factor; back in the seller's dunning: FA-2026-0142");

        var folder = Path.Combine(Path.GetTempPath(), $"bordereaux-{Guid.NewGuid():N}");
        try
        {
            (await Run("factoring", "remit", "--factor", "BPI Factor", "--output", folder)).Code.ShouldBe(0);
            (code, _, err) = await Run("factoring", "unassign", "FA-2026-0101");
            code.ShouldBe(1);
            err.ShouldContain("BC-BPIFACTOR-0001");
            (code, output, err) = await Run("factoring", "unassign", "FA-2026-0101", "--repurchase", "RETRO-9", "--json");
            code.ShouldBe(0, err);
            using var json = JsonDocument.Parse(output);
            json.RootElement.GetProperty("repurchased").EnumerateArray().Select(e => e.GetString()).ShouldBe(["FA-2026-0101"]);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
