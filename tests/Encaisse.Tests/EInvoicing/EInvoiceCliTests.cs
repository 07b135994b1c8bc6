using System.Text.Json;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

[CollectionDefinition("EInvoicing console", DisableParallelization = true)]
public sealed class EInvoicingConsoleCollection;

/// <summary><c>encaisse einvoice parse</c> through the real entry point.</summary>
[Collection("EInvoicing console")]
public sealed class EInvoiceCliTests
{
    [Fact]
    public async Task Parse_of_a_factur_x_pdf_prints_the_documented_json()
    {
        var (code, output, _) = await ConsoleCapture.RunCliAsync("einvoice", "parse", Path.Combine(EInvoiceCorpusTests.Root, "pdf/akretion-factur-x/invoice_EN16931.pdf"), "--json");
        code.ShouldBe(0);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("syntax").GetString().ShouldBe("cii");
        root.GetProperty("container").GetString().ShouldBe("pdf");
        root.GetProperty("attachment").GetString().ShouldBe("factur-x.xml");
        root.GetProperty("profile").GetString().ShouldBe("EN 16931");
        root.GetProperty("number").GetString().ShouldBe("F20260023");
        root.GetProperty("typeCode").GetString().ShouldBe("380");
        root.GetProperty("issueDate").GetString().ShouldBe("2026-01-31");
        root.GetProperty("buyer").GetProperty("siren").GetString().ShouldBe("987654321");
        var totals = root.GetProperty("totals");
        foreach (var name in new[] { "lineTotal", "taxBasisTotal", "taxTotal", "grandTotal", "prepaid", "duePayable" })
        {
            totals.TryGetProperty(name, out _).ShouldBeTrue(name);
        }

        totals.GetProperty("duePayable").GetDecimal().ShouldBe(104.90m);
        root.GetProperty("warnings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_file_that_is_not_an_einvoice_is_refused_with_exit_2()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-an-invoice-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, "<Order xmlns=\"urn:example\"/>");
        try
        {
            var (code, _, error) = await ConsoleCapture.RunCliAsync("einvoice", "parse", path, "--json");
            code.ShouldBe(2);
            error.ShouldContain("refused");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
