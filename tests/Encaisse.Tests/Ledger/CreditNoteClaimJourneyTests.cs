using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Reporting;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Ledger;

/// <summary>
/// The story of the ledger issue: a customer owes an overdue 960.00 € invoice and holds an open 120.00 € credit note. Every
/// document and message that states an amount due — formal notice, reminder e-mail, portal, statement — claims 840.00 € and
/// names the credit note; interest runs on what is really owed.
/// </summary>
public sealed class CreditNoteClaimJourneyTests
{
    private static readonly DateOnly Due = new(2026, 10, 1);
    private static readonly DateOnly Today = new(2026, 10, 20);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_credit_note_is_deducted_from_every_claim(string provider)
    {
        var clock = FakeClock.At(Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        var api = server.Api;
        // The credit note stays open (manual rule): every claim must still net it.
        await api.PutAsJsonAsync("/api/v1/ledger/settings", new { creditNotes = "manual" }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "411DUPONT", legalName = "Boulangerie Dupont SARL", siren = "812809234",
            address = new { line1 = "3 place du Marché", postalCode = "69001", city = "Lyon" },
            contacts = new[] { new { name = "M. Dupont", email = "compta@dupont.example", isPrimary = true } },
        }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FA-960", customerRef = "411DUPONT", issueDate = "2026-09-01", dueDate = "2026-10-01", amountExclTax = 800m, tax = 160m, amountInclTax = 960m,
        }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "AV-120", customerRef = "411DUPONT", kind = "creditNote", issueDate = "2026-09-15", dueDate = "2026-09-15", amountInclTax = 120m,
        }).ShouldSucceed();

        // The balance.
        var customer = await api.GetFromJsonAsync<JsonElement>("/api/v1/customers/411DUPONT");
        customer.GetProperty("balances")[0].GetProperty("balance").GetDecimal().ShouldBe(840m);

        // The formal notice: 840.00 principal, interest on 840.00 (not 960.00), the credit note named.
        var notice = await api.GetAsync("/api/v1/legal/customers/411DUPONT/notice");
        notice.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var noticeText = Text(await notice.Content.ReadAsByteArrayAsync());
        noticeText.ShouldContain("Principal restant dû 840,00 €");
        noticeText.ShouldContain("Avoirs et règlements déduits - 120,00 €");
        noticeText.ShouldContain("avoir AV-120 du 15/09/2026 : 120,00 € déduits");
        // 19 days late at 12.15 % (2026H2 provisional at 2026H1's 2.15 % + 10): 840 × 12.15 % × 19 / 365 = 5.31; + 40 €.
        noticeText.ShouldContain("5,31 €");
        noticeText.ShouldContain("Total dû 885,31 €");
        noticeText.ShouldNotContain("6,07 €"); // what 960.00 would have carried

        // The reminder e-mail of the dunning run.
        var email = new RecordingEmailSender();
        await DunningTestData.SettingsAsync(server.Database, server.Tenant);
        var runner = new DunningRunner(server.Database.Factory, clock, new DunningChannels { Email = email });
        (await runner.RunAsync(server.Tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);
        var message = email.Sent.ShouldHaveSingleItem();
        message.HtmlBody!.ShouldContain("Total restant dû : <strong>840,00 €</strong>");
        message.HtmlBody!.ShouldContain("avoir AV-120 du 15/09/2026 : 120,00 € déduits");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<Encaisse.Dunning.DunningAction>().SingleAsync()).AmountMinor.ShouldBe(840_00);

            // The statement of account.
            var statement = Text((await CustomerStatement.RenderAsync(db, server.Tenant, "411DUPONT", Today, default))!);
            statement.ShouldContain("Solde dû (EUR) 840,00 €");
            statement.ShouldContain("Avoir AV-120");
        }

        // The portal: the total to pay, and the QR code amount.
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            var id = await db.Customers.Where(c => c.ExternalRef == "411DUPONT").Select(c => c.Id).SingleAsync();
            path = await PortalLinks.CreateAsync(db, id, clock.GetUtcNow(), 30, "test", default);
        }

        using var browserless = new HttpClient { BaseAddress = server.BaseAddress };
        var portal = await browserless.GetStringAsync(path);
        portal.ShouldContain("data-testid=\"portal-total\">840,00");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_the_automatic_rule_the_credit_note_settles_the_invoice_and_the_notice_claims_the_rest(string provider)
    {
        var clock = FakeClock.At(Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        var api = server.Api;
        await api.PostAsJsonAsync("/api/v1/customers", new { @ref = "411DUPONT", legalName = "Boulangerie Dupont SARL" }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FA-960", customerRef = "411DUPONT", issueDate = "2026-09-01", dueDate = "2026-10-01", amountInclTax = 960m,
        }).ShouldSucceed();
        await api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "AV-120", customerRef = "411DUPONT", kind = "creditNote", issueDate = "2026-09-15", dueDate = "2026-09-15", amountInclTax = 120m,
        }).ShouldSucceed();

        (await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/FA-960")).GetProperty("open").GetDecimal().ShouldBe(840m);
        var noticeText = Text(await (await api.GetAsync("/api/v1/legal/customers/411DUPONT/notice")).Content.ReadAsByteArrayAsync());
        noticeText.ShouldContain("Principal restant dû 840,00 €");
        noticeText.ShouldNotContain("déduits");
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
