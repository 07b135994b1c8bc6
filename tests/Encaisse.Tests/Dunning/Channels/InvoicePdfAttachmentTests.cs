using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Encaisse.Documents;
using Encaisse.Dunning;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Ledger.Documents;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Dunning.Channels;

public class InvoicePdfAttachmentTests
{
    private static readonly DateOnly Due = new(2026, 3, 16);

    internal static byte[] InvoicePdf(string number, string amount) => LetterPdf.Render(new LetterDocument
    {
        Sender = new LetterParty("ACME Industrie SAS", ["1 rue de la Paix", "75002 Paris"]),
        Recipient = new LetterParty("Client SARL", ["12 rue des Lilas", "69003 Lyon"]),
        PlaceAndDate = "Paris, le 14/02/2026",
        Subject = "Facture " + number,
        Paragraphs = ["Montant TTC : " + amount],
    });

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reminder_received_by_a_real_smtp_server_carries_the_stored_invoice_pdfs(string provider)
    {
        await using var smtp = await SmtpSink.StartAsync();
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411PDF", email: "ap@client.test");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-101", Due, 2400m);
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-2026-102", Due.AddDays(2), 150m);
        await DunningTestData.SettingsAsync(database, tenant, s =>
        {
            s.SmtpPort = smtp.Port;
            s.SmtpSecurity = SmtpSecurity.None;
        });
        await using (var db = database.For(tenant))
        {
            (await InvoicePdfs.AttachAsync(db, "FA-2026-101", InvoicePdf("FA-2026-101", "2 400,00 €"), "facture 101.pdf", "test", DateTimeOffset.UtcNow, default))
                .IsOk.ShouldBeTrue();
        }

        var runner = new DunningRunner(database.Factory, FakeClock.At(Due.AddDays(4)), new DunningChannels());
        (await runner.RunAsync(tenant, new DunningRunOptions(), default)).Sent.ShouldBe(1);

        var message = smtp.Messages().ShouldHaveSingleItem();
        var attachment = message.Attachments.OfType<MimeKit.MimePart>().ShouldHaveSingleItem("only FA-2026-101 has a stored PDF");
        attachment.FileName.ShouldBe("facture_101.pdf");
        attachment.ContentType.MimeType.ShouldBe("application/pdf");
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        using (var pdf = PdfDocument.Open(content.ToArray()))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            text.ShouldContain("FA-2026-101");
            text.ShouldContain("2 400,00 €");
        }

        var action = (await DunningTestData.ActionsAsync(database, tenant)).Single();
        action.Outcome!.ShouldContain("attached facture_101.pdf (sha256 ");
    }

    [Fact]
    public void Pdfs_beyond_the_message_cap_are_left_out_and_named()
    {
        var big = new byte[4 * 1024 * 1024];
        var attachments = new[] { "F1", "F2", "F3", "F4" }
            .Select((n, i) => new InvoiceAttachment(n, n + ".pdf", i == 3 ? new byte[10] : big, new string('a', 64))).ToList();

        var (attached, leftOut) = DunningEmail.Fit(attachments, letter: new byte[1024 * 1024]);

        attached.Select(a => a.Invoice).ShouldBe(["F1", "F2", "F4"]);
        leftOut.Select(a => a.Invoice).ShouldBe(["F3"]);
        DunningEmail.Describe(attachments, new byte[1024 * 1024]).ShouldEndWith("left out over the 10 MiB message cap: F3");
    }

    [Theory]
    [InlineData("%PDF-1.7\n%âãÏÓ\n1 0 obj", null)]
    [InlineData("\n\n%PDF-1.4 after a few bytes of junk", null)]
    [InlineData("", "the file is empty")]
    [InlineData("PK\u0003\u0004 a zip file", "the file is not a PDF (no %PDF- header)")]
    [InlineData("<html>%PDF- is not at the start but within 1024 bytes</html>", null)]
    public void The_pdf_header_is_checked(string content, string? problem) =>
        InvoicePdfRules.Problem(Encoding.Latin1.GetBytes(content)).ShouldBe(problem);

    [Fact]
    public void A_pdf_over_the_size_limit_is_refused()
    {
        var content = new byte[InvoicePdfRules.MaxBytes + 1];
        "%PDF-1.7"u8.CopyTo(content);
        InvoicePdfRules.Problem(content)!.ShouldContain("the limit is 5,242,880 bytes");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_api_stores_replaces_and_returns_an_invoice_pdf(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var customer = await DunningTestData.AddCustomerAsync(server.Database, server.Tenant, "411API");
        await DunningTestData.AddInvoiceAsync(server.Database, server.Tenant, customer, "FA-API-1", Due, 99m);
        var first = InvoicePdf("FA-API-1", "99,00 €");

        (await server.Api.GetAsync("/api/v1/invoices/FA-API-1/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var put = await server.Api.PutAsync("/api/v1/invoices/FA-API-1/pdf?fileName=FA-API-1.pdf", Pdf(first));
        put.StatusCode.ShouldBe(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        (await put.Content.ReadAsStringAsync()).ShouldContain("\"sizeBytes\":" + first.Length);
        var second = InvoicePdf("FA-API-1", "99,00 € (duplicata)");
        (await server.Api.PutAsync("/api/v1/invoices/FA-API-1/pdf", Pdf(second))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var get = await server.Api.GetAsync("/api/v1/invoices/FA-API-1/pdf");
        get.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await get.Content.ReadAsByteArrayAsync()).ShouldBe(second);

        var notPdf = await server.Api.PutAsync("/api/v1/invoices/FA-API-1/pdf", new ByteArrayContent("hello"u8.ToArray()));
        notPdf.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notPdf.Content.ReadAsStringAsync()).ShouldContain("no %PDF- header");
        (await server.Api.PutAsync("/api/v1/invoices/NOPE/pdf", Pdf(first))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var tooBig = new byte[InvoicePdfRules.MaxBytes + 10];
        "%PDF-1.7"u8.CopyTo(tooBig);
        (await server.Api.PutAsync("/api/v1/invoices/FA-API-1/pdf", Pdf(tooBig))).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_cli_attaches_a_pdf_file_to_an_invoice(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411CLI");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-CLI-1", Due, 10m);
        var file = Path.Combine(Path.GetTempPath(), "encaisse-" + Guid.NewGuid().ToString("N") + ".pdf");
        var text = Path.ChangeExtension(file, ".txt");
        await File.WriteAllBytesAsync(file, InvoicePdf("FA-CLI-1", "10,00 €"));
        await File.WriteAllTextAsync(text, "not a pdf");
        try
        {
            var db = CliProcess.DbArgument(database);
            var ok = await CliProcess.RunAsync("ledger", "attach-pdf", "FA-CLI-1", file, "--db", db);
            ok.ExitCode.ShouldBe(0, ok.Stderr);
            ok.Stdout.ShouldContain("for invoice FA-CLI-1");
            var refused = await CliProcess.RunAsync("ledger", "attach-pdf", "FA-CLI-1", text, "--db", db);
            refused.ExitCode.ShouldBe(2);
            refused.Stderr.ShouldContain("not a PDF");
            (await CliProcess.RunAsync("ledger", "attach-pdf", "FA-NONE", file, "--db", db)).ExitCode.ShouldBe(2);

            await using var context = database.For(tenant);
            var stored = await InvoicePdfs.GetAsync(context, "FA-CLI-1", default);
            stored!.Value.Content.ShouldBe(await File.ReadAllBytesAsync(file));
        }
        finally
        {
            File.Delete(file);
            File.Delete(text);
        }
    }

    private static ByteArrayContent Pdf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return content;
    }
}
