using Encaisse.Dunning;
using Encaisse.Dunning.Holds;
using Encaisse.Portal;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Portal;

/// <summary>"Je demande un échéancier" on the portal, in a real browser: accepted within the tenant's rules, or sent for review with the reasons.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalPlanJourneyTests(Browser browser)
{
    private static async Task<(TestServer Server, WebSeed.Seeded Seed, string Path)> StartAsync()
    {
        var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using var db = server.Database.For(server.Tenant);
        var path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        return (server, seed, path);
    }

    private async Task RequestAsync(IPage portal, string path, string count, string first)
    {
        await portal.GotoAsync(path);
        await portal.GetByLabel("Nombre d'échéances").SelectOptionAsync(count);
        await portal.GetByLabel("Date de la première échéance").FillAsync(first);
        await portal.GetByRole(AriaRole.Button, new() { Name = "Demander l'échéancier" }).ClickAsync();
    }

    [Fact]
    public async Task An_accepted_request_shows_the_schedule_and_replaces_dunning_at_once()
    {
        var (server, seed, path) = await StartAsync();
        await using var _ = server;
        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await RequestAsync(portal, path, "3", "2026-03-23");

        await Assertions.Expect(portal.GetByTestId("plan-accepted")).ToContainTextAsync("Votre échéancier est accepté");
        var schedule = portal.GetByTestId("plan-schedule");
        await Assertions.Expect(schedule).ToContainTextAsync("23/03/2026");
        await Assertions.Expect(schedule).ToContainTextAsync("1 365,00 €");
        await Assertions.Expect(schedule).ToContainTextAsync("23/05/2026");
        await Assertions.Expect(schedule).ToContainTextAsync("4 094,96 €");
        await Browser.ScreenshotAsync(portal, "portal-plan-accepted");

        // The portal's main page shows the plan instead of the form.
        await portal.GotoAsync(path);
        await Assertions.Expect(portal.GetByTestId("plan-schedule")).ToBeVisibleAsync();

        await using (var db = server.Database.For(server.Tenant))
        {
            var plan = await db.Set<PaymentPlan>().Include(p => p.Instalments).SingleAsync();
            (plan.Status, plan.Channel, plan.CreatedBy, plan.TotalMinor, plan.Instalments.Count).ShouldBe((PaymentPlanStatus.Active, "portal", "portal", 4_094_96L, 3));
            var pauses = await DunningPauseLoader.PausedOnAsync(db, WebSeed.Today, [seed.Dupont.Id], default);
            pauses[seed.Dupont.Id].ReplacedByPaymentPlan.ShouldBeTrue();
            (await db.Set<Encaisse.Ledger.TimelineEvent>().SingleAsync(e => e.Kind == "plan.accepted")).Actor.ShouldBe("portal");
            (await db.Set<CollectionTask>().CountAsync(t => t.Kind == CollectionTaskKind.Review)).ShouldBe(0);
        }

        var office = await SignInAsync(server, "marie");
        await office.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(office.GetByTestId("plans")).ToContainTextAsync("Actif");
        await Assertions.Expect(office.GetByTestId("plans")).ToContainTextAsync("1 365,00 €");
        await Assertions.Expect(office.GetByTestId("plan-dunning")).ToContainTextAsync("Relances remplacées par les rappels d'échéances");
        await Assertions.Expect(office.GetByTestId("timeline")).ToContainTextAsync("demandé et accepté automatiquement");
    }

    [Fact]
    public async Task A_request_outside_the_rules_shows_why_and_goes_to_the_collector()
    {
        var (server, seed, path) = await StartAsync();
        await using var _ = server;
        var portal = await browser.NewPageAsync(server.BaseAddress, phone: true);
        await RequestAsync(portal, path, "8", "2026-05-04");

        await Assertions.Expect(portal.GetByTestId("plan-requested")).ToContainTextAsync("votre interlocuteur va l'étudier");
        var reasons = portal.GetByTestId("plan-reasons");
        await Assertions.Expect(reasons).ToContainTextAsync("au plus 6 échéances sont acceptées automatiquement.");
        await Assertions.Expect(reasons).ToContainTextAsync("la première échéance doit tomber dans les 30 jours.");
        await Assertions.Expect(reasons).ToContainTextAsync("l'échéancier ne peut pas dépasser 180 jours.");
        await Browser.ScreenshotAsync(portal, "portal-plan-review");

        await using (var db = server.Database.For(server.Tenant))
        {
            var plan = await db.Set<PaymentPlan>().SingleAsync();
            plan.Status.ShouldBe(PaymentPlanStatus.Requested);
            var task = await db.Set<CollectionTask>().SingleAsync(t => t.Kind == CollectionTaskKind.Review);
            (task.CustomerId, task.AssignedTo, task.DueOn).ShouldBe((seed.Dupont.Id, "marie", WebSeed.Today));
            (await db.Set<Encaisse.Ledger.TimelineEvent>().SingleAsync(e => e.Kind == "plan.requested")).Actor.ShouldBe("portal");
        }

        var office = await SignInAsync(server, "marie");
        await office.GotoAsync("/");
        await Assertions.Expect(office.GetByText("Étudier la demande d'échéancier du client")).ToBeVisibleAsync();
        await office.GotoAsync($"/customers/{seed.Dupont.Id}");
        await Assertions.Expect(office.GetByTestId("plans")).ToContainTextAsync("Demandé");
        await Assertions.Expect(office.GetByTestId("plan-dunning")).ToContainTextAsync("Relances suspendues");
    }

    [Fact]
    public async Task A_past_first_date_is_refused_by_the_server_with_a_readable_message()
    {
        var (server, _, path) = await StartAsync();
        await using var _s = server;
        var portal = await browser.NewPageAsync(server.BaseAddress);
        await portal.GotoAsync(path);
        // The browser itself refuses a date before 'min': remove it to reach the server's own check.
        await portal.Locator("#pl-first").EvaluateAsync("e => e.removeAttribute('min')");
        await portal.GetByLabel("Date de la première échéance").FillAsync("2026-03-01");
        await portal.GetByRole(AriaRole.Button, new() { Name = "Demander l'échéancier" }).ClickAsync();
        await Assertions.Expect(portal.GetByTestId("plan-error")).ToContainTextAsync("aujourd'hui ou plus tard");
        await using var db = server.Database.For(server.Tenant);
        (await db.Set<PaymentPlan>().CountAsync()).ShouldBe(0);
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
