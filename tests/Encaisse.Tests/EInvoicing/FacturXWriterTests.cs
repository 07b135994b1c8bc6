using System.Diagnostics;
using System.Xml.Linq;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Legal;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>The CII written for an invoice created with lines: valid against the Factur-X EN16931 XSD, zero fatal
/// assert of the official EN 16931 CII schematron (Saxon HE), read back by our own parser with the same totals, and the
/// French mentions found by the legal-mention checker.</summary>
public sealed class FacturXWriterTests
{
    private const string Saxon = "/usr/share/java/Saxon-HE.jar";

    internal static Tenant Seller() => new()
    {
        Code = "acme", Name = "ACME Industrie SAS", Siren = "732829320", Siret = "73282932000074", VatNumber = "FR44732829320",
        LegalForm = "SAS", ShareCapitalMinor = 5_000_000, RegistrationCity = "Lyon",
        Address = new PostalAddress { Line1 = "12 rue de la République", PostalCode = "69002", City = "Lyon", Country = "FR" },
        Iban = "FR7630006000011234567890189", Bic = "AGRIFRPP", Email = "compta@acme.example",
    };

    internal static Customer Buyer() => new()
    {
        ExternalRef = "C001", LegalName = "Durand Bâtiment SARL", Kind = CustomerKind.Business, Siren = "552100554", VatNumber = "FR96552100554",
        BillingAddress = new PostalAddress { Line1 = "3 avenue Jean Jaurès", PostalCode = "75019", City = "Paris", Country = "FR" },
    };

    internal static IReadOnlyList<InvoiceLineWrite> SampleLines() =>
    [
        new("Audit de conformité", 2.5m, 480m, 20m, UnitCode: "DAY"),
        new("Licence logicielle annuelle", 3m, 199.99m, 20m),
        new("Ouvrage technique", 2m, 35.5m, 5.5m, UnitCode: "H87"),
        new("Formation professionnelle continue", 1m, 650m, 0m, VatCategory: "E", VatExemptionReason: "Exonération de TVA, article 261-4-4° a du CGI"),
    ];

    internal static (Invoice Invoice, CheckedLines Lines) Sample(DocumentKind kind = DocumentKind.Invoice)
    {
        var lines = InvoiceLines.Check("EUR", SampleLines(), null, null, null).Value;
        var invoice = new Invoice
        {
            Number = kind == DocumentKind.Invoice ? "F2026-0042" : "AV2026-0007", Kind = kind, IssueDate = new DateOnly(2026, 11, 30),
            DueDate = new DateOnly(2026, 12, 30), Currency = "EUR", NetMinor = lines.NetMinor, TaxMinor = lines.TaxMinor, GrossMinor = lines.GrossMinor,
            PurchaseOrderRef = "BC-7781",
        };
        return (invoice, lines);
    }

    internal static FacturXInvoice Model(DocumentKind kind = DocumentKind.Invoice, decimal? rate = null)
    {
        var (invoice, lines) = Sample(kind);
        return FacturXInvoice.From(Seller(), Buyer(), invoice, lines.Lines, rate);
    }

    [Fact]
    public void Lines_make_the_totals_and_the_vat_breakdown()
    {
        var (_, lines) = Sample();
        // 2.5 × 480 = 1200; 3 × 199.99 = 599.97; 2 × 35.50 = 71; 650 exempt.
        lines.NetMinor.ShouldBe(252_097);
        lines.Vat.Select(v => (v.Category, v.Rate, v.BasisMinor, v.TaxMinor)).ShouldBe(
            [("S", 20m, 179_997L, 35_999L), ("S", 5.5m, 7_100L, 391L), ("E", 0m, 65_000L, 0L)]);
        lines.TaxMinor.ShouldBe(36_390);
        lines.GrossMinor.ShouldBe(288_487);
    }

    [Theory]
    [InlineData(DocumentKind.Invoice)]
    [InlineData(DocumentKind.CreditNote)]
    public void The_xml_is_valid_against_the_factur_x_en16931_xsd_and_reads_back_with_the_same_totals(DocumentKind kind)
    {
        var model = Model(kind);
        var xml = FacturXWriter.Write(model);

        EInvoiceSchemas.Validate(xml, "facturx/en16931/Factur-X_EN16931.xsd").ShouldBeEmpty();
        var read = EInvoiceReader.Read(xml);
        read.Issues.ShouldBeEmpty();
        var d = read.Document!;
        d.Profile.ShouldBe(EInvoiceProfiles.En16931);
        d.Guideline.ShouldBe("urn:cen.eu:en16931:2017");
        d.Number.ShouldBe(model.Number);
        d.TypeCode.ShouldBe(kind == DocumentKind.Invoice ? "380" : "381");
        d.IsCreditNote.ShouldBe(kind == DocumentKind.CreditNote);
        d.IssueDate.ShouldBe(new DateOnly(2026, 11, 30));
        d.DueDate.ShouldBe(new DateOnly(2026, 12, 30));
        d.Totals.LineTotal.ShouldBe(2520.97m);
        d.Totals.TaxBasisTotal.ShouldBe(2520.97m);
        d.Totals.TaxTotal.ShouldBe(363.90m);
        d.Totals.GrandTotal.ShouldBe(2884.87m);
        d.Totals.DuePayable.ShouldBe(2884.87m);
        d.Seller.Siren.ShouldBe("732829320");
        d.Seller.VatNumber.ShouldBe("FR44732829320");
        d.Buyer.Siren.ShouldBe("552100554");
        d.Buyer.Name.ShouldBe("Durand Bâtiment SARL");
        d.Lines.Count.ShouldBe(4);
        d.Lines[0].Quantity.ShouldBe(2.5m);
        d.Lines[0].Unit.ShouldBe("DAY");
        d.Taxes.Count.ShouldBe(3);
        d.PaymentMeans.ShouldHaveSingleItem().Code.ShouldBe("58");
        d.PaymentMeans[0].Iban.ShouldBe("FR7630006000011234567890189");
        d.OrderReference.ShouldBe("BC-7781");
    }

    [Fact]
    public void The_french_mentions_are_in_the_notes_and_the_mention_checker_finds_none_missing()
    {
        var xml = FacturXWriter.Write(Model(rate: 12m));
        var d = EInvoiceReader.Read(xml).Document!;
        d.Notes.Select(n => n.Subject).ShouldBe(["REG", "PMD", "PMT", "AAB"]);
        d.Notes.Single(n => n.Subject == "PMD").Text.ShouldContain("12 %");
        d.Notes.Single(n => n.Subject == "PMT").Text.ShouldContain("40 €");
        d.PaymentTerms.ShouldNotBeNull().ShouldContain("30/12/2026");

        var report = InvoiceMentions.Check(EInvoiceMentions.FactsFrom(d));
        report.Missing.ShouldBeEmpty(string.Join(", ", report.Missing.Select(m => m.Code)));
        report.Checks.Single(c => c.Code == "late-penalty-rate").Status.ShouldBe(MentionStatus.Present);
        report.Checks.Single(c => c.Code == "recovery-indemnity").Status.ShouldBe(MentionStatus.Present);
        report.Checks.Single(c => c.Code == "lines").Status.ShouldBe(MentionStatus.Present);
    }

    [Fact]
    public async Task The_en16931_cii_schematron_reports_no_fatal_assert()
    {
        File.Exists(Saxon).ShouldBeTrue("Saxon HE (Debian libsaxonhe-java) is part of the test machine");
        var work = Directory.CreateTempSubdirectory("facturx-sch-");
        try
        {
            var input = Directory.CreateDirectory(Path.Combine(work.FullName, "in"));
            var output = Directory.CreateDirectory(Path.Combine(work.FullName, "out"));
            await File.WriteAllBytesAsync(Path.Combine(input.FullName, "invoice.xml"), FacturXWriter.Write(Model()));
            await File.WriteAllBytesAsync(Path.Combine(input.FullName, "credit.xml"), FacturXWriter.Write(Model(DocumentKind.CreditNote)));
            await File.WriteAllBytesAsync(Path.Combine(input.FullName, "contractual.xml"), FacturXWriter.Write(Model(rate: 12m)));
            var reports = await RunSchematronAsync(input.FullName, output.FullName);
            reports.Count.ShouldBe(3);
            foreach (var (name, report) in reports)
            {
                XNamespace svrl = "http://purl.oclc.org/dsdl/svrl";
                var fatal = report.Descendants(svrl + "failed-assert")
                    .Where(f => (string?)f.Attribute("flag") == "fatal")
                    .Select(f => $"{(string?)f.Attribute("id")}: {f.Value.Trim()}")
                    .ToList();
                fatal.ShouldBeEmpty($"{name}: {string.Join(" | ", fatal)}");
                report.Descendants(svrl + "fired-rule").Count().ShouldBeGreaterThan(10, "the schematron ran its rules");
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Runs the EN 16931 CII schematron (compiled XSLT) over every *.xml of <paramref name="input"/>.</summary>
    internal static async Task<Dictionary<string, XDocument>> RunSchematronAsync(string input, string output)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-jar", Saxon, "-s:" + input, "-xsl:" + Path.Combine(EInvoiceCorpusTests.Root, "schematron", "EN16931-CII-validation.xslt"), "-o:" + output })
        {
            start.ArgumentList.Add(arg);
        }

        using var java = Process.Start(start)!;
        var stderr = java.StandardError.ReadToEndAsync();
        await java.StandardOutput.ReadToEndAsync();
        await java.WaitForExitAsync();
        java.ExitCode.ShouldBe(0, await stderr);
        return Directory.EnumerateFiles(output, "*.xml").ToDictionary(f => Path.GetFileName(f), f => XDocument.Load(f), StringComparer.Ordinal);
    }
}
