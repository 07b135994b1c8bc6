using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Credit insurance on both databases: the policy, a buyer's limit granted then reduced (the alert asks to stop deliveries),
/// the declaration deadlines with covered and uncovered parts, and the claim file (PDF read back, stored, on the timeline)
/// after which the declared invoices leave dunning.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InsuranceTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_reduced_limit_raises_the_alert_and_the_claim_file_declares_the_overdue_invoices_which_leave_dunning(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        var today = WebSeed.Today;
        var runner = new DunningRunner(server.Database.Factory, clock, new DunningChannels());
        (await DunnedAsync(runner, server)).ShouldContain("FA-2026-0101");

        await using (var db = server.Database.For(server.Tenant))
        {
            // No policy yet: no claim file.
            (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, today, default)).Error!.Code.ShouldBe("insurance.noPolicy");
            var bad = await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Allianz Trade", "P-778", 60, 90, 120m, null, null, null), clock, default);
            bad.Error!.Fields.Single().Field.ShouldBe("indemnity");
            (await db.Set<InsurancePolicy>().CountAsync()).ShouldBe(0);
            var policy = (await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Allianz Trade", "P-778", 60, 90, 90m, null, null, null), clock, default)).Value;
            policy.Currency.ShouldBe("EUR");
            policy.KeepDunningAfterClaim.ShouldBeFalse();

            // A sent reminder of FA-2026-0101, a formal notice kept with the documents, a dispute on the invoice not yet due.
            db.Add(new DunningAction
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, StepKey = "step:1", StepNumber = 1, Cycle = 1, TemplateKey = "t", Channel = DunningChannel.Email,
                Status = DunningActionStatus.Sent, PlannedOn = new DateOnly(2026, 2, 10), SentAt = new DateTimeOffset(2026, 2, 10, 8, 0, 0, TimeSpan.Zero),
                InvoiceIds = seed.Overdue.Id.ToString(), CreatedAt = DateTimeOffset.UtcNow,
            });
            db.Add(new CustomerDocument
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, Kind = CustomerDocumentKind.FormalNotice, FileName = "mise-en-demeure-411DUPONT-2026-03-01.pdf",
                Content = [1, 2, 3], ContentHash = "ab", AsOf = new DateOnly(2026, 3, 1), CreatedBy = "claire", CreatedAt = DateTimeOffset.UtcNow,
            });
            db.Add(new Dispute
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, AmountMinor = 200_00, Reason = DisputeReason.Quantity, OpenedOn = new DateOnly(2026, 3, 10),
                Invoices = [new DisputedInvoice { TenantId = server.Tenant.Id, InvoiceId = seed.NotDue.Id }], CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Requested, 5_000m, new DateOnly(2025, 12, 20), null, "REQ-1"),
                "claire", clock, today, default)).IsOk.ShouldBeTrue();
            var granted = (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Granted, 3_000m, new DateOnly(2026, 1, 1), null, "ALZ-1"),
                "claire", clock, today, default)).Value;
            granted.InForce.ShouldBe(3_000m);
            granted.Alerts.ShouldContain(a => a.Contains("exceeds the insured limit 3000.00 EUR"));
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Granted, null, null, null, null), "claire", clock, today, default))
                .Error!.Code.ShouldBe("insurance.amount");
            (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411NOBODY", LimitDecision.Withdrawn, null, null, null, null), "claire", clock, today, default))
                .Error!.Kind.ShouldBe(Encaisse.Operations.ErrorKind.NotFound);

            // Covered and uncovered parts: FA-2025-0950 was due before the limit started; FA-2026-0142 is beyond the 3 000 €.
            var all = (await InsuranceOperations.DeadlinesAsync(db, server.Tenant, today, default, approachingOnly: false, customerRef: "411DUPONT")).ToDictionary(r => r.Invoice);
            all["FA-2025-0950"].Open.ShouldBe(460.40m);
            all["FA-2025-0950"].Covered.ShouldBe(0m);
            all["FA-2025-0950"].UncoveredReason.ShouldBe("before-limit");
            all["FA-2026-0101"].Covered.ShouldBe(1_234.56m);
            all["FA-2026-0101"].DeclarationDeadline.ShouldBe(new DateOnly(2026, 4, 5));
            all["FA-2026-0101"].Stage.ShouldBe(DeadlineStage.Within30);
            all["FA-2026-0142"].Covered.ShouldBe(1_765.44m);
            all["FA-2026-0142"].Uncovered.ShouldBe(634.56m);
            all["FA-2026-0142"].UncoveredReason.ShouldBe("over-limit");
            // The queue: covered invoices whose deadline is within 30 days or missed.
            (await InsuranceOperations.DeadlinesAsync(db, server.Tenant, today, default)).Select(r => r.Invoice).ShouldBe(["FA-2026-0101"]);

            var reduced = (await InsuranceOperations.RecordLimitAsync(db, server.Tenant, new LimitInput("411DUPONT", LimitDecision.Reduced, 1_000m, new DateOnly(2026, 3, 10), null, "ALZ-2"),
                "claire", clock, today, default)).Value;
            reduced.InForce.ShouldBe(1_000m);
            reduced.CoverStartsOn.ShouldBe(new DateOnly(2026, 1, 1));
            reduced.Decisions.Select(d => d.Decision).ShouldBe([LimitDecision.Requested, LimitDecision.Granted, LimitDecision.Reduced]);
            reduced.Decisions.Single(d => d.InForce).DecisionReference.ShouldBe("ALZ-2");
            // Exposure 4 094,96 € (460,40 + 1 234,56 + 2 400) against the new limit of 1 000 €.
            reduced.Alerts.ShouldContain("411DUPONT: Allianz Trade reduced the limit to 1000.00 EUR on 2026-03-10 (decision ALZ-2): stop deliveries or ask a deposit; "
                + "exposure above the new limit 3094.96 EUR (orders not invoiced included)");
            var alert = await db.Set<Alert>().SingleAsync(a => a.Kind == "risk.insured-limit-cut");
            alert.Severity.ShouldBe(AlertSeverity.Critical);
            var entry = (await db.Set<TimelineEvent>().Where(e => e.Kind == "insurance.limit").ToListAsync()).OrderBy(e => e.At).ThenBy(e => e.Id).Last();
            TimelineText.Render(entry.Data, "fr")
                .ShouldBe("Allianz Trade réduit la limite à 1 000,00 € à compter du 10/03/2026 (décision ALZ-2) : arrêter les livraisons ou demander un acompte au-delà");
        }

        ClaimFile claim;
        await using (var db = server.Database.For(server.Tenant))
        {
            claim = (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, today, default)).Value;
        }

        claim.Invoices.Select(i => i.Invoice).ShouldBe(["FA-2025-0950", "FA-2026-0101"]);
        claim.Invoices[0].Open.ShouldBe(460.40m);
        claim.Invoices[1].Covered.ShouldBe(1_000m);
        claim.TotalOpen.ShouldBe(1_694.96m);
        claim.TotalCovered.ShouldBe(1_000m);
        claim.Indemnity.ShouldBe(900m);
        claim.Limit.ShouldBe(1_000m);
        claim.LimitDecisionReference.ShouldBe("ALZ-2");
        claim.Reminders.ShouldHaveSingleItem().Invoices.ShouldBe(["FA-2026-0101"]);
        claim.FormalNotices.ShouldHaveSingleItem().FileName.ShouldBe("mise-en-demeure-411DUPONT-2026-03-01.pdf");
        claim.Disputes.ShouldHaveSingleItem().Invoices.ShouldBe(["FA-2026-0142"]);
        claim.LeftDunning.ShouldBeTrue();

        using (var pdf = PdfDocument.Open(claim.Pdf))
        {
            var text = string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            text.ShouldContain("Déclaration de menace de sinistre — Dupont Matériaux SARL");
            text.ShouldContain("Police n° P-778");
            text.ShouldContain("SIREN : 732 829 320");
            text.ShouldContain("Limite de crédit agréée : 1 000,00 €, depuis le 01/01/2026 (décision ALZ-2)");
            text.ShouldContain("FA-2025-0950");
            text.ShouldContain("460,40 €");
            text.ShouldContain("1 234,56 €");
            text.ShouldContain("10/02/2026, relance n° 1 par e-mail (FA-2026-0101)");
            text.ShouldContain("mise-en-demeure-411DUPONT-2026-03-01.pdf");
            text.ShouldContain("ouvert le 10/03/2026 sur FA-2026-0142");
            text.ShouldContain("900,00 €");
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            var stored = await db.Set<CustomerDocument>().SingleAsync(d => d.Kind == CustomerDocumentKind.InsuranceClaim);
            stored.Id.ShouldBe(claim.DocumentId);
            stored.Content.ShouldBe(claim.Pdf);
            stored.FileName.ShouldBe("sinistre-411DUPONT-2026-03-16.pdf");
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "insurance.claimed");
            TimelineText.Render(entry.Data, "fr").ShouldBe("Déclaration de sinistre à Allianz Trade : 2 facture(s) (FA-2025-0950, FA-2026-0101), 1 694,96 € impayés "
                + "dont 1 000,00 € garantis ; l'assureur recouvre, les relances s'arrêtent");
            (await db.Set<InsuranceDeclaration>().CountAsync()).ShouldBe(2);
            (await db.Set<DunningHold>().CountAsync(h => h.InvoiceId == seed.Overdue.Id && h.Kind == DunningHoldKind.Exclusion)).ShouldBe(1);
            // Declared: off the deadline queue, and not declared twice.
            (await InsuranceOperations.DeadlinesAsync(db, server.Tenant, today, default)).ShouldBeEmpty();
            (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, today, default)).Error!.Code.ShouldBe("insurance.nothingToDeclare");
        }

        // The insurer collects now: the declared invoices leave the seller's dunning.
        var dunned = await DunnedAsync(runner, server);
        dunned.ShouldNotContain("FA-2026-0101");
        dunned.ShouldNotContain("FA-2025-0950");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task When_the_tenant_keeps_dunning_a_declared_invoice_is_still_reminded(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var clock = FakeClock.At(WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await InsuranceOperations.SetPolicyAsync(db, server.Tenant, new PolicyInput("Coface", null, 90, 60, 85m, 5_000m, null, true), clock, default)).IsOk.ShouldBeTrue();
            var claim = (await InsuranceOperations.ClaimAsync(db, server.Tenant, "411DUPONT", "claire", clock, WebSeed.Today, default)).Value;
            claim.LeftDunning.ShouldBeFalse();
            // No named limit: the discretionary 5 000 € covers both overdue invoices.
            claim.Limit.ShouldBeNull();
            claim.TotalCovered.ShouldBe(1_694.96m);
            (await db.Set<DunningHold>().CountAsync()).ShouldBe(0);
        }

        var runner = new DunningRunner(server.Database.Factory, clock, new DunningChannels());
        (await DunnedAsync(runner, server)).ShouldContain("FA-2026-0101");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_api_sets_the_policy_records_limits_and_files_a_claim_with_coded_errors(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var api = server.Api;

        (await api.GetAsync("/api/v1/insurance/policy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var refused = await api.PutAsJsonAsync("/api/v1/insurance/policy", new { insurer = "Atradius", declarationDays = 0, maxCreditDays = 60, indemnityPercent = 90 });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("declarationDays");
        (await api.PutAsJsonAsync("/api/v1/insurance/policy", new { insurer = "Atradius", policyNumber = "AT-1", declarationDays = 60, maxCreditDays = 60, indemnityPercent = 90 }))
            .EnsureSuccessStatusCode();
        using (var policy = JsonDocument.Parse(await api.GetStringAsync("/api/v1/insurance/policy")))
        {
            policy.RootElement.GetProperty("insurer").GetString().ShouldBe("Atradius");
            policy.RootElement.GetProperty("declarationDays").GetInt32().ShouldBe(60);
        }

        var badDecision = await api.PostAsJsonAsync("/api/v1/customers/411DUPONT/insurance/limits", new { decision = "maybe", amount = 1000 });
        badDecision.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badDecision.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"insurance.decision\"");
        var granted = await api.PostAsJsonAsync("/api/v1/customers/411DUPONT/insurance/limits",
            new { decision = "granted", amount = 2000, on = "2026-01-01", decisionReference = "AT-G1" });
        granted.EnsureSuccessStatusCode();
        using (var history = JsonDocument.Parse(await granted.Content.ReadAsStringAsync()))
        {
            history.RootElement.GetProperty("inForce").GetDecimal().ShouldBe(2000m);
        }

        var withdrawn = await api.PostAsJsonAsync("/api/v1/customers/411DUPONT/insurance/limits", new { decision = "withdrawn", on = "2026-03-15", decisionReference = "AT-W2" });
        (await withdrawn.Content.ReadAsStringAsync()).ShouldContain("Atradius withdrew the limit on 2026-03-15 (decision AT-W2): stop deliveries or ask a deposit");

        var deadlines = await api.GetStringAsync("/api/v1/insurance/deadlines?all=true&customer=411DUPONT");
        deadlines.ShouldContain("\"uncoveredReason\": \"withdrawn\"");

        var pdf = await api.PostAsync("/api/v1/customers/411DUPONT/insurance/claims?format=pdf", null);
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await pdf.Content.ReadAsByteArrayAsync())[..4].ShouldBe("%PDF"u8.ToArray());
        var again = await api.PostAsync("/api/v1/customers/411DUPONT/insurance/claims", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"insurance.nothingToDeclare\"");
        (await api.PostAsync("/api/v1/customers/411NOBODY/insurance/claims", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_credit_manager_sets_the_policy_and_files_the_claim_from_the_customer_page()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login?lang=fr");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        // The settings page: a refused value is explained, a valid policy is saved.
        await page.GotoAsync("/settings/insurance");
        await Assertions.Expect(page.GetByTestId("no-policy")).ToBeVisibleAsync();
        await page.GetByLabel("Assureur-crédit").FillAsync("Allianz Trade");
        await page.GetByLabel("Numéro de police").FillAsync("P-778");
        await page.GetByLabel("Délai de déclaration (jours après l'échéance d'origine)").FillAsync("60");
        await page.GetByLabel("Durée maximale de crédit (jours)").FillAsync("90");
        await page.GetByLabel("Quotité garantie (%)").FillAsync("150");
        await page.GetByTestId("insurance-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("insurance-refusal")).ToContainTextAsync("indemnity");
        await page.GetByLabel("Quotité garantie (%)").FillAsync("90");
        await page.GetByLabel("Limite discrétionnaire").FillAsync("1000");
        await page.GetByTestId("insurance-save").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Enregistré.");

        // The customer page: the cover per invoice, then the claim button.
        await page.GotoAsync($"/customers/{seed.Dupont.Id}");
        var card = page.GetByTestId("insurance");
        await Assertions.Expect(card.Locator("h2")).ToHaveTextAsync("Assurance-crédit — Allianz Trade");
        await Assertions.Expect(card.GetByTestId("insured-limit")).ToContainTextAsync("limite discrétionnaire 1 000,00 €");
        // Discretionary 1 000 €: FA-2025-0950 (460,40 €, due first) is covered, FA-2026-0101 for the 539,60 € left.
        await Assertions.Expect(card.Locator("tr[data-invoice='FA-2026-0101'] td").Nth(4)).ToHaveTextAsync("539,60 €");
        await card.GetByTestId("insurance-claim").ClickAsync();
        await Assertions.Expect(page.GetByTestId("doc-notice")).ToHaveTextAsync("Déclaration de sinistre établie et conservée avec les documents du client.");
        await Assertions.Expect(page.GetByTestId("stored-document").First).ToHaveTextAsync("Déclaration de sinistre (assurance-crédit)");
        await Assertions.Expect(page.GetByTestId("insurance").Locator("tr[data-invoice='FA-2026-0101']")).ToContainTextAsync("Déclarée le 16/03/2026");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Déclaration de sinistre à Allianz Trade");
        await Browser.ScreenshotAsync(page, "insurance-claim");

        // Filed again: nothing left to declare, said in words.
        await page.GetByTestId("insurance").GetByTestId("insurance-claim").ClickAsync();
        await Assertions.Expect(page.GetByTestId("doc-problem")).ToContainTextAsync("aucune facture échue non déclarée");
    }

    private static async Task<List<string>> DunnedAsync(DunningRunner runner, TestServer server)
    {
        var report = await runner.RunAsync(server.Tenant, new DunningRunOptions { DryRun = true }, default);
        return report.Actions.SelectMany(a => a.Invoices).ToList();
    }
}
