using System.Net;
using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>Who may see and change settings, checked on the server (plain HTTP, no browser).</summary>
public sealed class SettingsAccessTests
{
    private static readonly string[] Pages =
        ["/settings", "/settings/company", "/settings/channels", "/settings/plans", "/settings/plans/new", "/settings/templates", "/settings/templates/reminder/fr", "/settings/rates", "/settings/users"];

    [Theory]
    [InlineData("marie")]
    [InlineData("lecture")]
    public async Task Collectors_and_read_only_users_get_403_on_every_settings_page_and_post(string login)
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var session = await SettingsSession.SignInAsync(server, login);
        foreach (var page in Pages)
        {
            (await session.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, page);
        }

        // A forged POST (with a valid token from a page the user may open) is refused too, and changes nothing.
        var post = await session.PostWithTokenOfAsync("/", "/settings/users?handler=Add", new() { ["login"] = "intrus", ["role"] = "Administrator" });
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var template = await session.PostWithTokenOfAsync("/", "/settings/templates/reminder/fr", new() { ["Subject"] = "x", ["Body"] = "y" });
        template.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await template.Content.ReadAsStringAsync()).ShouldContain("Accès refusé");

        await using var db = server.Database.For(server.Tenant);
        (await db.Set<User>().AnyAsync(u => u.Login == "intrus")).ShouldBeFalse();
        (await db.Set<DunningTemplate>().AnyAsync()).ShouldBeFalse();
        // The navigation does not offer the settings either.
        (await session.Client.GetStringAsync("/")).ShouldNotContain("href=\"/settings\"");
    }

    [Fact]
    public async Task Credit_managers_see_settings_change_templates_but_not_users_company_or_rates()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var session = await SettingsSession.SignInAsync(server, "claire");
        foreach (var page in Pages)
        {
            (await session.Client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
        }

        var saved = await session.PostAsync("/settings/templates/reminder/fr", "/settings/templates/reminder/fr",
            new() { ["Subject"] = "Relance {{ customer.name }}", ["Body"] = "<p>Bonjour</p>" });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await session.PostAsync("/settings", "/settings/users?handler=Add", new() { ["login"] = "intrus", ["role"] = "Administrator" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.PostAsync("/settings", "/settings/company", new() { ["Form.Name"] = "Autre", ["Form.Currency"] = "EUR", ["Form.TimeZone"] = "Europe/Paris" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.PostAsync("/settings", "/settings/rates?handler=Rate", new() { ["halfYear"] = "2026H2", ["ecb"] = "2", ["legalPersonal"] = "6", ["legalOther"] = "3" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.PostAsync("/settings", "/settings/channels", new() { ["Form.SmtpHost"] = "smtp.evil.example" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // In English, the sections an administrator owns say so instead of offering a save button.
        var english = await session.Client.GetStringAsync("/settings/channels?lang=en");
        english.ShouldContain("<h1>E-mail and SMS</h1>");
        english.ShouldContain("View only: only an administrator can change this section.");
        english.ShouldNotContain("Send the test e-mail");

        await using var db = server.Database.For(server.Tenant);
        (await db.Set<DunningTemplate>().SingleAsync()).Subject.ShouldBe("Relance {{ customer.name }}");
        (await db.Set<User>().AnyAsync(u => u.Login == "intrus")).ShouldBeFalse();
        (await db.Tenants.SingleAsync()).Name.ShouldBe("ACME Industrie SAS");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Disabling_a_user_changing_a_role_or_resetting_a_password_applies_to_open_sessions_at_once(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        using var admin = await SettingsSession.SignInAsync(server, SettingsSession.AdminLogin);
        // Not even a tenant administrator writes the rate table every tenant shares (ADR 0411).
        (await admin.PostWithTokenOfAsync("/settings/rates", "/settings/rates?handler=Rate", new() { ["halfYear"] = "2026H2", ["ecb"] = "2", ["legalPersonal"] = "6", ["legalOther"] = "3" }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var marie = await SettingsSession.SignInAsync(server, "marie");
        using var claire = await SettingsSession.SignInAsync(server, "claire");
        (await marie.Client.GetAsync("/customers")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await claire.Client.GetAsync("/settings/plans")).StatusCode.ShouldBe(HttpStatusCode.OK);

        Guid IdOf(string login)
        {
            using var db = server.Database.For(server.Tenant);
            return db.Set<User>().Single(u => u.Login == login).Id;
        }

        (await admin.PostAsync("/settings/users", "/settings/users?handler=Disable", new() { ["userId"] = IdOf("marie").ToString(), ["disabled"] = "true" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.PostAsync("/settings/users", "/settings/users?handler=Role", new() { ["userId"] = IdOf("claire").ToString(), ["role"] = "ReadOnly" }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var signedOut = await marie.Client.GetAsync("/customers");
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedOut.Headers.Location!.ToString().ShouldContain("/login");
        (await claire.Client.GetAsync("/settings/plans")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await claire.Client.GetAsync("/customers")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A password reset (after a suspected leak) ends the sessions opened with the old password.
        (await admin.PostAsync("/settings/users", "/settings/users?handler=Reset", new() { ["userId"] = IdOf("claire").ToString() }))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var afterReset = await claire.Client.GetAsync("/customers");
        afterReset.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        afterReset.Headers.Location!.ToString().ShouldContain("/login");
        (await admin.Client.GetAsync("/settings/users")).StatusCode.ShouldBe(HttpStatusCode.OK, "other sessions go on");

        // Resetting one's own password keeps one's own session (the new password is shown on the next page).
        var own = await admin.PostAsync("/settings/users", "/settings/users?handler=Reset", new() { ["userId"] = IdOf(SettingsSession.AdminLogin).ToString() });
        own.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var shown = await admin.Client.GetStringAsync("/settings/users");
        shown.ShouldContain("data-testid=\"new-password\"");
    }
}
