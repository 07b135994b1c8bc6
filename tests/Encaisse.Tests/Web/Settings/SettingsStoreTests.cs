using System.Net;
using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>What the settings pages store, on SQLite and PostgreSQL.</summary>
public sealed class SettingsStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Plans_are_checked_saved_replaced_and_the_last_one_is_kept(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);
        await DunningSetup.EnsureAsync(db, new FakeClock(Now), default);

        var bad = new PlanInput(DefaultPlans.BusinessName, false, CustomerKind.Business, null, "F",
            [new StepInput(400, DunningChannel.Email, "inconnu", DunningTone.Reminder, OnlyForRiskClasses: "C;D")]);
        var refused = await DunningPlanOperations.SaveAsync(db, null, bad, "EUR", Now, default);
        refused.Error!.Code.ShouldBe("plan.invalid");
        refused.Error.Fields.Select(f => f.Field).ShouldBe(["forRiskClass", "steps[0].offsetDays", "steps[0].onlyForRiskClasses", "name", "steps[0].templateKey"], ignoreOrder: true);

        var good = new PlanInput("Grands comptes", false, CustomerKind.Business, "Industrie", "A",
        [
            new StepInput(10, DunningChannel.Email, "firm", DunningTone.Firm, MinOverdueAmount: 1500.50m),
            new StepInput(-3, DunningChannel.Email, "courtesy", DunningTone.Courtesy),
            new StepInput(20, DunningChannel.Call, "call", DunningTone.Firm, NeedsApproval: true, OnlyForRiskClasses: "C,D,E"),
        ]);
        var plan = (await DunningPlanOperations.SaveAsync(db, null, good, "EUR", Now, default)).OrThrow();
        var replaced = good with { Steps = [new StepInput(5, DunningChannel.Sms, "sms", DunningTone.Reminder)] };
        (await DunningPlanOperations.SaveAsync(db, plan.Id, replaced, "EUR", Now, default)).IsOk.ShouldBeTrue();

        db.ChangeTracker.Clear();
        var stored = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.Name == "Grands comptes");
        stored.ForRiskClass.ShouldBe("A");
        stored.Steps.ShouldHaveSingleItem().TemplateKey.ShouldBe("sms");

        foreach (var other in await db.Set<DunningPlan>().Where(p => p.Id != stored.Id).Select(p => p.Id).ToListAsync())
        {
            (await DunningPlanOperations.DeleteAsync(db, other, default)).IsOk.ShouldBeTrue();
        }

        (await DunningPlanOperations.DeleteAsync(db, stored.Id, default)).Error!.Code.ShouldBe("plan.lastPlan");
        (await db.Set<DunningPlan>().CountAsync()).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invalid_template_is_never_saved_a_valid_one_is_and_reset_brings_back_the_built_in(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);

        var refused = await TemplateStore.SaveAsync(db, "reminder", "fr", "Relance", "{% if totals.open %}jamais fermé", Now, default);
        refused.Keys.ShouldBe(["body"]);
        (await db.Set<DunningTemplate>().AnyAsync()).ShouldBeFalse();

        (await TemplateStore.SaveAsync(db, "reminder", "fr", "Relance {{ customer.name }}", "<p>{{ totals.open }}</p>", Now, default)).ShouldBeEmpty();
        (await TemplateStore.FindAsync(db, "reminder", "fr", default)).ShouldBe(("Relance {{ customer.name }}", "<p>{{ totals.open }}</p>", true));

        (await TemplateStore.ResetAsync(db, "reminder", "fr", default)).ShouldBeTrue();
        var builtIn = await TemplateStore.FindAsync(db, "reminder", "fr", default);
        builtIn!.Value.Customised.ShouldBeFalse();
        builtIn.Value.Subject.ShouldBe(DefaultTemplates.For("reminder", "fr").Subject);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_last_active_administrator_can_be_neither_demoted_nor_disabled(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using var db = database.For(tenant);

        var (added, password) = await UserAdministration.AddAsync(db, "alice", "Alice", UserRole.Administrator, "fr", Now, default);
        added.ShouldBe(UserRefusal.None);
        password!.Length.ShouldBe(16);
        (await UserAdministration.AddAsync(db, "alice", null, UserRole.Collector, "fr", Now, default)).Refusal.ShouldBe(UserRefusal.LoginTaken);
        (await UserAdministration.AddAsync(db, "a b", null, UserRole.Collector, "fr", Now, default)).Refusal.ShouldBe(UserRefusal.BadLogin);
        var alice = await db.Set<User>().SingleAsync(u => u.Login == "alice");
        Passwords.Check(alice, password).ShouldBeTrue();

        (await UserAdministration.ChangeRoleAsync(db, alice.Id, UserRole.Collector, default)).ShouldBe(UserRefusal.LastAdministrator);
        (await UserAdministration.SetDisabledAsync(db, alice.Id, true, Now, default)).ShouldBe(UserRefusal.LastAdministrator);

        var (_, _) = await UserAdministration.AddAsync(db, "bob", null, UserRole.Administrator, "en", Now, default);
        (await UserAdministration.SetDisabledAsync(db, alice.Id, true, Now, default)).ShouldBe(UserRefusal.None);
        var bob = await db.Set<User>().SingleAsync(u => u.Login == "bob");
        // Alice is disabled: Bob is now the last active administrator.
        (await UserAdministration.ChangeRoleAsync(db, bob.Id, UserRole.ReadOnly, default)).ShouldBe(UserRefusal.LastAdministrator);

        var (reset, fresh) = await UserAdministration.ResetPasswordAsync(db, bob.Id, default);
        reset.ShouldBe(UserRefusal.None);
        db.ChangeTracker.Clear();
        Passwords.Check(await db.Set<User>().SingleAsync(u => u.Login == "bob"), fresh!).ShouldBeTrue();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_company_form_stores_the_identity_and_refuses_a_bad_siret(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        using var session = await SettingsSession.SignInAsync(server, SettingsSession.AdminLogin);
        var form = new Dictionary<string, string>
        {
            ["Form.Name"] = "ACME Industrie SAS", ["Form.LegalForm"] = "SAS", ["Form.ShareCapital"] = "50 000", ["Form.Siren"] = "732829320",
            ["Form.Siret"] = "73282932000009", ["Form.RegistrationCity"] = "Lyon", ["Form.VatNumber"] = "FR44732829320", ["Form.Line1"] = "12 rue de la République",
            ["Form.PostalCode"] = "69002", ["Form.City"] = "Lyon", ["Form.Country"] = "FR", ["Form.Iban"] = "FR76 3000 6000 0112 3456 7890 189",
            ["Form.Bic"] = "AGRIFRPP", ["Form.Currency"] = "EUR", ["Form.TimeZone"] = "Europe/Paris", ["Form.DefaultPaymentTerms"] = "45eom",
        };
        var bad = await session.PostAsync("/settings/company", "/settings/company", new(form) { ["Form.Siret"] = "73282932000001" });
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("SIRET invalide");

        (await session.PostAsync("/settings/company", "/settings/company", form)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await using var db = server.Database.For(server.Tenant);
        var tenant = await db.Tenants.SingleAsync(t => t.Id == server.Tenant.Id);
        (tenant.Siret, tenant.LegalForm, tenant.ShareCapitalMinor, tenant.RegistrationCity, tenant.Iban, tenant.DefaultPaymentTerms, tenant.Address.City)
            .ShouldBe(("73282932000009", "SAS", 5_000_000L, "Lyon", "FR7630006000011234567890189", "45eom", "Lyon"));
    }
}
