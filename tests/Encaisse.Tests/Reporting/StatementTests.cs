using System.Net;
using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Tests.Support;
using Shouldly;
using UglyToad.PdfPig;

namespace Encaisse.Tests.Reporting;

[Collection("Reporting CLI")]
public sealed class StatementTests
{
    [Fact]
    public async Task Statement_pdf_lists_open_items_and_the_balance_and_forecast_prints_json()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            var customer = new Customer { TenantId = tenant.Id, ExternalRef = "411DUPONT", LegalName = "Dupont SARL", BillingAddress = new PostalAddress { Line1 = "3 rue des Lilas", PostalCode = "69003", City = "Lyon" } };
            db.Add(customer);
            db.Add(new Invoice { TenantId = tenant.Id, CustomerId = customer.Id, Number = "F2026-001", IssueDate = new(2026, 5, 1), DueDate = new(2026, 5, 31), GrossMinor = 1_234_56 });
            db.Add(new Invoice { TenantId = tenant.Id, CustomerId = customer.Id, Number = "AV2026-002", Kind = DocumentKind.CreditNote, IssueDate = new(2026, 6, 1), DueDate = new(2026, 6, 1), GrossMinor = 100_00 });
            await db.SaveChangesAsync();
        }

        var pdfPath = Path.Combine(Path.GetTempPath(), $"releve-{Guid.NewGuid():N}.pdf");
        var run = await CliRun.RunAsync("report", "statement", "--customer", "411DUPONT", "--as-of", "2026-06-30", "--output", pdfPath, "--db", database.Target.ConnectionString);
        run.Exit.ShouldBe(0, run.Err);
        using (var pdf = PdfDocument.Open(pdfPath))
        {
            var text = string.Join("\n", pdf.GetPages().Select(p => p.Text));
            text.ShouldContain("Relevé de compte au 30/06/2026");
            text.ShouldContain("F2026-001");
            text.ShouldContain("AV2026-002");
            text.ShouldContain("1 134,56 €"); // 1 234,56 − 100,00
        }

        File.Delete(pdfPath);
        (await CliRun.RunAsync("report", "statement", "--customer", "NOPE", "--output", pdfPath, "--db", database.Target.ConnectionString)).Exit.ShouldBe(2);

        var forecast = await CliRun.RunAsync("report", "forecast", "--as-of", "2026-06-30", "--json", "--db", database.Target.ConnectionString);
        forecast.Exit.ShouldBe(0, forecast.Err);
        using var json = JsonDocument.Parse(forecast.Out);
        var eur = json.RootElement.GetProperty("currencies")[0];
        eur.GetProperty("weeks").GetArrayLength().ShouldBe(13);
        eur.GetProperty("weeks")[0].GetProperty("expected").GetDecimal().ShouldBe(1234.56m);
    }

    [Fact]
    public async Task Statement_and_forecast_over_the_api()
    {
        await using var server = await TestServer.StartAsync("sqlite");
        await using (var db = server.Database.For(server.Tenant))
        {
            await ReportingLedger.SeedAsync(db, server.Tenant);
        }

        var pdf = await server.Api.GetAsync("/api/v1/reports/statement?customer=411C01&asOf=2026-06-30");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await pdf.Content.ReadAsByteArrayAsync()).Take(4).ShouldBe("%PDF"u8.ToArray());
        (await server.Api.GetAsync("/api/v1/reports/statement?customer=NOPE")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var forecast = JsonDocument.Parse(await server.Api.GetStringAsync("/api/v1/reports/forecast?asOf=2026-06-30&weeks=4&pastWeeks=2"));
        forecast.RootElement[0].GetProperty("past").GetArrayLength().ShouldBe(2);
    }
}
