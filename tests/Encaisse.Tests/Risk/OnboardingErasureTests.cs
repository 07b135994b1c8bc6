using Encaisse.Audit;
using Encaisse.Formats;
using Encaisse.Ledger;
using Encaisse.Privacy;
using Encaisse.Risk.Onboarding;
using Encaisse.Risk.Registries;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Risk;

/// <summary>
/// GDPR erasure (ADR 1611) of a sole proprietor (entrepreneur individuel) whose onboarding checks kept the registry's answer:
/// the registered name and head-office address are scrubbed, a queued check is dropped and the customer is never looked up
/// again (ADR 1841). Both databases.
/// </summary>
public sealed class OnboardingErasureTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erasing_a_sole_proprietor_scrubs_the_stored_registry_answer_and_stops_the_checks(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = FakeClock.At(Today);
        Guid customerId;
        await using (var db = database.For(tenant))
        {
            db.Actor = new AuditActor(AuditActor.ApiKey, "enc_test");
            var created = await new LedgerOperations(db, tenant, clock).CreateCustomerAsync(
                new CustomerWrite("411MARTINJ", "Jean Martin Plomberie", CustomerKind.Business, Siren: "732829320", Address: new AddressDto("12 rue des Lilas", null, "69003", "Lyon", "FR")),
                default);
            created.IsOk.ShouldBeTrue(created.Error?.ToString());
            customerId = (await db.Customers.SingleAsync(c => c.ExternalRef == "411MARTINJ")).Id;
            // The registry's answer for an entrepreneur individuel: the person's name, the head office at home.
            db.Add(new CompanyCheck
            {
                TenantId = tenant.Id, CustomerId = customerId, CheckedOn = Today.AddDays(-40), CheckedAt = DateTimeOffset.UtcNow.AddDays(-40), Trigger = "creation",
                RequestedBy = "enc_test", Siren = "732829320", Found = true, Active = true, RegistryName = "MONSIEUR JEAN MARTIN", LegalForm = "1000",
                CreatedOn = new DateOnly(2015, 4, 1), ActivityCode = "43.22A", HeadOfficeSiret = "73282932000074", HeadOfficeAddress = "12 RUE DES LILAS",
                HeadOfficePostalCode = "69003", HeadOfficeCity = "LYON", Accounts = "[]", RiskClass = "D",
            });
            db.Add(new CreditOverride { TenantId = tenant.Id, CustomerId = customerId, Reason = "M. Martin est un ami du gérant", By = "claire", At = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            (await db.Set<CompanyCheckRequest>().CountAsync()).ShouldBe(1, "the creation queued a check");
        }

        await using (var db = database.For(tenant))
        {
            // A business needs the explicit decision (force), as ADR 1611 says; a sole proprietor is that case.
            (await PersonalData.EraseAsync(db, "411MARTINJ", false, DateTimeOffset.UtcNow, default)).Error!.Code.ShouldBe("gdpr.notConsumer");
            var erased = (await PersonalData.EraseAsync(db, "411MARTINJ", true, DateTimeOffset.UtcNow, default)).Value;
            erased.CompanyChecks.ShouldBe(1);
        }

        await using (var db = database.For(tenant))
        {
            var check = await db.Set<CompanyCheck>().SingleAsync();
            var pseudonym = (await db.Customers.SingleAsync(c => c.Id == customerId)).LegalName;
            pseudonym.ShouldStartWith("Personne ");
            check.RegistryName.ShouldBe(pseudonym);
            (check.HeadOfficeAddress, check.HeadOfficePostalCode, check.HeadOfficeCity, check.RequestedBy).ShouldBe((null, null, null, null));
            // The company facts without a person in them stay with the advice they gave.
            (check.Siren, check.LegalForm, check.ActivityCode, check.RiskClass).ShouldBe(("732829320", "1000", "43.22A", "D"));
            (await db.Set<CreditOverride>().SingleAsync()).Reason.ShouldBe("—");
            (await db.Set<CompanyCheckRequest>().AnyAsync()).ShouldBeFalse("a queued check would fetch the name again");
            var stored = await db.Set<CompanyCheck>().AsNoTracking().Where(c => c.CustomerId == customerId).Select(c => c.RegistryName + c.HeadOfficeAddress).SingleAsync();
            stored.ShouldNotContain("MARTIN");
        }

        // Never looked up again: neither on demand (coded refusal, no registry called) nor queued by a later change.
        await using (var db = database.For(tenant))
        {
            var monitor = RegistryMonitor.Create(new RegistryOptions
            {
                RechercheEntreprisesUrl = new Uri("http://127.0.0.1:9"), BodaccUrl = new Uri("http://127.0.0.1:9"), Retries = 1, RetryDelay = TimeSpan.FromMilliseconds(1),
            }, TimeProvider.System);
            var refused = await new OnboardingChecks(db, tenant, clock, monitor).CheckNowAsync("411MARTINJ", "manual", "claire", default);
            refused.Error!.Code.ShouldBe("risk.check.erased");
            refused.Error.Message("fr").ShouldBe("Les données du client 411MARTINJ ont été effacées (RGPD) : il n'est plus vérifié dans les registres.");
            var customer = await db.Customers.SingleAsync(c => c.Id == customerId);
            await OnboardingChecks.RequestAsync(db, customer, "manual", "claire", DateTimeOffset.UtcNow, default);
            await db.SaveChangesAsync();
            (await db.Set<CompanyCheckRequest>().AnyAsync()).ShouldBeFalse();
            (await db.Set<CompanyCheck>().CountAsync()).ShouldBe(1);
        }
    }
}
