using System.Net;
using Encaisse.Risk;
using Encaisse.Risk.Onboarding;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web;
using Encaisse.Tests.Web.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Settings › Politique de crédit: the same operation as <c>risk policy set</c> and <c>PUT /risk/policy</c>; refused values are
/// explained per field in the reader's language and nothing is half-written; only credit managers and administrators change it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CreditPolicyPageTests(Browser browser)
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_credit_manager_saves_the_policy_and_a_wrong_value_saves_nothing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var claire = await SettingsSession.SignInAsync(server, "claire");
        var form = Form(new() { ["classes.D.depositPercent"] = "40", ["classes.D.termsDays"] = "10", ["classes.D.startingLimit"] = "1 200,50", ["recentProcedureMonths"] = "48" });
        var saved = await claire.PostAsync("/settings/credit-policy", "/settings/credit-policy", form);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using (var db = server.Database.For(server.Tenant))
        {
            var policy = await RiskPolicies.LoadAsync(db, default);
            policy.For("D").ShouldBe(new ClassTerms(40, 10, 1200.50m));
            policy.For("A").ShouldBe(CreditPolicy.DefaultClasses["A"]);
            policy.RecentProcedureMonths.ShouldBe(48);
        }

        // One valid change and two wrong values: the page says which and why, the valid change is not saved either.
        var refused = await claire.PostAsync("/settings/credit-policy", "/settings/credit-policy",
            Form(new() { ["classes.D.depositPercent"] = "40", ["classes.B.termsDays"] = "20", ["classes.E.depositPercent"] = "150", ["classes.C.startingLimit"] = "beaucoup" }));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        html.ShouldContain("Rien n'a été enregistré");
        html.ShouldContain("Encours de départ de la classe C : Un montant positif ou nul, au centime près.");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await RiskPolicies.LoadAsync(db, default)).For("B").TermsDays.ShouldBe(45);
        }

        // Out of bounds (the operation's own check, same codes as the API): still nothing written.
        var bounds = await claire.PostAsync("/settings/credit-policy", "/settings/credit-policy", Form(new() { ["classes.B.termsDays"] = "20", ["classes.E.depositPercent"] = "150" }));
        WebUtility.HtmlDecode(await bounds.Content.ReadAsStringAsync()).ShouldContain("Acompte de la classe E (%) : Un pourcentage entier de 0 à 100.");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await RiskPolicies.LoadAsync(db, default)).For("B").TermsDays.ShouldBe(45);
            (await db.Set<RiskPolicy>().CountAsync()).ShouldBe(1);
        }

        // In English, the same refusal in English.
        var english = await claire.PostAsync("/settings/credit-policy?lang=en", "/settings/credit-policy?lang=en", Form(new() { ["youngCompanyMonths"] = "-1" }));
        WebUtility.HtmlDecode(await english.Content.ReadAsStringAsync()).ShouldContain("Young company: less than (months) : A number of months within the allowed bounds");
    }

    [Theory]
    [InlineData("marie")]
    [InlineData("lecture")]
    public async Task Collectors_and_read_only_users_can_neither_see_nor_change_the_policy(string login)
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var session = await SettingsSession.SignInAsync(server, login);
        (await session.Client.GetAsync("/settings/credit-policy")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var post = await session.PostWithTokenOfAsync("/", "/settings/credit-policy", Form(new() { ["classes.A.depositPercent"] = "50" }));
        post.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await using var db = server.Database.For(server.Tenant);
        (await db.Set<RiskPolicy>().AnyAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task The_credit_manager_changes_class_D_from_the_settings_page()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login?lang=fr");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        await page.GotoAsync("/settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Politique de crédit" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Politique de crédit");
        await Assertions.Expect(page.GetByLabel("Acompte de la classe D (%)")).ToHaveValueAsync("30");
        await page.GetByLabel("Acompte de la classe D (%)").FillAsync("120");
        await page.GetByLabel("Délai de paiement de la classe D (jours)").FillAsync("10");
        await page.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-refusal")).ToContainTextAsync("Acompte de la classe D (%) : Un pourcentage entier de 0 à 100.");
        await Assertions.Expect(page.GetByLabel("Acompte de la classe D (%)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Acompte de la classe D (%)").FillAsync("40");
        await page.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(page.Locator("p.notice")).ToHaveTextAsync("Enregistré.");
        await Assertions.Expect(page.GetByLabel("Acompte de la classe D (%)")).ToHaveValueAsync("40");
        await Assertions.Expect(page.GetByLabel("Délai de paiement de la classe D (jours)")).ToHaveValueAsync("10");
        await Browser.ScreenshotAsync(page, "settings-credit-policy");

        await using var db = server.Database.For(server.Tenant);
        (await RiskPolicies.LoadAsync(db, default)).For("D").ShouldBe(new ClassTerms(40, 10, 1500m));
    }

    /// <summary>The whole form as the page posts it: the defaults, with <paramref name="changes"/> typed over them.</summary>
    private static Dictionary<string, string> Form(Dictionary<string, string> changes)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var defaults = new CreditPolicy();
        foreach (var name in CreditPolicy.ClassNames)
        {
            var t = defaults.For(name);
            fields[$"Values[classes.{name}.depositPercent]"] = t.DepositPercent.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Values[classes.{name}.termsDays]"] = t.TermsDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Values[classes.{name}.startingLimit]"] = t.StartingLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        fields["Values[youngCompanyMonths]"] = "24";
        fields["Values[establishedCompanyMonths]"] = "60";
        fields["Values[recentProcedureMonths]"] = "36";
        foreach (var (key, value) in changes)
        {
            fields[$"Values[{key}]"] = value;
        }

        return fields;
    }
}
