using Encaisse.Portal;
using Shouldly;

namespace Encaisse.Tests.Portal;

public sealed class EpcQrPayloadTests
{
    private const string Iban = "FR76 3000 6000 0112 3456 7890 189";

    [Fact]
    public void Structured_reference_goes_in_line_ten_and_trailing_lines_are_left_out() =>
        EpcQrPayload.Build("ACME Industrie SAS", Iban, "AGRIFRPP", 4_094_96, "EUR", "RF18539007547034")
            .ShouldBe("BCD\n002\n1\nSCT\nAGRIFRPP\nACME Industrie SAS\nFR7630006000011234567890189\nEUR4094.96\n\nRF18539007547034");

    [Fact]
    public void Free_text_goes_in_line_eleven() =>
        EpcQrPayload.Build("ACME Industrie SAS", Iban, null, 12_00, "EUR", "Facture FA-1")
            .ShouldBe("BCD\n002\n1\nSCT\n\nACME Industrie SAS\nFR7630006000011234567890189\nEUR12.00\n\n\nFacture FA-1");

    [Fact]
    public void Without_reference_the_payload_ends_with_the_amount() =>
        EpcQrPayload.Build("Société Générale d'Équipement", Iban, "sogefrpp", 1, "EUR", null)
            .ShouldBe("BCD\n002\n1\nSCT\nSOGEFRPP\nSociété Générale d'Équipement\nFR7630006000011234567890189\nEUR0.01");

    [Theory]
    [InlineData(0, "EUR")]
    [InlineData(100_000_000_000, "EUR")]
    [InlineData(100, "USD")]
    public void Refuses_amounts_and_currencies_outside_the_standard(long minor, string currency) =>
        Should.Throw<ArgumentException>(() => EpcQrPayload.Build("ACME", Iban, null, minor, currency, null));

    [Fact]
    public void Long_names_are_cut_at_70_characters()
    {
        var payload = EpcQrPayload.Build(new string('A', 90), Iban, null, 100, "EUR", null);
        payload.Split('\n')[5].Length.ShouldBe(70);
    }
}
