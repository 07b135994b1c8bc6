using System.Diagnostics;
using System.Xml.Linq;
using Encaisse.EInvoicing;
using Encaisse.Formats.EInvoice;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>The official EN 16931 schematron (compiled XSLT 2.0, run by Saxon HE from Debian's libsaxonhe-java)
/// judges the corpus and a file whose amount due was altered; the totals rules our checker applies (BR-CO-10,
/// 13, 14, 15, 16) fire exactly where the schematron's do.</summary>
public sealed class EInvoiceSchematronTests
{
    private const string Saxon = "/usr/share/java/Saxon-HE.jar";
    private static readonly string[] TotalsRules = ["BR-CO-10", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16"];

    [Theory]
    [InlineData("cii", "EN16931-CII-validation.xslt")]
    [InlineData("ubl", "EN16931-UBL-validation.xslt")]
    public async Task Our_totals_warnings_match_the_en16931_schematron(string kind, string xslt)
    {
        File.Exists(Saxon).ShouldBeTrue("Saxon HE (Debian libsaxonhe-java) is part of the test machine");
        var work = Directory.CreateTempSubdirectory("einvoice-sch-");
        try
        {
            var input = Directory.CreateDirectory(Path.Combine(work.FullName, "in"));
            var output = Directory.CreateDirectory(Path.Combine(work.FullName, "out"));
            var ours = new Dictionary<string, EInvoiceReadResult>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(Path.Combine(EInvoiceCorpusTests.Root, kind), "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(path);
                var result = EInvoiceReader.Read(bytes, validateSchema: false);
                if (result.Document is { Syntax: EInvoiceSyntax.ZugferdV1 } or { Profile: EInvoiceProfiles.Minimum or EInvoiceProfiles.BasicWl })
                {
                    // The EN 16931 schematron knows only CII D16B and UBL 2.1, and MINIMUM / BASIC WL are not EN 16931
                    // invoices (no lines, no VAT breakdown by design: the schematron fails them on purpose).
                    continue;
                }

                var name = Path.GetFileName(Path.GetDirectoryName(path)) + "__" + Path.GetFileNameWithoutExtension(path) + ".xml"; // Saxon reads *.xml only
                await File.WriteAllBytesAsync(Path.Combine(input.FullName, name), bytes);
                ours[name] = result;
            }

            // One file altered so that the amount due no longer follows from the totals.
            var source = kind == "cii" ? "cii/akretion-factur-x/factur-x-en16931.xml" : "ubl/connectingeurope-en16931/guide-example1.xml";
            var (from, to) = kind == "cii"
                ? ("<ram:DuePayableAmount>104.90</ram:DuePayableAmount>", "<ram:DuePayableAmount>140.90</ram:DuePayableAmount>")
                : ("<cbc:PayableAmount currencyID=\"EUR\">250.33</cbc:PayableAmount>", "<cbc:PayableAmount currencyID=\"EUR\">205.33</cbc:PayableAmount>");
            var text = await File.ReadAllTextAsync(Path.Combine(EInvoiceCorpusTests.Root, source));
            text.ShouldContain(from);
            var altered = System.Text.Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
            await File.WriteAllBytesAsync(Path.Combine(input.FullName, "altered.xml"), altered);
            ours["altered.xml"] = EInvoiceReader.Read(altered, validateSchema: false);

            var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "-jar", Saxon, "-s:" + input.FullName, "-xsl:" + Path.Combine(EInvoiceCorpusTests.Root, "schematron", xslt), "-o:" + output.FullName })
            {
                start.ArgumentList.Add(arg);
            }

            using var java = Process.Start(start)!;
            var stderr = java.StandardError.ReadToEndAsync();
            await java.StandardOutput.ReadToEndAsync();
            await java.WaitForExitAsync();
            java.ExitCode.ShouldBe(0, await stderr);

            XNamespace svrl = "http://purl.oclc.org/dsdl/svrl";
            foreach (var (name, result) in ours)
            {
                var report = XDocument.Load(Path.Combine(output.FullName, name));
                var fired = report.Descendants(svrl + "failed-assert").Select(f => (string?)f.Attribute("id")).OfType<string>()
                    .Where(TotalsRules.Contains).ToHashSet();
                var warned = result.Warnings.Select(w => w.Code).Where(TotalsRules.Contains).ToHashSet();
                warned.ShouldBe(fired, ignoreOrder: true, $"{name}: ours {string.Join(",", warned)} vs schematron {string.Join(",", fired)}");
            }

            ours["altered.xml"].Warnings.ShouldContain(w => w.Code == "BR-CO-16");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
