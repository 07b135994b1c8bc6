using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Encaisse.Payments.Sepa;
using Shouldly;

namespace Encaisse.Tests.Payments;

public sealed class DirectDebitFileTests
{
    private static readonly string Sepa = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Payments", "sepa");

    private static readonly DirectDebitCreditor Creditor = new("ACME Industrie SAS", "FR7630006000011234567890189", "AGRIFRPPXXX", "FR72ZZZ123456");

    private static readonly DirectDebitCollection[] Collections =
    [
        new("FA-2026-00123", 120_000, "RUM-411DUPONT-1", new DateOnly(2025, 11, 3), SequenceType.First, "Dupont Bâtiment SARL", "FR1420041010050500013M02606", null, "Facture FA-2026-00123 échéance 31/03/2026"),
        new("FA-2026-00200", 99_999, "RUM-411MARTIN-1", new DateOnly(2024, 1, 15), SequenceType.Recurrent, "Martin & Fils", "DE89370400440532013000", "COBADEFFXXX", "Facture FA-2026-00200"),
    ];

    private static List<string> Validate(XDocument document, string xsd)
    {
        var schemas = new XmlSchemaSet();
        using (var reader = XmlReader.Create(Path.Combine(Sepa, "xsd", xsd)))
        {
            schemas.Add(null, reader);
        }

        var errors = new List<string>();
        document.Validate(schemas, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }

    [Theory]
    [InlineData(Pain008Version.V02, "pain.008.001.02.xsd")]
    [InlineData(Pain008Version.V08, "pain.008.001.08.xsd")]
    public void Generated_files_are_valid_against_the_iso_schema(Pain008Version version, string xsd)
    {
        var document = DirectDebitFile.Write(version, "ENC-20260401-1", new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero), new DateOnly(2026, 4, 3), Creditor, Collections);
        Validate(document, xsd).ShouldBeEmpty();
        var ns = document.Root!.Name.Namespace;
        document.Descendants(ns + "SeqTp").Select(e => e.Value).ShouldBe(["FRST", "RCUR"]);
        document.Descendants(ns + "CtrlSum").First().Value.ShouldBe("2199.99");
        document.Descendants(ns + "Nm").Select(e => e.Value).ShouldContain("Dupont Batiment SARL");
    }

    [Theory]
    [InlineData("pain.008.001.02.xml", "pain.008.001.02.xsd")]
    [InlineData("pain.008.001.08.xml", "pain.008.001.08.xsd")]
    public void The_schema_check_accepts_the_reference_samples(string sample, string xsd) =>
        Validate(XDocument.Load(Path.Combine(Sepa, "samples", sample)), xsd).ShouldBeEmpty();

    [Fact]
    public void A_broken_file_is_caught_by_the_schema_check()
    {
        var document = DirectDebitFile.Write(Pain008Version.V08, "M", DateTimeOffset.UnixEpoch, new DateOnly(2026, 4, 3), Creditor, Collections);
        var ns = document.Root!.Name.Namespace;
        document.Descendants(ns + "SeqTp").First().Value = "SOMETIMES";
        Validate(document, "pain.008.001.08.xsd").ShouldNotBeEmpty();
    }

    [Fact]
    public void An_invalid_creditor_identifier_is_refused()
    {
        Should.Throw<ArgumentException>(() => DirectDebitFile.Write(Pain008Version.V02, "M", DateTimeOffset.UnixEpoch, new DateOnly(2026, 4, 3),
            Creditor with { CreditorIdentifier = "FR73ZZZ123456" }, Collections)).Message.ShouldContain("creditor identifier");
    }

    [Fact]
    public void Selection_takes_due_invoices_of_customers_with_a_live_mandate()
    {
        var withMandate = Guid.NewGuid();
        var revoked = Guid.NewGuid();
        var none = Guid.NewGuid();
        var mandates = new Dictionary<Guid, Mandate>
        {
            [withMandate] = new() { CustomerId = withMandate, Reference = "RUM-1", SignedOn = new(2025, 1, 1), DebtorIban = "FR1420041010050500013M02606", DebtorName = "A" },
            [revoked] = new() { CustomerId = revoked, Reference = "RUM-2", SignedOn = new(2025, 1, 1), RevokedOn = new(2026, 1, 1), DebtorIban = "FR1420041010050500013M02606", DebtorName = "B" },
        };
        var date = new DateOnly(2026, 4, 3);
        var selected = DirectDebitSelection.Select([
            new(Guid.NewGuid(), "F1", withMandate, date, 1000, "EUR"),
            new(Guid.NewGuid(), "F2", withMandate, date.AddDays(1), 1000, "EUR"),
            new(Guid.NewGuid(), "F3", revoked, date, 1000, "EUR"),
            new(Guid.NewGuid(), "F4", none, date, 1000, "EUR"),
            new(Guid.NewGuid(), "F5", withMandate, date, 0, "EUR"),
        ], mandates, date);
        selected.Select(s => s.Invoice.Number).ShouldBe(["F1"]);
        mandates[withMandate].NextSequence.ShouldBe(SequenceType.First);
    }
}
