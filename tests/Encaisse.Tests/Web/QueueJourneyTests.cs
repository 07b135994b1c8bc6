using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MimeKit;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Web;

/// <summary>The work queues and the customer documents in a real browser, with a real SMTP server behind the tenant's settings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QueueJourneyTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Approving_a_reminder_sends_it_to_the_smtp_server(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        var page = await SignInAsync(server, "claire");

        await page.GetByRole(AriaRole.Link, new() { Name = "Files de travail" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("queue-counts")).ToContainTextAsync("Relances à valider");
        await page.GetByRole(AriaRole.Link, new() { Name = "Relances à valider" }).First.ClickAsync();
        var card = page.GetByTestId("approval");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.GetByTestId("subject")).ToHaveTextAsync("Dernier rappel avant mise en demeure — facture FA-2026-0101");
        // The preview is the stored body itself, rendered in a sandboxed frame.
        await Assertions.Expect(page.Locator("iframe.preview").First.ContentFrame.Locator("strong")).ToHaveTextAsync("FA-2026-0101");
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "queue-approvals");
        }

        await card.GetByRole(AriaRole.Button, new() { Name = "Valider et envoyer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Relance validée et envoyée.");
        await Assertions.Expect(page.GetByTestId("approval")).ToHaveCountAsync(0);

        var mail = sink.Messages().ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Dernier rappel avant mise en demeure — facture FA-2026-0101");
        mail.To.Mailboxes.Single().Address.ShouldBe("compta@dupont.example");
        mail.MessageId.ShouldBe("step3.dupont@acme.example");
        mail.HtmlBody.ShouldNotBeNull().ShouldContain("<strong>FA-2026-0101</strong>");
        await using var db = server.Database.For(server.Tenant);
        var action = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id);
        action.Status.ShouldBe(DunningActionStatus.Sent);
        action.ApprovedBy.ShouldBe("claire");
        action.Outcome.ShouldNotBeNull().ShouldContain("stored 1");
        (await db.Set<TimelineEvent>().Where(e => e.CustomerId == web.Dupont.Id).Select(e => e.Kind).ToListAsync())
            .ShouldBe(["dunning.approved", "dunning.sent"], ignoreOrder: true);
        (await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "dunning.approved")).Actor.ShouldBe("claire");
        // The failed row of another customer was not touched by this "send now".
        (await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id)).Status.ShouldBe(DunningActionStatus.Failed);
    }

    [Fact]
    public async Task Rejecting_a_reminder_needs_a_reason_and_sends_nothing()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        var page = await SignInAsync(server, "claire");
        await page.GotoAsync("/queues/approvals");
        // The reminder's own reject (the page also has "Refuser la sélection" for the ticked ones).
        var card = page.GetByTestId("approval");
        await card.GetByText("Refuser").ClickAsync();
        await card.GetByLabel("Motif du refus").FillAsync("Client en négociation avec le commercial");
        await card.GetByRole(AriaRole.Button, new() { Name = "Confirmer le refus" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Relance refusée.");

        sink.Messages().ShouldBeEmpty();
        await using var db = server.Database.For(server.Tenant);
        var action = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id);
        action.Status.ShouldBe(DunningActionStatus.Skipped);
        action.LastError.ShouldBe("rejected by claire: Client en négociation avec le commercial");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Reviewing_bank_matches_accepts_one_and_splits_another(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        var page = await SignInAsync(server, "claire");

        await page.GotoAsync("/queues/bank");
        var cards = page.GetByTestId("bank-review");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        var exact = cards.Filter(new() { HasText = "VIR FACTURE FA-2026-0101" });
        // The matcher's own explanation is shown with its proposal.
        (await exact.GetByTestId("reasons").Locator("li").CountAsync()).ShouldBeGreaterThan(0);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "queue-bank");
        }

        await exact.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Encaissement lettré.");
        await Assertions.Expect(cards).ToHaveCountAsync(1);

        await cards.GetByRole(AriaRole.Link, new() { Name = "Répartir" }).ClickAsync();
        await page.GetByLabel("Référence client").FillAsync("411DUPONT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir ses factures" }).ClickAsync();
        await page.GetByLabel("Montant affecté FA-2026-0142").FillAsync("2 400,00");
        await page.GetByLabel("Montant affecté FA-2025-0950").FillAsync("460,40");
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "queue-bank-split");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Lettrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Encaissement lettré.");
        await Assertions.Expect(page.GetByText("Rien en attente.")).ToBeVisibleAsync();

        await using var db = server.Database.For(server.Tenant);
        var transactions = await db.Set<BankTransaction>().ToListAsync();
        transactions.ShouldAllBe(t => t.Status == BankTransactionStatus.Matched && t.CustomerId == web.Dupont.Id);
        var split = transactions.Single(t => t.Id == queued.TwoInvoices.Id);
        var allocations = await db.Allocations.Where(a => a.PaymentId == split.PaymentId)
            .Join(db.Invoices, a => a.InvoiceId, i => i.Id, (a, i) => new { i.Number, a.AmountMinor }).ToListAsync();
        allocations.OrderBy(a => a.Number).Select(a => (a.Number, a.AmountMinor))
            .ShouldBe([("FA-2025-0950", 460_40L), ("FA-2026-0142", 2_400_00L)]);
        (await db.Allocations.Where(a => a.InvoiceId == web.Overdue.Id).SumAsync(a => a.AmountMinor)).ShouldBe(1_234_56);
        (await db.Set<TimelineEvent>().CountAsync(e => e.CustomerId == web.Dupont.Id && e.Kind == "payment.matched" && e.Actor == "claire")).ShouldBe(2);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failed_send_is_retried_from_the_queue_and_arrives(string provider)
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var queued = await QueueSeed.AddAsync(server.Database.Factory, server.Tenant, web);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        await using (var seed = server.Database.For(server.Tenant))
        {
            // Dupont's reminder went out and bounced: listed through its open bounce task.
            var bounced = await seed.Set<DunningAction>().SingleAsync(a => a.Id == queued.Awaiting.Id);
            bounced.Status = DunningActionStatus.Sent;
            bounced.Outcome = "bounced: Status: 5.1.1";
            seed.Add(new CollectionTask
            {
                TenantId = server.Tenant.Id, CustomerId = web.Dupont.Id, Kind = CollectionTaskKind.BouncedEmail, Title = "Adresse en échec",
                DueOn = WebSeed.Today, DunningActionId = bounced.Id, CreatedAt = QueueSeed.Now,
            });
            await seed.SaveChangesAsync();
        }

        var page = await SignInAsync(server, "marie");

        await page.GotoAsync("/queues/failures");
        var rows = page.GetByTestId("failures").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "Dupont Matériaux SARL" })).ToContainTextAsync("Rejeté (bounce)");
        var row = rows.Filter(new() { HasText = "Boulangerie Bernard" });
        await Assertions.Expect(row.GetByTestId("error")).ToHaveTextAsync("attempt 5: SocketException: Connection refused");
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "queue-failures");
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Renvoyer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Message renvoyé.");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        var mail = sink.Messages().ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Rappel : facture FA-2026-0120");
        mail.To.Mailboxes.Single().Address.ShouldBe("luc@boulangerie-bernard.example");
        await using var db = server.Database.For(server.Tenant);
        var action = await db.Set<DunningAction>().SingleAsync(a => a.Id == queued.Failed.Id);
        action.Status.ShouldBe(DunningActionStatus.Sent);
        action.Attempts.ShouldBe(1);
        (await db.Set<TimelineEvent>().Where(e => e.CustomerId == web.Bernard.Id).Select(e => e.Kind).ToListAsync())
            .ShouldBe(["dunning.requeued", "dunning.sent"], ignoreOrder: true);
    }

    [Fact]
    public async Task Calls_of_the_day_put_mine_first_and_log_a_call_on_its_task()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(new CollectionTask
            {
                TenantId = server.Tenant.Id, CustomerId = web.Dupont.Id, Kind = CollectionTaskKind.Call, Title = "Appeler la comptabilité",
                DueOn = WebSeed.Today.AddDays(-1), AssignedTo = "marie", CreatedAt = QueueSeed.Now,
            });
            await db.SaveChangesAsync();
        }

        var page = await SignInAsync(server, "marie");
        await page.GotoAsync("/queues/calls");
        var rows = page.GetByTestId("calls").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("Dupont Matériaux SARL");
        await Assertions.Expect(rows.First).ToContainTextAsync("en retard");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("Leroy Électricité");
        await Browser.ScreenshotAsync(page, "queue-calls");

        await rows.First.GetByLabel("Résultat").SelectOptionAsync(new SelectOptionValue { Label = "Joint" });
        await rows.First.GetByLabel("Compte rendu").FillAsync("Virement parti ce matin");
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Enregistré.");
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await using var check = server.Database.For(server.Tenant);
        var task = await check.Set<CollectionTask>().SingleAsync(t => t.CustomerId == web.Dupont.Id);
        task.Status.ShouldBe(CollectionTaskStatus.Done);
        task.Outcome.ShouldBe("reached: Virement parti ce matin");
    }

    [Fact]
    public async Task Sending_a_statement_mails_the_pdf_and_escalating_files_a_formal_notice()
    {
        await using var sink = await SmtpSink.StartAsync();
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await QueueSeed.UseSmtpAsync(server.Database.Factory, server.Tenant, sink.Port);
        var page = await SignInAsync(server, "marie");

        await page.GotoAsync($"/customers/{web.Dupont.Id}");
        var documents = page.GetByTestId("documents");
        await documents.GetByRole(AriaRole.Button, new() { Name = "Envoyer le relevé par e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("doc-notice")).ToHaveTextAsync("Relevé envoyé par e-mail.");

        var mail = sink.Messages().ShouldHaveSingleItem();
        mail.To.Mailboxes.Single().Address.ShouldBe("compta@dupont.example");
        mail.Subject.ShouldBe("Relevé de compte au 16/03/2026 — ACME Industrie SAS");
        var attachment = mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem();
        attachment.FileName.ShouldBe("releve-411DUPONT-2026-03-16.pdf");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var statement = PdfText(content.ToArray());
        statement.ShouldContain("Relevé de compte au 16/03/2026");
        statement.ShouldContain("FA-2026-0101");
        statement.ShouldContain("1 234,56");

        await documents.GetByText("Escalader").ClickAsync();
        await documents.GetByLabel("Mise en demeure (LRAR)").CheckAsync();
        await documents.GetByRole(AriaRole.Button, new() { Name = "Produire le document" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("doc-notice")).ToHaveTextAsync("Document produit et classé au dossier.");
        await Assertions.Expect(page.GetByTestId("timeline").Locator("li[data-kind='customer.escalated']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("timeline").Locator("li[data-kind='statement.sent']")).ToHaveCountAsync(1);
        await Browser.ScreenshotAsync(page, "customer-documents");

        var notice = page.GetByTestId("stored-document").Filter(new() { HasText = "Mise en demeure" });
        var download = await page.Context.APIRequest.GetAsync(await notice.GetAttributeAsync("href") ?? "");
        download.Headers["content-type"].ShouldBe("application/pdf");
        var letter = PdfText(await download.BodyAsync());
        letter.ShouldContain("Mise en demeure de payer");
        letter.ShouldContain("FA-2026-0101");

        await using var db = server.Database.For(server.Tenant);
        (await db.Set<CustomerDocument>().Where(d => d.CustomerId == web.Dupont.Id).Select(d => d.Kind).ToListAsync())
            .ShouldBe([CustomerDocumentKind.Statement, CustomerDocumentKind.FormalNotice], ignoreOrder: true);
        (await db.Set<DunningHold>().SingleAsync(h => h.CustomerId == web.Dupont.Id)).Reason.ShouldStartWith("Escaladé : mise en demeure");
    }

    [Fact]
    public async Task The_portal_offers_the_statement_pdf()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var web = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string url;
        await using (var db = server.Database.For(server.Tenant))
        {
            url = await Encaisse.Portal.PortalLinks.CreateAsync(db, web.Dupont.Id, QueueSeed.Now, 30, "marie", default);
        }

        var page = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await page.GotoAsync(url);
        var link = page.GetByTestId("portal-statement");
        await Assertions.Expect(link).ToBeVisibleAsync();
        var response = await page.Context.APIRequest.GetAsync(await link.GetAttributeAsync("href") ?? "");
        response.Status.ShouldBe(200);
        var text = PdfText(await response.BodyAsync());
        text.ShouldContain("Dupont Matériaux SARL");
        text.ShouldContain("FA-2026-0142");
        (await page.Context.APIRequest.GetAsync("/p/not-a-token/statement")).Status.ShouldBe(404);
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

    private static string PdfText(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(" ", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
