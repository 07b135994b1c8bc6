using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Encaisse.EInvoicing;
using Encaisse.Formats.EInvoice;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.EInvoicing;

/// <summary>Invoices created through the API with their lines, then issued as Factur-X: inconsistent lines are refused
/// with a coded problem and write nothing; the PDF/A-3 read back with PdfPig shows the invoice and carries factur-x.xml,
/// which our own parser reads with the invoice's totals; the file is kept as the invoice's document and issued once.</summary>
public sealed class FacturXIssueTests
{
    private static readonly object[] Lines =
    [
        new { description = "Audit de conformité", quantity = 2.5m, unitCode = "DAY", unitPrice = 480m, vatRate = 20m, lineAmount = 1200.00m },
        new { description = "Licence logicielle annuelle", quantity = 3m, unitPrice = 199.99m, vatRate = 20m, lineAmount = 599.97m },
        new { description = "Ouvrage technique", quantity = 2m, unitCode = "H87", unitPrice = 35.5m, vatRate = 5.5m },
        new { description = "Formation professionnelle continue", quantity = 1m, unitPrice = 650m, vatCategory = "E", vatRate = 0m, vatExemptionReason = "Exonération de TVA, article 261-4-4° a du CGI" },
    ];

    internal static async Task CompleteSellerAsync(TestDatabase database, Tenant tenant)
    {
        await using var db = database.For(tenant);
        var row = await db.Tenants.SingleAsync(t => t.Id == tenant.Id);
        var seller = FacturXWriterTests.Seller();
        row.Siren = seller.Siren;
        row.Siret = seller.Siret;
        row.VatNumber = seller.VatNumber;
        row.LegalForm = seller.LegalForm;
        row.ShareCapitalMinor = seller.ShareCapitalMinor;
        row.RegistrationCity = seller.RegistrationCity;
        row.Address = seller.Address;
        row.Iban = seller.Iban;
        row.Bic = seller.Bic;
        await db.SaveChangesAsync();
    }

    private static async Task AddBuyerAsync(HttpClient api) =>
        (await api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "C001", legalName = "Durand Bâtiment SARL", siren = "552100554", vatNumber = "FR96552100554",
            address = new { line1 = "3 avenue Jean Jaurès", postalCode = "75019", city = "Paris" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);

    private static object Invoice(string number, object[] lines, decimal? net = 2520.97m, decimal? tax = 363.90m, decimal? gross = 2884.87m, string kind = "invoice") => new
    {
        number, customerRef = "C001", kind, issueDate = "2026-11-30", dueDate = "2026-12-30", purchaseOrderRef = "BC-7781",
        amountExclTax = net, tax, amountInclTax = gross, lines,
    };

    private static async Task<(int Invoices, int Lines)> CountAsync(TestServer server)
    {
        await using var db = server.Database.For(server.Tenant);
        return (await db.Invoices.CountAsync(), await db.Set<InvoiceLineItem>().CountAsync());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Inconsistent_lines_are_refused_with_their_code_and_nothing_is_written(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await AddBuyerAsync(server.Api);
        object[] Replace(int index, object line) => Lines.Select((l, i) => i == index ? line : l).ToArray();
        var cases = new (string Code, object Body)[]
        {
            ("invoice.lines.lineAmount", Invoice("X1", Replace(0, new { description = "Audit", quantity = 2.5m, unitPrice = 480m, vatRate = 20m, lineAmount = 1250m }))),
            ("invoice.lines.net", Invoice("X2", Lines, net: 2520.00m)),
            ("invoice.lines.tax", Invoice("X3", Lines, tax: 364.00m)),
            ("invoice.lines.gross", Invoice("X4", Lines, gross: 2884.88m)),
            ("invoice.lines.unitCode", Invoice("X5", Replace(1, new { description = "Licence", quantity = 3m, unitCode = "BOX", unitPrice = 199.99m, vatRate = 20m }))),
            ("invoice.lines.exemptionReason", Invoice("X6", Replace(3, new { description = "Formation", quantity = 1m, unitPrice = 650m, vatCategory = "E", vatRate = 0m }))),
            ("invoice.lines.vatRate", Invoice("X7", Replace(2, new { description = "Ouvrage", quantity = 2m, unitPrice = 35.5m, vatRate = 0m }))),
            ("invoice.lines.empty", Invoice("X8", [])),
        };
        foreach (var (code, body) in cases)
        {
            using var response = await server.Api.PostAsJsonAsync("/api/v1/invoices", body);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
            using var problem = JsonDocument.Parse(text);
            problem.RootElement.GetProperty("code").GetString().ShouldBe(code, text);
            problem.RootElement.GetProperty("errors").EnumerateObject().ShouldNotBeEmpty();
        }

        (await CountAsync(server)).ShouldBe((0, 0));

        // The existing path (no lines) still creates invoices; such an invoice has no Factur-X to issue.
        using var plain = await server.Api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FA-PLAIN", customerRef = "C001", issueDate = "2026-11-30", dueDate = "2026-12-30", amountExclTax = 100m, tax = 20m, amountInclTax = 120m,
        });
        plain.StatusCode.ShouldBe(HttpStatusCode.Created, await plain.Content.ReadAsStringAsync());
        (await CountAsync(server)).ShouldBe((1, 0));
        await CompleteSellerAsync(server.Database, server.Tenant);
        using var noLines = await server.Api.GetAsync("/api/v1/invoices/FA-PLAIN/facturx");
        noLines.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await noLines.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("facturx.noLines");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_invoice_with_lines_is_issued_as_a_factur_x_pdf_that_reads_back(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await AddBuyerAsync(server.Api);
        using var created = await server.Api.PostAsJsonAsync("/api/v1/invoices", Invoice("F2026-0042", Lines));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await CountAsync(server)).ShouldBe((1, 4));

        // The company settings lack what EN 16931 needs: a coded conflict, nothing stored.
        using (var incomplete = await server.Api.GetAsync("/api/v1/invoices/F2026-0042/facturx"))
        {
            incomplete.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            var problem = await incomplete.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("code").GetString().ShouldBe("facturx.sellerIncomplete");
            problem.GetProperty("data").GetProperty("fields").GetString().ShouldBe("siren, vatNumber, address, iban");
        }

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<EInvoice>().CountAsync()).ShouldBe(0);
            (await db.Set<InvoiceDocument>().CountAsync()).ShouldBe(0);
        }

        await CompleteSellerAsync(server.Database, server.Tenant);
        // A reader who may not write (the read-only role) does not issue it by downloading it.
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FacturXIssue.IssueAsync(db, server.Tenant, "F2026-0042", "web:lecture", TimeProvider.System, default, mayIssue: false)).Error!.Code
                .ShouldBe("facturx.notIssuedYet");
            (await db.Set<EInvoice>().CountAsync()).ShouldBe(0);
        }

        using var response = await server.Api.GetAsync("/api/v1/invoices/F2026-0042/facturx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using (var db = server.Database.For(server.Tenant))
        {
            (await FacturXIssue.IssueAsync(db, server.Tenant, "F2026-0042", "web:lecture", TimeProvider.System, default, mayIssue: false)).IsOk.ShouldBeTrue();
        }

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();

        // The page shows the invoice; the attachment is the XML we keep; our parser reads it with the invoice's totals.
        byte[] attached;
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Join("\n", document.GetPages().Select(p => p.Text));
            foreach (var expected in new[] { "F2026-0042", "ACME Industrie SAS", "Durand Bâtiment SARL", "Audit de conformité", "Net à payer", "2 884,87", "40 €", "FR76 3000 6000 0112 3456 7890 189" })
            {
                text.ShouldContain(expected, customMessage: expected);
            }

            document.Advanced.TryGetEmbeddedFiles(out var files).ShouldBeTrue();
            var file = files.ShouldHaveSingleItem();
            file.Name.ShouldBe("factur-x.xml");
            attached = file.Bytes.ToArray();
            document.TryGetXmpMetadata(out var xmp).ShouldBeTrue();
            var metadata = xmp.GetXDocument().ToString();
            metadata.ShouldContain("<pdfaid:part>3</pdfaid:part>");
            metadata.ShouldContain("<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>");
            metadata.ShouldContain("<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>");
        }

        var raw = Encoding.Latin1.GetString(pdf);
        raw.ShouldContain("/AFRelationship/Data");
        raw.ShouldContain("/AF[");
        raw.ShouldContain("/S/GTS_PDFA1");

        await using (var db = server.Database.For(server.Tenant))
        {
            var kept = await db.Set<EInvoice>().SingleAsync();
            kept.Xml.ShouldBe(attached);
            kept.Content.ShouldBe(pdf);
            kept.Profile.ShouldBe("EN 16931");
            kept.SellerKey.ShouldBe("732829320");
            (await db.Set<InvoiceDocument>().SingleAsync()).Content.ShouldBe(pdf);
        }

        var read = EInvoiceFiles.Read("factur-x.pdf", pdf);
        read.Attachment.ShouldBe("factur-x.xml");
        read.Result.Issues.ShouldBeEmpty();
        var d = read.Result.Document!;
        var invoice = await server.Api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/F2026-0042");
        d.Totals.GrandTotal.ShouldBe(invoice.GetProperty("amountInclTax").GetDecimal());
        d.Totals.TaxBasisTotal.ShouldBe(invoice.GetProperty("amountExclTax").GetDecimal());
        d.Totals.TaxTotal.ShouldBe(invoice.GetProperty("tax").GetDecimal());
        d.Totals.DuePayable.ShouldBe(2884.87m);
        d.Lines.Count.ShouldBe(4);

        // Issued once: the same bytes again, and the invoice's PDF is that file.
        (await server.Api.GetByteArrayAsync("/api/v1/invoices/F2026-0042/facturx")).ShouldBe(pdf);
        (await server.Api.GetByteArrayAsync("/api/v1/invoices/F2026-0042/pdf")).ShouldBe(pdf);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_credit_note_with_lines_is_issued_as_type_381(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await AddBuyerAsync(server.Api);
        await CompleteSellerAsync(server.Database, server.Tenant);
        using var created = await server.Api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "AV2026-0007", customerRef = "C001", kind = "creditNote", issueDate = "2026-12-05", dueDate = "2026-12-05",
            amountInclTax = 240.00m,
            lines = new[] { new { description = "Remboursement licence non utilisée", quantity = 1m, unitPrice = 200m, vatRate = 20m } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var pdf = await server.Api.GetByteArrayAsync("/api/v1/invoices/AV2026-0007/facturx");
        var d = EInvoiceFiles.Read("avoir.pdf", pdf).Result.Document!;
        d.TypeCode.ShouldBe("381");
        d.IsCreditNote.ShouldBeTrue();
        d.Totals.GrandTotal.ShouldBe(240.00m);
        d.Notes.ShouldNotContain(n => n.Subject == "PMT");
        using var document = PdfDocument.Open(pdf);
        document.GetPages().First().Text.ShouldContain("Avoir AV2026-0007");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_issues_the_pdf_and_the_xml_and_einvoice_parse_reads_them(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await CompleteSellerAsync(database, tenant);
        await using (var db = database.For(tenant))
        {
            var ledger = new LedgerOperations(db, tenant, TimeProvider.System);
            (await ledger.CreateCustomerAsync(new CustomerWrite("C001", "Durand Bâtiment SARL", Siren: "552100554", VatNumber: "FR96552100554",
                Address: new AddressDto("3 avenue Jean Jaurès", null, "75019", "Paris", "FR")), default)).IsOk.ShouldBeTrue();
            var made = await ledger.CreateInvoiceAsync(new InvoiceWrite("F-CLI-1", "C001", IssueDate: new DateOnly(2026, 11, 30), DueDate: new DateOnly(2026, 12, 30),
                Lines: FacturXWriterTests.SampleLines()), default);
            made.IsOk.ShouldBeTrue(made.Error?.ToString());
            made.Value.GrossMinor.ShouldBe(288_487);
        }

        var folder = Directory.CreateTempSubdirectory("facturx-cli-");
        try
        {
            var pdf = Path.Combine(folder.FullName, "F-CLI-1.pdf");
            var xml = Path.Combine(folder.FullName, "F-CLI-1.xml");
            var connection = CliProcess.DbArgument(database);
            var issued = await CliProcess.RunAsync("einvoice", "issue", "F-CLI-1", "--output", pdf, "--xml", xml, "--json", "--db", connection);
            issued.ExitCode.ShouldBe(0, issued.Stderr);
            using (var json = JsonDocument.Parse(issued.Stdout))
            {
                json.RootElement.GetProperty("created").GetBoolean().ShouldBeTrue();
                json.RootElement.GetProperty("storedAsInvoicePdf").GetBoolean().ShouldBeTrue();
            }

            var parsed = await CliProcess.RunAsync("einvoice", "parse", pdf, "--json");
            parsed.ExitCode.ShouldBe(0, parsed.Stderr);
            using (var json = JsonDocument.Parse(parsed.Stdout))
            {
                json.RootElement.GetProperty("profile").GetString().ShouldBe("EN 16931");
                json.RootElement.GetProperty("number").GetString().ShouldBe("F-CLI-1");
                json.RootElement.GetProperty("totals").GetProperty("grandTotal").GetDecimal().ShouldBe(2884.87m);
                json.RootElement.GetProperty("totals").GetProperty("duePayable").GetDecimal().ShouldBe(2884.87m);
                json.RootElement.GetProperty("warnings").GetArrayLength().ShouldBe(0);
            }

            using (var document = PdfDocument.Open(await File.ReadAllBytesAsync(pdf)))
            {
                document.Advanced.TryGetEmbeddedFiles(out var files).ShouldBeTrue();
                files.Single().Bytes.ToArray().ShouldBe(await File.ReadAllBytesAsync(xml));
            }

            var missing = await CliProcess.RunAsync("einvoice", "issue", "NOPE", "--output", pdf, "--db", connection);
            missing.ExitCode.ShouldBe(2);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
