using Encaisse.Legal;
using Shouldly;

namespace Encaisse.Tests.Legal;

public sealed class FrenchIdentifiersTests
{
    // Vectors from reference/french-law.md §9.4.
    [Theory]
    [InlineData("812809234", IdentifierKind.Siren, true, "FR04812809234")]
    [InlineData("812 809 234", IdentifierKind.Siren, true, "FR04812809234")]
    [InlineData("479766842", IdentifierKind.Siren, true, "FR85479766842")]
    [InlineData("812809235", IdentifierKind.Siren, false, null)]
    [InlineData("81280923400014", IdentifierKind.Siret, true, "FR04812809234")]
    [InlineData("81280923400030", IdentifierKind.Siret, true, "FR04812809234")]
    [InlineData("81280923400015", IdentifierKind.Siret, false, null)]
    [InlineData("35600000000048", IdentifierKind.Siret, true, "FR39356000000")]
    [InlineData("FR04812809234", IdentifierKind.Vat, true, "FR04812809234")]
    [InlineData("FR05812809234", IdentifierKind.Vat, false, "FR04812809234")]
    [InlineData("hello", IdentifierKind.Unknown, false, null)]
    public void Checks_reference_vectors(string input, IdentifierKind kind, bool valid, string? vat)
    {
        var check = FrenchIdentifiers.Check(input);
        check.Kind.ShouldBe(kind);
        check.Valid.ShouldBe(valid);
        check.Vat.ShouldBe(vat);
    }

    [Fact]
    public void La_Poste_establishments_use_the_sum_of_digits_rule()
    {
        // 35600000049837 fails Luhn but its digit sum (45) is a multiple of 5.
        FrenchIdentifiers.IsValidSiret("35600000049837").ShouldBeTrue();
        FrenchIdentifiers.IsValidSiret("35600000049838").ShouldBeFalse();
        // The exception is for La Poste only.
        FrenchIdentifiers.IsValidSiret("81280923400050").ShouldBe(false);
    }

    [Fact]
    public void Completed_sirens_are_valid() =>
        Enumerable.Range(10_000_000, 50).Select(n => FrenchIdentifiers.CompleteSiren(n.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ShouldAllBe(s => FrenchIdentifiers.IsValidSiren(s));
}
