using Encaisse.Ledger;
using Shouldly;

namespace Encaisse.Tests.Ledger;

/// <summary>The registration mentions printed in letter footers once the company page has them.</summary>
public sealed class CompanyMentionsTests
{
    [Theory]
    [InlineData("SAS", 5_000_000L, "Lyon", "73282932000009", "SAS au capital de 50 000 € — RCS Lyon 732 829 320 — SIRET 732 829 320 00009")]
    [InlineData("SARL", 123_456L, null, null, "SARL au capital de 1 234,56 € — SIREN 732 829 320")]
    [InlineData(null, null, "Lyon", null, "Société — RCS Lyon 732 829 320")]
    [InlineData(null, null, null, null, null)]
    public void Footer_mentions_follow_what_is_set(string? form, long? capital, string? city, string? siret, string? expected)
    {
        var tenant = new Tenant { Code = "acme", Name = "ACME", Siren = "732829320", LegalForm = form, ShareCapitalMinor = capital, RegistrationCity = city, Siret = siret };
        CompanyMentions.Registration(tenant).ShouldBe(expected);
    }
}
