using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.EInvoicing;

/// <summary>The e-invoice API on the real server: upload, received status, status list.</summary>
public sealed class EInvoicesApiTests
{
    [Fact]
    public async Task Upload_then_a_dispute_status_then_the_list()
    {
        await using var server = await TestServer.StartAsync("sqlite");
        var path = Path.Combine(EInvoiceCorpusTests.Root, "pdf/akretion-factur-x/invoice_EN16931.pdf");
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(path)), "file", "invoice_EN16931.pdf");
        using var upload = await server.Api.PostAsync("/api/v1/einvoices", form);
        upload.StatusCode.ShouldBe(HttpStatusCode.OK, await upload.Content.ReadAsStringAsync());
        using (var report = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()))
        {
            report.RootElement.GetProperty("imported").GetInt32().ShouldBe(1);
        }

        using var status = await server.Api.PostAsJsonAsync("/api/v1/einvoices/F20260023/statuses", new { code = 207, reason = "Prix contesté" });
        status.StatusCode.ShouldBe(HttpStatusCode.OK, await status.Content.ReadAsStringAsync());
        using var unknown = await server.Api.PostAsJsonAsync("/api/v1/einvoices/NOPE/statuses", new { code = 207 });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var list = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/einvoices/statuses"));
        var statuses = list.RootElement.GetProperty("statuses");
        statuses.GetArrayLength().ShouldBe(1);
        statuses[0].GetProperty("status").GetString().ShouldBe("disputed");
        statuses[0].GetProperty("direction").GetString().ShouldBe("in");
    }
}
