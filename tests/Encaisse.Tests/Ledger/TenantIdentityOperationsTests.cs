using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>The one write of the company's identity (the settings page calls it), on SQLite and PostgreSQL.</summary>
public sealed class TenantIdentityOperationsTests
{
    private static readonly TenantIdentityInput Good = new("ACME Industrie SAS", "732829320", "73282932000009", "FR44732829320", "SAS", "50 000", "Lyon",
        "12 rue de la République", null, "69002", "Lyon", "FR", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP", "compta@acme.example", null, "EUR",
        "Europe/Paris", "45eom");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_valid_identity_is_stored_a_refused_one_names_its_fields_and_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            var refused = (await TenantIdentityOperations.SaveAsync(db, Good with { Siret = "73282932000001", TimeZone = "Mars/Olympus" }, default)).Error!;
            (refused.Kind, refused.Code).ShouldBe((ErrorKind.Invalid, "company.invalid"));
            refused.Fields.Select(f => f.Field).ShouldBe(["siret", "timeZone"], ignoreOrder: true);
            refused.Data["siret"].ShouldBe("siret");
            refused.Data["timeZone"].ShouldBe("timeZone");
        }

        await using (var db = database.For(tenant))
        {
            (await db.Tenants.SingleAsync(t => t.Id == tenant.Id)).Siret.ShouldBeNull();
            (await TenantIdentityOperations.SaveAsync(db, Good, default)).OrThrow().Siret.ShouldBe("73282932000009");
        }

        await using (var db = database.For(tenant))
        {
            var stored = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
            (stored.Name, stored.Siret, stored.ShareCapitalMinor, stored.Iban, stored.DefaultPaymentTerms, stored.Address.City)
                .ShouldBe(("ACME Industrie SAS", "73282932000009", 5_000_000L, "FR7630006000011234567890189", "45eom", "Lyon"));
        }
    }
}
