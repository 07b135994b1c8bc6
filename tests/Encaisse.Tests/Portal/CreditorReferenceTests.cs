using Encaisse.Portal;
using Shouldly;

namespace Encaisse.Tests.Portal;

public sealed class CreditorReferenceTests
{
    [Theory]
    [InlineData("539007547034", "RF18539007547034")] // The example of ISO 11649.
    [InlineData("411DUPONT", "RF92411DUPONT")]
    [InlineData("FA-2026-0101", "RF42FA20260101")]
    [InlineData("fa 2026/0101", "RF42FA20260101")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "RF68FGHIJKLMNOPQRSTUVWXYZ")]
    public void Derives_the_reference_with_its_check_digits(string source, string expected)
    {
        var reference = CreditorReference.From(source);
        reference.ShouldBe(expected);
        CreditorReference.IsValid(reference).ShouldBeTrue();
    }

    [Theory]
    [InlineData("RF18 5390 0754 7034", true)]
    [InlineData("RF19539007547034", false)]
    [InlineData("RF18539007547035", false)]
    [InlineData("XX18539007547034", false)]
    [InlineData("RF1", false)]
    [InlineData("RF18-5390", false)]
    [InlineData(null, false)]
    public void Validates_references(string? reference, bool valid) => CreditorReference.IsValid(reference).ShouldBe(valid);

    [Fact]
    public void Refuses_a_source_without_letters_or_digits() => Should.Throw<ArgumentException>(() => CreditorReference.From("--/"));

    [Fact]
    public void Prints_in_groups_of_four() => CreditorReference.Printable("RF18539007547034").ShouldBe("RF18 5390 0754 7034");
}
