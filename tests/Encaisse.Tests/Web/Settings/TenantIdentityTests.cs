using Encaisse.Ledger;
using Shouldly;

namespace Encaisse.Tests.Web.Settings;

/// <summary>The company form's checks (pure): identifiers with their check digits, IBAN, BIC, currency, time zone.</summary>
public sealed class TenantIdentityTests
{
    private static TenantIdentityInput Valid() => new(
        "ACME Industrie SAS", "732 829 320", "732 829 320 00009", "FR44732829320", "SAS", "50 000", "Lyon",
        "12 rue de la République", null, "69002", "Lyon", "FR", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP", "compta@acme.example.fr", "04 78 00 00 00",
        "EUR", "Europe/Paris", "net30");

    private static bool Zone(string id) => id is "Europe/Paris" or "UTC";

    [Fact]
    public void A_complete_french_identity_is_accepted_and_normalised()
    {
        TenantIdentity.Check(Valid(), Zone).ShouldBeEmpty();
        var tenant = new Tenant { Code = "acme", Name = "x" };
        TenantIdentity.Apply(tenant, Valid());
        tenant.Siren.ShouldBe("732829320");
        tenant.Siret.ShouldBe("73282932000009");
        tenant.Iban.ShouldBe("FR7630006000011234567890189");
        tenant.ShareCapitalMinor.ShouldBe(5_000_000);
        tenant.Address.PostalCode.ShouldBe("69002");
        tenant.VatNumber.ShouldBe("FR44732829320");
    }

    [Theory]
    [InlineData("siren", "732829321", "siren")]
    [InlineData("siret", "73282932000075", "siret")]
    [InlineData("siret", "55210055400005", "siretSiren")]
    [InlineData("vat", "FR45732829320", "vat")]
    [InlineData("vat", "FR96552100554", "vatSiren")]
    [InlineData("iban", "FR7630006000011234567890188", "iban")]
    [InlineData("bic", "AGRI", "bic")]
    [InlineData("currency", "EURO", "currency")]
    [InlineData("timeZone", "Mars/Olympus", "timeZone")]
    [InlineData("name", "  ", "name")]
    [InlineData("shareCapital", "beaucoup", "amount")]
    [InlineData("email", "pas-une-adresse", "email")]
    [InlineData("country", "France", "country")]
    public void A_wrong_value_is_refused_with_its_reason(string field, string value, string code)
    {
        var input = field switch
        {
            "siren" => Valid() with { Siren = value, Siret = null, VatNumber = null },
            "siret" => Valid() with { Siret = value },
            "vat" => Valid() with { VatNumber = value },
            "iban" => Valid() with { Iban = value },
            "bic" => Valid() with { Bic = value },
            "currency" => Valid() with { Currency = value },
            "timeZone" => Valid() with { TimeZone = value },
            "name" => Valid() with { Name = value },
            "shareCapital" => Valid() with { ShareCapital = value },
            "email" => Valid() with { Email = value },
            _ => Valid() with { Country = value },
        };
        TenantIdentity.Check(input, Zone).ShouldHaveSingleItem().ShouldBe(new IdentityProblem(field, code));
    }

    [Fact]
    public void Optional_fields_may_stay_empty()
    {
        var input = new TenantIdentityInput("ACME", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "EUR", "UTC", null);
        TenantIdentity.Check(input, Zone).ShouldBeEmpty();
    }

    [Fact]
    public void La_Poste_establishments_use_their_own_siret_check()
    {
        TenantIdentity.Check(Valid() with { Siren = "356000000", Siret = "35600000000001", VatNumber = null }, Zone).ShouldBeEmpty();
    }
}
