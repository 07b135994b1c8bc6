using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Formats;

/// <summary>The verbs end to end: <c>encaisse import ...</c> through Program.Main, and the upload endpoint.</summary>
[Collection("Console")]
public class ImportCommandTests
{
    private const string Customers = "customer ref,customer name,SIREN\nC1,Dupont SARL,732829320\nC2,Martin SA,\n";
    private const string Invoices = "invoice number;customer ref;issue date;due date;amount incl. tax\nF1;C1;01/10/2026;31/10/2026;100,00\nF2;C2;01/10/2026;31/10/2026;50,00\n";

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        return await ConsoleCapture.RunCliAsync(args);
    }

    private static string Db(TestDatabase database) => database.Target.Provider == Encaisse.Storage.DatabaseProvider.Sqlite
        ? "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal)
        : database.Target.ConnectionString;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cli_import_prints_json_counts_and_exits_2_when_the_file_is_rejected(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var dir = Directory.CreateTempSubdirectory("encaisse-import-cli");
        var customers = Path.Combine(dir.FullName, "clients.csv");
        var invoices = Path.Combine(dir.FullName, "factures.csv");
        var bad = Path.Combine(dir.FullName, "bad.csv");
        await File.WriteAllTextAsync(customers, Customers);
        await File.WriteAllTextAsync(invoices, Invoices);
        await File.WriteAllTextAsync(bad, Invoices + "F3;C1;01/10/2026;31/10/2026;abc\n");

        var (exit, output, _) = await RunAsync("import", "customers", customers, "--db", Db(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0);
        using (var json = JsonDocument.Parse(output))
        {
            json.RootElement.GetProperty("created").GetInt32().ShouldBe(2);
            json.RootElement.GetProperty("written").GetBoolean().ShouldBeTrue();
        }

        (exit, output, _) = await RunAsync("import", "invoices", invoices, "--db", Db(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(0);
        using (var json = JsonDocument.Parse(output))
        {
            json.RootElement.GetProperty("invoices").GetProperty("created").GetInt32().ShouldBe(2);
        }

        (exit, output, _) = await RunAsync("import", "invoices", bad, "--db", Db(database), "--tenant", tenant.Code, "--json");
        exit.ShouldBe(2);
        using (var json = JsonDocument.Parse(output))
        {
            json.RootElement.GetProperty("written").GetBoolean().ShouldBeFalse();
            json.RootElement.GetProperty("rejected").GetInt32().ShouldBe(1);
            var error = json.RootElement.GetProperty("errors")[0];
            (error.GetProperty("line").GetInt32(), error.GetProperty("column").GetString(), error.GetProperty("value").GetString())
                .ShouldBe((4, "amount incl. tax", "abc"));
        }

        (exit, _, var err) = await RunAsync("import", "invoices", bad, "--db", Db(database), "--tenant", tenant.Code);
        exit.ShouldBe(2);
        err.ShouldContain("rejected, nothing was written");
        err.ShouldContain("line 4, column \"amount incl. tax\": 'abc' is not an amount");

        (exit, output, _) = await RunAsync("import", "invoices", bad, "--db", Db(database), "--tenant", tenant.Code, "--skip-invalid");
        exit.ShouldBe(0);
        output.ShouldContain("0 created, 2 updated, 1 rejected");

        (exit, _, err) = await RunAsync("import", "fec", Path.Combine(dir.FullName, "missing.txt"), "--db", Db(database), "--tenant", tenant.Code);
        exit.ShouldBe(2);
        err.ShouldContain("File not found");

        await using var db = database.For(tenant);
        (await db.Invoices.CountAsync()).ShouldBe(2);
        dir.Delete(recursive: true);
    }

    // Issue 16: a stray quote used to end in a stack trace (CLI exit 1) or a 500 (API).
    private const string StrayQuote = "customer ref,customer name,SIREN\nC1,Dupont SARL,732829320\nC2,\"Martin\" SA,\nC3,Leroy,\n";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_csv_with_a_stray_quote_is_refused_with_its_line_and_writes_nothing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);
        var dir = Directory.CreateTempSubdirectory("encaisse-import-quote");
        var file = Path.Combine(dir.FullName, "clients.csv");
        await File.WriteAllTextAsync(file, StrayQuote);

        var (exit, _, err) = await RunAsync("import", "customers", file, "--db", Db(server.Database), "--tenant", server.Tenant.Code);
        exit.ShouldBe(2);
        err.ShouldContain("line 3");
        err.ShouldContain("quote");
        err.ShouldNotContain("   at ");

        using var upload = Upload("clients.csv", StrayQuote);
        var response = await server.Api.PostAsync("/api/v1/imports/customers", upload);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadAsStringAsync()).ShouldContain("quote");

        await using var db = server.Database.For(server.Tenant);
        (await db.Customers.CountAsync()).ShouldBe(0);
        dir.Delete(recursive: true);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Api_upload_returns_the_report_and_422_when_rejected(string provider)
    {
        await using var server = await TestServer.StartAsync(provider);

        using var good = Upload("clients.csv", Customers);
        var response = await server.Api.PostAsync("/api/v1/imports/customers", good);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            json.RootElement.GetProperty("created").GetInt32().ShouldBe(2);
            json.RootElement.GetProperty("kind").GetString().ShouldBe("customers");
        }

        using var bad = Upload("factures.csv", Invoices.Replace("C2;", "C9;", StringComparison.Ordinal));
        response = await server.Api.PostAsync("/api/v1/imports/invoices", bad);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            json.RootElement.GetProperty("written").GetBoolean().ShouldBeFalse();
            json.RootElement.GetProperty("errors")[0].GetProperty("value").GetString().ShouldBe("C9");
        }

        using var skip = Upload("factures.csv", Invoices.Replace("C2;", "C9;", StringComparison.Ordinal));
        response = await server.Api.PostAsync("/api/v1/imports/invoices?skipInvalid=true", skip);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var fec = new MultipartFormDataContent();
        var bytes = await File.ReadAllBytesAsync(FecTests.FixturePath("123456789FEC20500930.txt"));
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        fec.Add(content, "file", "123456789FEC20500930.txt");
        response = await server.Api.PostAsync("/api/v1/imports/fec", fec);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            json.RootElement.GetProperty("openInvoicesMinor").GetInt64().ShouldBe(12820050);
        }

        (await server.Api.PostAsync("/api/v1/imports/unknown", Upload("x.csv", "a"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Api.PostAsync("/api/v1/imports/customers", new StringContent("x"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var db = server.Database.For(server.Tenant);
        (await db.Invoices.CountAsync()).ShouldBe(1 + 3); // F1 with skip-invalid, the FEC's three debits
    }

    private static MultipartFormDataContent Upload(string name, string text)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", name);
        return form;
    }
}
