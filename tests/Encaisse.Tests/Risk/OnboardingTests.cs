using System.Text;
using Encaisse.Audit;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Risk;
using Encaisse.Risk.Onboarding;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// Issue 18, before credit is granted: the onboarding check queued on creation (API operation, import), an outage that leaves it
/// pending and a retry that completes it, a ceased company refused credit without an override and granted it with one, the
/// class advice (deposit, terms) and the own limit above the recommended one shown with who set it. Both databases.
/// </summary>
public sealed class OnboardingTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    private static RegistryMonitor Registries(Uri address) =>
        RegistryMonitor.Create(new RegistryOptions
        {
            RechercheEntreprisesUrl = address, BodaccUrl = address, Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(20),
            AttemptTimeout = TimeSpan.FromSeconds(5),
        }, TimeProvider.System);

    private static CustomerWrite Write(string reference, string name, string siren, string line1, string postal, string city) =>
        new(reference, name, CustomerKind.Business, Siren: siren, Address: new AddressDto(line1, null, postal, city, "FR"));

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_customer_created_during_an_outage_is_checked_by_a_retry_and_the_page_data_says_pending_until_then(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        registry.Unavailable = true; // 503 on every call

        // Created through the ledger operation (the API's and the back office's): never blocked, the check is queued.
        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.ApiKey, "enc_test");
            var created = await new LedgerOperations(db, tenant, clock).CreateCustomerAsync(Write("411JEUNE", "Jeune Pousse SAS", "901234518", "3 bd de la Liberté", "59000", "Lille"), default);
            created.IsOk.ShouldBeTrue(created.Error?.ToString());
            var request = await db.Set<CompanyCheckRequest>().SingleAsync();
            (request.Trigger, request.RequestedBy, request.Attempts).ShouldBe(("creation", "enc_test", 0));
        }

        var monitor = Registries(registry.Address);
        await using (var db = database.For(tenant))
        {
            var report = await new OnboardingChecks(db, tenant, clock, monitor).ProcessDueAsync("node-1", 10, default);
            report.ShouldBe(new QueueReport(0, 1, 0));
        }

        await using (var db = database.For(tenant))
        {
            var request = await db.Set<CompanyCheckRequest>().AsNoTracking().SingleAsync();
            request.Attempts.ShouldBe(1);
            request.NextAttemptAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromMinutes(1));
            request.LastError!.ShouldContain("503");
            request.ClaimedBy.ShouldBeNull();
            var view = (await OnboardingView.LoadAsync(db, tenant, "411JEUNE", Today, default))!;
            (view.Status, view.Latest, view.Pending!.Attempts).ShouldBe(("pending", (CheckView?)null, 1));
            (await db.Set<CompanyCheck>().CountAsync()).ShouldBe(0);
            // Not due yet: nothing is tried before the delay.
            (await new OnboardingChecks(db, tenant, clock, monitor).ProcessDueAsync("node-1", 10, default)).ShouldBe(new QueueReport(0, 0, 0));
        }

        // The registry is back; after the delay the retry completes the check.
        registry.Unavailable = false;
        clock.Advance(TimeSpan.FromMinutes(2));
        await using (var db = database.For(tenant))
        {
            (await new OnboardingChecks(db, tenant, clock, monitor).ProcessDueAsync("node-1", 10, default)).ShouldBe(new QueueReport(1, 0, 0));
        }

        await using (var db = database.For(tenant))
        {
            (await db.Set<CompanyCheckRequest>().CountAsync()).ShouldBe(0);
            var view = (await OnboardingView.LoadAsync(db, tenant, "411JEUNE", Today, default))!;
            view.Status.ShouldBe("done");
            var check = view.Latest!;
            (check.Trigger, check.Found, check.Active, check.CreatedOn, check.LegalForm, check.ActivityCode).ShouldBe(("retry", true, true, (DateOnly?)new DateOnly(2025, 9, 1), "5710", "62.01Z"));
            (check.NameDiffers, check.AddressDiffers).ShouldBe((false, false)); // "Jeune Pousse SAS" / "3 bd de la Liberté" are the registry's
            view.Advice!.RiskClass.ShouldBe("D");
            view.Advice.Reasons.Select(r => r.Code).ShouldBe(["young", "noAccounts"]);
            (view.Advice.StartingLimit, view.Advice.TermsDays, view.Advice.DepositPercent).ShouldBe((1_500m, 15, 30));
            var entry = await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "registry.check");
            TimelineText.Render(entry.Data, "fr")!.ShouldBe("Vérification au registre : classe de départ D");

            // The risk view: no sales yet, so the onboarding check decides the class advice and the recommended limit.
            var risk = (await RiskEvaluation.RunAsync(db, tenant, Today, clock, default, "411JEUNE", apply: false)).Single();
            (risk.Advice!.RiskClass, risk.Advice.DepositPercent, risk.Advice.TermsDays, risk.RecommendedLimit).ShouldBe(("D", 30, 15, (decimal?)1_500m));
            risk.Advice.Reasons.Select(r => r.Code).ShouldBe(["behaviourClass", "onboardingClass", "young", "noAccounts", "classTerms"]);
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_registry_refusing_connections_leaves_the_check_pending_and_a_later_check_stores_history(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        await using (var db = database.For(tenant))
        {
            (await new LedgerOperations(db, tenant, clock).CreateCustomerAsync(Write("411NIL", "Boulangerie Martin", "812809234", "8 rue Paul Bert", "75011", "Paris"), default))
                .IsOk.ShouldBeTrue();
        }

        // Nothing listens on port 1: connections are refused. The check on demand answers "pending", not an error.
        await using (var db = database.For(tenant))
        {
            var outcome = (await new OnboardingChecks(db, tenant, clock, Registries(new Uri("http://127.0.0.1:1/"))).CheckNowAsync("411NIL", "manual", "claire", default)).Value;
            (outcome.Status, outcome.Check).ShouldBe((CheckOutcome.Pending, (CompanyCheck?)null));
            outcome.NextAttemptAt.ShouldBe(clock.GetUtcNow() + TimeSpan.FromMinutes(1));
            (await db.Set<CompanyCheckRequest>().AsNoTracking().SingleAsync()).Attempts.ShouldBe(1);
        }

        var monitor = Registries(registry.Address);
        await using (var db = database.For(tenant))
        {
            var outcome = (await new OnboardingChecks(db, tenant, clock, monitor).CheckNowAsync("411NIL", "manual", "claire", default)).Value;
            outcome.Status.ShouldBe(CheckOutcome.Done);
            // The queued request (asked at creation) is done by this check.
            (outcome.Check!.Trigger, outcome.Check.RequestedBy).ShouldBe(("creation", "claire"));
            (await db.Set<CompanyCheckRequest>().CountAsync()).ShouldBe(0);
        }

        clock.AdvanceDays(1);
        await using (var db = database.For(tenant))
        {
            (await new OnboardingChecks(db, tenant, clock, monitor).CheckNowAsync("411NIL", "manual", "claire", default)).Value.Status.ShouldBe(CheckOutcome.Done);
            var view = (await OnboardingView.LoadAsync(db, tenant, "411NIL", Today.AddDays(1), default))!;
            (view.Latest!.CheckedOn, view.History.Single().CheckedOn).ShouldBe((Today.AddDays(1), Today));
            // Our name and address are not the registry's: both reported.
            (view.Latest.NameDiffers, view.Latest.AddressDiffers).ShouldBe((true, true));
            (view.Latest.RegistryName, view.Latest.HeadOfficeAddress).ShouldBe(("BOULANGERIE DU NIL", "7 RUE DU NIL 75002 PARIS"));
            view.Latest.Accounts.Single().ShouldBe(new PublishedAccounts(2023, 0m, 437_133m));
            view.Advice!.RiskClass.ShouldBe("B"); // established (2015) with a profit
            (await db.Set<RegistryCheck>().SingleAsync()).Status.ShouldBe("ok");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ceased_company_in_a_procedure_is_refused_credit_without_an_override_and_granted_it_with_one(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        await using (var db = database.For(tenant))
        {
            (await new LedgerOperations(db, tenant, clock).CreateCustomerAsync(Write("411DJB", "DJ Bâtiment", "833310592", "12 avenue Jean Jaurès", "33150", "Cenon"), default))
                .IsOk.ShouldBeTrue();
            (await new OnboardingChecks(db, tenant, clock, Registries(registry.Address)).ProcessDueAsync("node-1", 10, default)).Done.ShouldBe(1);
        }

        await using (var db = database.For(tenant))
        {
            var view = (await OnboardingView.LoadAsync(db, tenant, "411DJB", Today, default))!;
            (view.Latest!.Active, view.Latest.CeasedOn, view.Latest.CreditRefused).ShouldBe((false, (DateOnly?)new DateOnly(2026, 6, 20), true));
            view.Advice!.Reasons.Select(r => r.Code).ShouldBe(["ceased", "procedure"]);
            view.CreditRefusal.ShouldBe("ceased+procedure");
            // The registry's consequences, as the daily watch applies them.
            var customer = await db.Customers.SingleAsync();
            (customer.CeasedOn, customer.InsolvencyOpenedOn).ShouldBe(((DateOnly?)new DateOnly(2026, 6, 20), (DateOnly?)new DateOnly(2026, 6, 2)));
            (await db.Set<Encaisse.Dunning.CollectionTask>().CountAsync()).ShouldBe(1);
            TimelineText.Render((await db.Set<TimelineEvent>().SingleAsync(e => e.Kind == "registry.check")).Data, "fr")!.ShouldStartWith("Vérification au registre : entreprise cessée");
        }

        // Terms or a limit without an override: refused, whatever the surface (grant, limit, update).
        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.User, "claire");
            var refused = await CreditGrants.GrantAsync(db, tenant, clock, "411DJB", new CreditGrant(5_000m, "net30", null), default);
            (refused.Error!.Kind, refused.Error.Code).ShouldBe((ErrorKind.Conflict, "risk.creditRefused"));
            refused.Error.Message("fr").ShouldBe("Crédit refusé à 411DJB (entreprise cessée et en procédure collective) : indiquez le motif de la dérogation pour l'accorder quand même.");
            var customerId = (await db.Customers.SingleAsync()).Id;
            (await new LedgerOperations(db, tenant, clock).SetCreditLimitAsync(customerId, 5_000m, default)).Error!.Code.ShouldBe("risk.creditRefused");
            (await new LedgerOperations(db, tenant, clock).UpdateCustomerAsync("411DJB", new CustomerWrite(null, null, PaymentTerms: "45eom"), default)).Error!.Code.ShouldBe("risk.creditRefused");
            // Cash terms and no limit are not credit.
            (await CreditGrants.GrantAsync(db, tenant, clock, "411DJB", new CreditGrant(0m, "comptant", null), default)).IsOk.ShouldBeTrue();
        }

        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.User, "claire");
            var granted = await CreditGrants.GrantAsync(db, tenant, clock, "411DJB", new CreditGrant(5_000m, "net30", "Plan de redressement validé, caution du dirigeant"), default);
            granted.IsOk.ShouldBeTrue(granted.Error?.ToString());
            (granted.Value.CreditLimitMinor, granted.Value.PaymentTerms).ShouldBe(((long?)500_000, "net30"));
        }

        await using (var db = database.For(tenant))
        {
            var o = await db.Set<CreditOverride>().SingleAsync();
            (o.By, o.Refusal, o.Reason, o.CreditLimitMinor, o.PaymentTerms).ShouldBe(("claire", "ceased+procedure", "Plan de redressement validé, caution du dirigeant", (long?)500_000, "net30"));
            o.At.ShouldBe(clock.GetUtcNow());
            var audit = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.CustomerId == o.CustomerId).ToListAsync();
            audit.ShouldContain(a => a.ObjectType == "credit_override" && a.ActorId == "claire" && a.After!.Contains("Plan de redressement"));
            audit.ShouldContain(a => a.Action == "customer.creditGranted" && a.ActorId == "claire" && a.After!.Contains("500000"));
            var view = (await OnboardingView.LoadAsync(db, tenant, "411DJB", Today, default))!;
            view.Overrides.Single().By.ShouldBe("claire");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_import_queues_the_check_of_each_new_business_customer(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        await using (var db = database.For(tenant))
        {
            db.Add(new Customer { TenantId = tenant.Id, ExternalRef = "C0", LegalName = "Déjà là", Siren = "812809234" });
            await db.SaveChangesAsync();
        }

        var csv = "Code client;Raison sociale;SIREN\nC0;Déjà là;812809234\nC1;Jeune Pousse;901234518\nC2;Sans siren;\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var report = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Customers, "clients.csv", stream, new ImportOptions(), clock, default);
        report.Written.ShouldBeTrue(string.Join("; ", report.Errors));
        await using (var db = database.For(tenant))
        {
            var c1 = await db.Customers.SingleAsync(c => c.ExternalRef == "C1");
            var request = await db.Set<CompanyCheckRequest>().AsNoTracking().SingleAsync(); // C0 existed, C2 has no SIREN
            (request.CustomerId, request.Trigger, request.Attempts).ShouldBe((c1.Id, "import", 0));
            (request.NextAttemptAt <= clock.GetUtcNow().AddSeconds(1)).ShouldBeTrue();
            (await OnboardingView.LoadAsync(db, tenant, "C1", Today, default))!.Status.ShouldBe("pending");
            (await OnboardingView.LoadAsync(db, tenant, "C2", Today, default))!.Status.ShouldBe("none");
        }
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_own_limit_above_the_recommended_one_is_shown_with_who_set_it(string provider)
    {
        await using var registry = await ReplayServer.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        Guid id;
        await using (var db = database.For(tenant))
        {
            id = (await new LedgerOperations(db, tenant, clock).CreateCustomerAsync(Write("411JEUNE", "Jeune Pousse", "901234518", "3 bd de la Liberté", "59000", "Lille"), default)).Value.Id;
            await new OnboardingChecks(db, tenant, clock, Registries(registry.Address)).ProcessDueAsync("node-1", 10, default);
        }

        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.User, "marc");
            (await new LedgerOperations(db, tenant, clock).SetCreditLimitAsync(id, 10_000m, default)).IsOk.ShouldBeTrue();
        }

        await using (var db = database.For(tenant))
        {
            var risk = (await RiskEvaluation.RunAsync(db, tenant, Today, clock, default, "411JEUNE", apply: false)).Single();
            (risk.CreditLimit, risk.RecommendedLimit, risk.HigherLimitSetBy).ShouldBe(((decimal?)10_000m, (decimal?)1_500m, "own"));
            risk.OwnLimitSetBy.ShouldBe("marc (user)");
            // An order: the class D deposit (30 %), or what brings the exposure back under the own limit when more.
            risk.Advice!.DepositForOrder(12_000_00, 2_000_00).ShouldBe(3_600_00);
        }
    }
}
