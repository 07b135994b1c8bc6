using System.Net;
using System.Net.Http.Json;
using Encaisse.EInvoicing;
using Encaisse.Tests.EInvoicing;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The invoice page of an invoice created with its lines offers its Factur-X; the file downloaded in a real
/// browser is the EN 16931 PDF our parser reads. An invoice without lines offers none.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FacturXPageTests(Browser browser)
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_invoice_page_downloads_the_factur_x_of_an_invoice_with_lines(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await FacturXIssueTests.CompleteSellerAsync(server.Database, server.Tenant);
        (await server.Api.PostAsJsonAsync("/api/v1/customers", new
        {
            @ref = "FX-C1", legalName = "Durand Bâtiment SARL", siren = "552100554",
            address = new { line1 = "3 avenue Jean Jaurès", postalCode = "75019", city = "Paris" },
        })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var created = await server.Api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FX-PAGE-1", customerRef = "FX-C1", issueDate = "2026-11-30", dueDate = "2026-12-30", amountInclTax = 1440.00m,
            lines = new[] { new { description = "Maintenance annuelle", quantity = 12m, unitCode = "MON", unitPrice = 100m, vatRate = 20m } },
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        using var plain = await server.Api.PostAsJsonAsync("/api/v1/invoices", new
        {
            number = "FX-PAGE-2", customerRef = "FX-C1", issueDate = "2026-11-30", dueDate = "2026-12-30", amountInclTax = 120.00m,
        });
        plain.StatusCode.ShouldBe(HttpStatusCode.Created);
        Guid withLines, without;
        await using (var db = server.Database.For(server.Tenant))
        {
            withLines = await db.Invoices.Where(i => i.Number == "FX-PAGE-1").Select(i => i.Id).SingleAsync();
            without = await db.Invoices.Where(i => i.Number == "FX-PAGE-2").Select(i => i.Id).SingleAsync();
        }

        var page = await browser.NewPageAsync(server.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("Identifiant").FillAsync("claire");
        await page.GetByLabel("Mot de passe").FillAsync(WebSeed.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync(server.BaseAddress + "");

        await page.GotoAsync($"/invoices/{without}");
        (await page.GetByTestId("facturx-link").CountAsync()).ShouldBe(0);

        await page.GotoAsync($"/invoices/{withLines}");
        var link = page.GetByTestId("facturx-link");
        await Assertions.Expect(link).ToHaveTextAsync("Télécharger la Factur-X (PDF)");
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        download.SuggestedFilename.ShouldBe("factur-x_FX-PAGE-1.pdf");
        var path = await download.PathAsync();
        var read = EInvoiceFiles.Read("downloaded.pdf", await File.ReadAllBytesAsync(path));
        read.Result.Issues.ShouldBeEmpty();
        read.Result.Document!.Number.ShouldBe("FX-PAGE-1");
        read.Result.Document.Totals.GrandTotal.ShouldBe(1440.00m);
    }
}
