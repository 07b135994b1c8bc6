using Encaisse.Ledger;
using Encaisse.Risk.Onboarding;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Risk;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 18 in a real browser: the customer page shows the registry check (facts, procedures, the starting advice and its
/// reasons, the class deposit and terms), "check pending" for a customer created during a registry outage, and a credit manager
/// refused credit for a ceased company until she gives the reason for an override, which is then listed with her name.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OnboardingPageTests(Browser browser)
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_customer_page_shows_the_check_the_advice_and_refuses_credit_without_an_override(string provider)
    {
        var clock = FakeClock.At(Today);
        await using var registry = await ReplayServer.StartAsync();
        await using var server = await TestServer.StartAsync(provider, clock);
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var monitor = RegistryMonitor.Create(new RegistryOptions
        {
            RechercheEntreprisesUrl = registry.Address, BodaccUrl = registry.Address, Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(20),
        }, TimeProvider.System);
        Guid djb, young;
        await using (var db = server.Database.For(server.Tenant))
        {
            var ops = new LedgerOperations(db, server.Tenant, clock);
            djb = (await ops.CreateCustomerAsync(new CustomerWrite("411DJB", "DJ Batiment", CustomerKind.Business, Siren: "833310592",
                Address: new AddressDto("12 av. Jean Jaurès", null, "33150", "Cenon", "FR")), default)).Value.Id;
            (await new OnboardingChecks(db, server.Tenant, clock, monitor).ProcessDueAsync("test", 10, default)).Done.ShouldBe(1);
        }

        registry.Unavailable = true;
        await using (var db = server.Database.For(server.Tenant))
        {
            young = (await new LedgerOperations(db, server.Tenant, clock).CreateCustomerAsync(new CustomerWrite("411JEUNE", "Jeune Pousse", CustomerKind.Business,
                Siren: "901234518"), default)).Value.Id;
            (await new OnboardingChecks(db, server.Tenant, clock, monitor).ProcessDueAsync("test", 10, default)).StillPending.ShouldBe(1);
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");

        // Created during the outage: "check pending", with the attempts and the next one.
        await page.GotoAsync($"/customers/{young}");
        var card = page.GetByTestId("onboarding");
        await Assertions.Expect(card.GetByTestId("onboarding-pending")).ToContainTextAsync("Vérification en attente");
        await Assertions.Expect(card.GetByTestId("onboarding-pending")).ToContainTextAsync("1 essai(s)");

        // The ceased company in a procedure: facts, procedure, refusal with its reasons.
        await page.GotoAsync($"/customers/{djb}");
        card = page.GetByTestId("onboarding");
        await Assertions.Expect(card.GetByTestId("onboarding-checked")).ToContainTextAsync("Vérifié le 30/06/2026");
        await Assertions.Expect(card.GetByTestId("onboarding-ceased")).ToContainTextAsync("20/06/2026");
        await Assertions.Expect(card.GetByTestId("onboarding-facts")).ToContainTextAsync("12 AVENUE JEAN JAURES 33150 CENON");
        await Assertions.Expect(card.GetByTestId("onboarding-procedures")).ToContainTextAsync("redressement judiciaire");
        await Assertions.Expect(card.GetByTestId("onboarding-advice")).ToContainTextAsync("Crédit refusé (classe E)");
        await Assertions.Expect(card.GetByTestId("onboarding-advice")).ToContainTextAsync("Entreprise cessée au registre : 20/06/2026");
        await Assertions.Expect(card.GetByTestId("deposit-advice")).ToContainTextAsync("Classe E : acompte de 100 % sur chaque commande, paiement à 0 jours");
        await Browser.ScreenshotAsync(page, "customer-onboarding-" + provider);

        // The identity card's limit form refuses it too, saying why in the onboarding card.
        await page.GetByTestId("credit-limit-input").FillAsync("5 000");
        await page.GetByTestId("credit-limit-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("onboarding-problem")).ToContainTextAsync("entreprise cessée et en procédure collective");
        await Assertions.Expect(page.GetByTestId("credit-limit")).Not.ToContainTextAsync("5 000,00");

        // Granting credit without a reason is refused; with one it is recorded, with her name.
        card = page.GetByTestId("onboarding");
        await card.GetByTestId("grant-credit").Locator("summary").ClickAsync();
        await card.GetByTestId("grant-limit").FillAsync("5 000");
        await card.GetByTestId("grant-terms").FillAsync("net30");
        await card.GetByTestId("grant-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("onboarding-problem")).ToContainTextAsync("Crédit refusé à 411DJB");
        card = page.GetByTestId("onboarding");
        await card.GetByTestId("grant-credit").Locator("summary").ClickAsync();
        await card.GetByTestId("grant-limit").FillAsync("5 000");
        await card.GetByTestId("grant-terms").FillAsync("net30");
        await card.GetByTestId("grant-reason").FillAsync("Repreneur connu, caution bancaire");
        await card.GetByTestId("grant-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("onboarding-notice")).ToContainTextAsync("Crédit enregistré.");
        await Assertions.Expect(page.GetByTestId("onboarding-overrides")).ToContainTextAsync("Dérogation de claire");
        await Assertions.Expect(page.GetByTestId("onboarding-overrides")).ToContainTextAsync("Repreneur connu, caution bancaire");
        await Assertions.Expect(page.GetByTestId("credit-limit")).ToContainTextAsync("5 000,00");
        // The own limit is above the recommended one (0 for a refused company): shown with who set it.
        await Assertions.Expect(page.GetByTestId("limit-higher")).ToContainTextAsync("fixé par claire (user)");

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<CreditOverride>().SingleAsync()).By.ShouldBe("claire");
        }
    }
}
