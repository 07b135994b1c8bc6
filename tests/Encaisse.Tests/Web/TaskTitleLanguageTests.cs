using System.Net;
using Encaisse.Dunning;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Legal;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web.Settings;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// The titles of the tasks Encaisse writes (a call to return, a message to answer...) come from the catalogue: the
/// dashboard, the calls queue and the customer page write them in the reader's language, while the stored title stays the
/// French one (the CLI, the API, the table); a title a person typed is shown as typed, marked as French.
/// </summary>
public sealed class TaskTitleLanguageTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Titles_encaisse_wrote_read_in_the_readers_language_and_typed_ones_as_typed(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var acting = new Acting("claire", clock.GetUtcNow(), WebSeed.Today);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await CollectionActions.LogCallAsync(db, acting, seed.Dupont.Id, "reached", "rappeler", WebSeed.Today, default)).IsOk.ShouldBeTrue();
            (await CollectionActions.ReceiveCustomerMessageAsync(db, acting, seed.Dupont.Id, "Bonjour", default)).IsOk.ShouldBeTrue();
            db.Add(new CollectionTask
            {
                TenantId = server.Tenant.Id, CustomerId = seed.Dupont.Id, Kind = CollectionTaskKind.Other, Title = "Vérifier le bon de commande", DueOn = WebSeed.Today,
                CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            var stored = await db.Set<CollectionTask>().Where(t => t.Status == CollectionTaskStatus.Open).OrderBy(t => t.Title).Select(t => t.Title).ToListAsync();
            // The seed's own call task ("Relance téléphonique") was typed.
            stored.ShouldBe(["Rappeler le client", "Relance téléphonique", "Répondre au message du client", "Vérifier le bon de commande"]);
        }

        using var session = await SettingsSession.SignInAsync(server, "claire");
        async Task<string> Get(string path) => WebUtility.HtmlDecode(await session.Client.GetStringAsync(path));

        var french = await Get($"/customers/{seed.Dupont.Id}?lang=fr");
        french.ShouldContain("<td>Rappeler le client<div");
        french.ShouldContain("<td>Répondre au message du client<div");
        french.ShouldContain("<td lang=\"fr\">Vérifier le bon de commande<div");
        (await Get("/queues/calls")).ShouldContain("<td>Rappeler le client</td>");

        var english = await Get($"/customers/{seed.Dupont.Id}?lang=en");
        english.ShouldContain("<td>Call the customer back<div");
        english.ShouldContain("<td>Answer the customer's message<div");
        english.ShouldContain("<td>Call: Reached<div");
        french.ShouldContain("<td>Appel : Joint<div");
        english.ShouldContain("<td lang=\"fr\">Vérifier le bon de commande<div");
        english.ShouldNotContain("Rappeler le client");
        (await Get("/queues/calls")).ShouldContain("<td>Call the customer back</td>");
        var dashboard = await Get("/");
        dashboard.ShouldContain("<td class=\"muted\">Call the customer back</td>");
        dashboard.ShouldContain("<td class=\"muted\" lang=\"fr\">Vérifier le bon de commande</td>");
    }

    [Fact]
    public void A_prescription_task_keeps_the_french_title_earlier_ones_were_compared_with()
    {
        var item = new PrescriptionItem("411DUPONT", "FA-2021-001", new DateOnly(2021, 3, 1), 1_000_00, "EUR",
            new PrescriptionStatus(new DateOnly(2021, 3, 1), null, 5, new DateOnly(2026, 3, 1), new DateOnly(2025, 12, 1), PrescriptionState.Alert));
        var title = PrescriptionAlerts.TitleOf(item);
        title.French.ShouldBe("Prescription de la facture FA-2021-001 le 01/03/2026 : agir avant (reconnaissance de dette, paiement partiel, injonction de payer)");
        TaskTitles.Shown(title.French, title.Stored, "en").ShouldBe(
            ("Invoice FA-2021-001 becomes time-barred on 2026-03-01: act before (acknowledgement of debt, part payment, payment order)", null));
        TaskTitles.Shown("Typed by Marie", null, "en").ShouldBe(("Typed by Marie", "fr"));
    }
}
