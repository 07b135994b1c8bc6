using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 15's bulk actions in Chromium on both databases: approve the ticked reminders (one refused meanwhile), give
/// ticked customers to a collector, send the ticked customers' statements through the SMTP sink; a read-only user
/// sees none of the bulk forms.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BulkPagesTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approving_the_ticked_reminders_sends_them_and_says_which_failed(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        Guid second;
        await using (var db = server.Database.For(server.Tenant))
        {
            var bernardInvoice = await db.Invoices.Where(i => i.Number == "FA-2026-0120").Select(i => i.Id).SingleAsync();
            var action = new DunningAction
            {
                TenantId = server.Tenant.Id, CustomerId = web.Bernard.Id, StepKey = "step:3", StepNumber = 3, Channel = DunningChannel.Email, Tone = DunningTone.Firm,
                TemplateKey = "formal-notice", Status = DunningActionStatus.AwaitingApproval, PlannedOn = WebSeed.Today, Level = 40,
                InvoiceIds = bernardInvoice.ToString(), AmountMinor = 480_00, Recipient = "luc@boulangerie-bernard.example",
                Subject = "Dernier rappel — facture FA-2026-0120", Body = "<p>Madame, Monsieur, la facture FA-2026-0120 reste impayée.</p>",
                MessageId = "step3.bernard@acme.example", NextAttemptAt = QueueSeed.Now, CreatedAt = QueueSeed.Now,
            };
            db.Add(action);
            await db.SaveChangesAsync();
            second = action.Id;
        }

        var page = await SignInAsync(server, "claire");
        await page.GotoAsync("/queues/approvals");
        await Assertions.Expect(page.GetByTestId("approval")).ToHaveCountAsync(2);
        await page.GetByLabel("Tout cocher").CheckAsync();
        await Assertions.Expect(page.GetByLabel("Sélectionner Dupont Matériaux SARL")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Sélectionner Boulangerie Bernard")).ToBeCheckedAsync();

        // Meanwhile a colleague rejects Bernard's reminder.
        await using (var db = server.Database.For(server.Tenant))
        {
            await db.Set<DunningAction>().Where(a => a.Id == second)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Skipped).SetProperty(a => a.LastError, "rejected by marie: déjà payé"));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Valider et envoyer la sélection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-summary")).ToContainTextAsync("1 validée et envoyée, 1 en échec.");
        await Assertions.Expect(page.GetByTestId("bulk-failures")).ToHaveTextAsync("La relance de 411BERNARD n'attend plus de validation.");
        await Assertions.Expect(page.GetByTestId("approval")).ToHaveCountAsync(0);

        sink.Messages().ShouldHaveSingleItem().MessageId.ShouldBe("step3.dupont@acme.example");
        await using (var db = server.Database.For(server.Tenant))
        {
            var sent = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id);
            sent.Status.ShouldBe(DunningActionStatus.Sent);
            sent.ApprovedBy.ShouldBe("claire");
            (await db.Set<DunningAction>().SingleAsync(a => a.Id == second)).LastError.ShouldBe("rejected by marie: déjà payé");
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Ticked_customers_go_to_a_collector_and_get_their_statements(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        var page = await SignInAsync(server, "claire");

        await page.GotoAsync("/customers?sort=Reference");
        var form = page.GetByTestId("bulk-customers");
        // Only users with the collector role are offered.
        (await form.GetByLabel("Chargé de recouvrement").Locator("option").AllTextContentsAsync()).ShouldBe(["—", "Marie Lefèvre (marie)"]);
        await page.GetByLabel("Sélectionner Boulangerie Bernard").CheckAsync();
        await page.GetByLabel("Sélectionner Leroy Électricité").CheckAsync();
        await form.GetByLabel("Chargé de recouvrement").SelectOptionAsync("marie");
        await form.GetByRole(AriaRole.Button, new() { Name = "Confier la sélection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-summary")).ToHaveTextAsync("2 clients confiés au chargé de recouvrement.");
        // Back on the same view of the list (sorted by reference).
        page.Url.ShouldContain("sort=Reference");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Customers.Where(c => c.ExternalRef == "411BERNARD" || c.ExternalRef == "411LEROY").Select(c => c.Collector).ToListAsync()).ShouldAllBe(c => c == "marie");
            (await db.Customers.Where(c => c.ExternalRef == "411DUPONT").Select(c => c.Collector).SingleAsync()).ShouldBe("marie");
            (await db.Set<Encaisse.Ledger.TimelineEvent>().CountAsync(e => e.Kind == "customer.collectorAssigned" && e.Actor == "claire")).ShouldBe(2);
        }

        // No collector chosen: refused as a whole.
        await page.GetByLabel("Sélectionner Boulangerie Bernard").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Confier la sélection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-problem")).ToHaveTextAsync("Choisissez un utilisateur ayant le rôle chargé de recouvrement.");

        // Statements: Dupont has an address, Martin none.
        await page.GetByLabel("Sélectionner Dupont Matériaux SARL").CheckAsync();
        await page.GetByLabel("Sélectionner Martin Transports SAS").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Envoyer les relevés de la sélection" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("bulk-summary")).ToContainTextAsync("1 relevé envoyé, 1 en échec.");
        await Assertions.Expect(page.GetByTestId("bulk-failures")).ToHaveTextAsync("Aucune adresse e-mail valide pour le client 411MARTIN.");
        var mail = sink.Messages().ShouldHaveSingleItem();
        mail.To.Mailboxes.Single().Address.ShouldBe("compta@dupont.example");
        mail.Subject.ShouldStartWith("Relevé de compte au 16/03/2026");
        mail.Attachments.Single().ContentType.MimeType.ShouldBe("application/pdf");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<CustomerDocument>().Where(d => d.CustomerId == web.Dupont.Id).Select(d => d.SentTo).SingleAsync()).ShouldBe("compta@dupont.example");
        }

        // In English.
        await page.GotoAsync("/customers?lang=en");
        await Assertions.Expect(page.GetByTestId("bulk-customers").GetByRole(AriaRole.Button, new() { Name = "Send the selection's statements" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_collector_sends_statements_but_does_not_assign_and_a_reader_sees_no_bulk_form()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);

        var collector = await SignInAsync(server, "marie");
        await collector.GotoAsync("/customers");
        await Assertions.Expect(collector.GetByTestId("bulk-customers").GetByRole(AriaRole.Button, new() { Name = "Envoyer les relevés de la sélection" })).ToBeVisibleAsync();
        await Assertions.Expect(collector.GetByRole(AriaRole.Button, new() { Name = "Confier la sélection" })).ToHaveCountAsync(0);

        var reader = await SignInAsync(server, "lecture");
        await reader.GotoAsync("/customers?collector=*");
        await Assertions.Expect(reader.Locator("table tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByTestId("bulk-customers")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("input[type=checkbox][name=customers]")).ToHaveCountAsync(0);
        await reader.GotoAsync("/queues/approvals");
        await Assertions.Expect(reader.GetByTestId("approval")).ToHaveCountAsync(1);
        await Assertions.Expect(reader.GetByTestId("bulk-approvals")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.Locator("input[name=ids]")).ToHaveCountAsync(0);
    }

    private async Task<IPage> SignInAsync(TestServer server, string login)
    {
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        return page;
    }
}
