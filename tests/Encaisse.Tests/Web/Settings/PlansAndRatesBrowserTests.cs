using Encaisse.Dunning;
using Encaisse.Legal;
using Encaisse.Legal.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>Plan editing with its validation, plan assignment, rates and the legal floor, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PlansAndRatesBrowserTests(Browser browser)
{
    private static async Task<IPage> SignedInAsync(Browser browser, TestServer server, string login)
    {
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return page;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_plan_with_a_bad_step_is_refused_with_the_reason_then_saved_and_assigned(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await SignedInAsync(browser, server, "claire");

        await page.GotoAsync("/settings/plans");
        await Assertions.Expect(page.GetByTestId("plans")).ToContainTextAsync("Relances entreprises (défaut)");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau plan" }).ClickAsync();
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("BTP risqué");
        await page.GetByLabel("Segment", new() { Exact = true }).FillAsync("BTP");
        await page.GetByLabel("Classe de risque").FillAsync("C");
        await page.GetByLabel("Étape 1 — Jours / échéance").FillAsync("2");
        await page.GetByLabel("Étape 2 — Jours / échéance").FillAsync("500");
        await page.GetByLabel("Étape 2 — Modèle").FillAsync("modele-inconnu");
        await page.GetByLabel("Étape 2 — Seulement risques").FillAsync("C;Z");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        var errors = page.GetByTestId("plan-errors");
        await Assertions.Expect(errors).ToContainTextAsync("Étape 2 — Jours entre -90 et 365.");
        await Assertions.Expect(errors).ToContainTextAsync("Étape 2 — Modèle manquant ou inconnu.");
        await Assertions.Expect(errors).ToContainTextAsync("Étape 2 — Classes de risque");
        (await page.Locator("tr[data-row='1'] input[aria-invalid='true']").CountAsync()).ShouldBe(3);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(page, "settings-plan-errors");
        }

        await page.GetByLabel("Étape 2 — Jours / échéance").FillAsync("25");
        await page.GetByLabel("Étape 2 — Modèle").FillAsync("formal-notice");
        await page.GetByLabel("Étape 2 — Canal").SelectOptionAsync("Letter");
        await page.GetByLabel("Étape 2 — Ton").SelectOptionAsync("FormalNotice");
        await page.GetByLabel("Étape 2 — Validation").CheckAsync();
        await page.GetByLabel("Étape 2 — Seulement risques").FillAsync("C,D");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Enregistré");

        await page.GotoAsync("/settings/plans");
        await page.GetByLabel("Référence client").FillAsync("411BERNARD");
        await page.GetByLabel("Plan", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "BTP risqué" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Attribuer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Enregistré");

        await using var db = server.Database.For(server.Tenant);
        var plan = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.Name == "BTP risqué");
        (plan.ForSegment, plan.ForRiskClass).ShouldBe(("BTP", "C"));
        plan.OrderedSteps.Select(s => (s.Number, s.OffsetDays, s.Channel, s.NeedsApproval, s.OnlyForRiskClasses))
            .ShouldBe([(1, 2, DunningChannel.Email, false, (string?)null), (2, 25, DunningChannel.Letter, true, "C,D")]);
        (await db.Set<DunningPlanOverride>().SingleAsync()).PlanId.ShouldBe(plan.Id);
    }

    [Fact]
    public async Task A_contractual_rate_below_the_floor_is_refused_and_the_shared_rates_are_left_to_the_operator()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        var page = await SignedInAsync(browser, server, SettingsSession.AdminLogin);

        await page.GotoAsync("/settings/rates");
        // 2026H1: ECB 2.15 %, legal rate "autres cas" 2.62 % → floor 7.86 %.
        await Assertions.Expect(page.GetByTestId("floor")).ToHaveTextAsync("7,86 %");
        await page.GetByLabel("Taux contractuel annuel (%)").FillAsync("7,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-refusal")).ToContainTextAsync("Le taux contractuel de 7,5 % est inférieur au plancher légal de 7,86 % (3 × le taux légal de 2,62 %) au 1er semestre 2026");

        await page.GetByLabel("Taux contractuel annuel (%)").FillAsync("12");
        await page.GetByLabel("Base de calcul").SelectOptionAsync("Actual");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Enregistré");

        // The shared rate table is the operator's: the page says how, and a forged POST is refused.
        await Assertions.Expect(page.GetByTestId("rates-operator")).ToContainTextAsync("encaisse rates set");
        (await page.GetByLabel("Semestre", new() { Exact = true }).CountAsync()).ShouldBe(0);
        await Browser.ScreenshotAsync(page, "settings-rates");

        await using var db = server.Database.For(server.Tenant);
        var policy = await db.Set<LegalPolicy>().SingleAsync(p => p.CustomerId == null);
        (policy.ContractualRate, policy.Basis).ShouldBe((12m, DayCountBasis.Actual));
        (await ReferenceRateStore.LoadAsync(db)).Find(Encaisse.Legal.Rates.HalfYear.Parse("2026H2")).ShouldBeNull();
    }
}
