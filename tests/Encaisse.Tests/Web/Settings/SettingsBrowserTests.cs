using Encaisse.Dunning.Channels;
using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>The settings pages in a real Chromium: template editor with live preview, SMTP test e-mail, users.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsBrowserTests(Browser browser)
{
    private static async Task SignInAsync(IPage page, string login, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync(login);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Editing_a_template_changes_the_live_preview_and_an_invalid_one_is_not_saved()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, "claire", WebSeed.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Paramètres" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Modèles", Exact = true }).First.ClickAsync();
        await page.Locator("a[href='/settings/templates/firm/fr']").ClickAsync();
        await page.WaitForURLAsync("**/settings/templates/firm/fr");
        await page.GetByLabel("Client pour l'aperçu").FillAsync("411DUPONT");

        // The preview is the real renderer on Dupont's real invoices.
        var frame = page.FrameLocator("[data-testid=preview-frame]");
        await Assertions.Expect(frame.Locator("body")).ToContainTextAsync("FA-2026-0101");
        await page.GetByLabel("Objet", new() { Exact = true }).FillAsync("Dernier rappel pour {{ customer.name }}");
        await page.GetByLabel("Corps (Liquid)").FillAsync("<p>Madame, Monsieur,</p><p>Il reste {{ totals.open }} à régler sur {{ totals.count }} facture(s).</p>");
        await Assertions.Expect(page.GetByTestId("preview-subject")).ToHaveTextAsync("Dernier rappel pour Dupont Matériaux SARL");
        await Assertions.Expect(frame.Locator("body")).ToContainTextAsync("Il reste");
        await Assertions.Expect(frame.Locator("body")).ToContainTextAsync("facture(s)");
        await Browser.ScreenshotAsync(page, "settings-template");

        // Broken Liquid: the preview says why, and saving is refused with the parser's reason.
        await page.GetByLabel("Corps (Liquid)").FillAsync("<p>{% if totals.open %}Il reste {{ totals.open }}</p>");
        await Assertions.Expect(page.GetByTestId("preview-error")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("save-error")).ToContainTextAsync("Modèle non enregistré");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<DunningTemplate>().AnyAsync()).ShouldBeFalse();
        }

        // Fixed: saved, and the page shows the company's version.
        await page.GetByLabel("Corps (Liquid)").FillAsync("<p>{% if totals.open %}Il reste {{ totals.open }}{% endif %}</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Enregistré");
        await using (var db = server.Database.For(server.Tenant))
        {
            var saved = await db.Set<DunningTemplate>().SingleAsync();
            (saved.Key, saved.Language, saved.Subject).ShouldBe(("firm", "fr", "Dernier rappel pour {{ customer.name }}"));
        }
    }

    [Fact]
    public async Task The_smtp_test_email_arrives_and_the_password_is_never_shown()
    {
        await using var sink = await SmtpSink.StartAsync();
        // The sink listens on a free port: allowed for this server's test e-mail (the default allows 25, 465, 587, 2525 only).
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today), o => o with { SmtpTestPorts = new HashSet<int> { sink.Port } });
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(page, SettingsSession.AdminLogin, WebSeed.Password);

        await page.GotoAsync("/settings/channels");
        // A refused value (the browser's own range check set aside) is named by the operation and written in French; nothing is saved.
        await page.GetByLabel("Heure de la relance (0–23, heure locale)").FillAsync("30");
        await page.GetByLabel("Hôte SMTP").FillAsync("smtp.refused.example");
        await page.Locator("form.settings-form").EvaluateAsync("f => f.noValidate = true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#err-run-hour")).ToHaveTextAsync("Heure entre 0 et 23.");
        await using (var refused = server.Database.For(server.Tenant))
        {
            (await refused.Set<DunningSettings>().SingleAsync()).SmtpHost.ShouldNotBe("smtp.refused.example");
        }

        await page.GetByLabel("Hôte SMTP").FillAsync("127.0.0.1");
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync(sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Chiffrement").SelectOptionAsync("None");
        await page.GetByLabel("Mot de passe SMTP").FillAsync("tres-secret-42");
        await page.GetByLabel("Adresse d'expédition").FillAsync("relances@acme.example.fr");
        await page.GetByLabel("Nom d'expéditeur").FillAsync("ACME Relances");
        await page.GetByLabel("Heure de la relance (0–23, heure locale)").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Enregistré");
        await Assertions.Expect(page.GetByTestId("password-state")).ToContainTextAsync("jamais réaffiché");
        (await page.ContentAsync()).ShouldNotContain("tres-secret-42");

        await page.GetByLabel("Destinataire").FillAsync("admin@acme.example.fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'e-mail de test" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("test-result")).ToContainTextAsync("E-mail accepté par le serveur");
        await Browser.ScreenshotAsync(page, "settings-channels");

        var message = sink.Messages().ShouldHaveSingleItem();
        message.Subject.ShouldBe("E-mail de test Encaisse — ACME Industrie SAS");
        message.From.Mailboxes.Single().Address.ShouldBe("relances@acme.example.fr");
        message.To.Mailboxes.Single().Address.ShouldBe("admin@acme.example.fr");
        await using var db = server.Database.For(server.Tenant);
        var settings = await db.Set<DunningSettings>().SingleAsync();
        (settings.SmtpPort, settings.RunHour).ShouldBe((sink.Port, 7));
        settings.SmtpPassword.ShouldNotBe("tres-secret-42", "stored sealed, never in clear");
        SettingsSecrets.Reveal(settings.SmtpPassword, settings.TenantId, DunningSecretFields.SmtpPassword).ShouldBe("tres-secret-42");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_added_user_signs_in_with_the_password_shown_once_and_a_collector_gets_403(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        var admin = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(admin, SettingsSession.AdminLogin, WebSeed.Password);

        await admin.GotoAsync("/settings/users");
        await admin.GetByLabel("Identifiant").FillAsync("julie");
        await admin.GetByLabel("Nom", new() { Exact = true }).FillAsync("Julie Moreau");
        await admin.GetByLabel("Rôle", new() { Exact = true }).SelectOptionAsync("Collector");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Créer l'utilisateur" }).ClickAsync();
        var password = await admin.GetByTestId("new-password").InnerTextAsync();
        password.Length.ShouldBe(16);
        if (provider == "sqlite")
        {
            await Browser.ScreenshotAsync(admin, "settings-users");
        }

        // Shown once: a reload no longer shows it.
        await admin.ReloadAsync();
        (await admin.GetByTestId("new-password").CountAsync()).ShouldBe(0);

        // The last administrator cannot demote themself.
        var adminRow = admin.Locator("tr[data-login='admin']");
        await adminRow.Locator("select").SelectOptionAsync("ReadOnly");
        await adminRow.GetByRole(AriaRole.Button, new() { Name = "Changer" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("refusal")).ToContainTextAsync("au moins un administrateur actif");

        var julie = await browser.NewPageAsync(server.BaseAddress);
        await SignInAsync(julie, "julie", password);
        await Assertions.Expect(julie.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Level = 1 })).ToBeVisibleAsync();
        (await julie.GetByRole(AriaRole.Link, new() { Name = "Paramètres" }).CountAsync()).ShouldBe(0);
        var denied = await julie.GotoAsync("/settings/users");
        denied!.Status.ShouldBe(403);
        await Assertions.Expect(julie.GetByRole(AriaRole.Heading, new() { Name = "Accès refusé" })).ToBeVisibleAsync();

        await using var db = server.Database.For(server.Tenant);
        (await db.Set<User>().SingleAsync(u => u.Login == "admin")).Role.ShouldBe(UserRole.Administrator);
        (await db.Set<User>().SingleAsync(u => u.Login == "julie")).Role.ShouldBe(UserRole.Collector);
    }
}
