using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Encaisse.Formats.Runs;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>The imports page over HTTP against the real server: background run, history, report, errors CSV, roles.</summary>
public sealed partial class ImportPageTests
{
    /// <summary>An invoices file (with the customer columns) of <paramref name="rows"/> rows; rows 4 and 1200 (file lines) are invalid.</summary>
    public static byte[] InvoicesCsv(int rows)
    {
        var text = new StringBuilder("Numéro de facture;Référence client;Raison sociale;Date facture;Date d'échéance;Montant TTC\r\n");
        for (var i = 1; i <= rows; i++)
        {
            var line = i + 1;
            var amount = line == 4 ? "1O0" : (100 + i).ToString(CultureInfo.InvariantCulture) + ",50";
            var due = line == 1200 ? "31/02/2026" : "04/02/2026";
            text.Append(CultureInfo.InvariantCulture, $"FA-IMP-{i:00000};411IMP{i % 40:000};Client Import {i % 40};05/01/2026;{due};{amount}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static async Task<HttpClient> SignedInAsync(TestServer server, string login, CookieContainer? jar = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar ?? new CookieContainer() }) { BaseAddress = server.BaseAddress };
        var form = new Dictionary<string, string> { ["login"] = login, ["password"] = WebSeed.Password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login") };
        (await client.PostAsync("/login", new FormUrlEncodedContent(form))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    public static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiForgery().Match(await client.GetStringAsync(path)).Groups[1].Value;

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file, string name, bool skipInvalid)
    {
        using var body = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client, "/imports")), "__RequestVerificationToken" },
            { new StringContent("Invoices"), "kind" },
            { new StringContent(skipInvalid ? "true" : "false"), "skipInvalid" },
        };
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        body.Add(content, "file", name);
        return await client.PostAsync("/imports", body);
    }

    private static async Task<Guid> UploadAndWaitAsync(TestServer server, HttpClient client, byte[] file, string name, bool skipInvalid)
    {
        var response = await UploadAsync(client, file, name, skipInvalid);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
        var completion = server.App.Services.GetRequiredService<ImportRuns>().Completion(id);
        if (completion is not null)
        {
            await completion;
        }

        return id;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_errors_is_refused_whole_then_written_without_its_invalid_rows(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var client = await SignedInAsync(server, "claire");
        var file = InvoicesCsv(1500);

        var refused = await UploadAndWaitAsync(server, client, file, "factures.csv", skipInvalid: false);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/imports/{refused}"));
        page.ShouldContain("Le fichier est refusé : rien n'a été écrit.");
        page.ShouldContain("contains 'O'");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.CountAsync()).ShouldBe(7);
            (await db.Customers.CountAsync()).ShouldBe(5);
            var run = await db.Set<ImportRun>().SingleAsync();
            (run.Status, run.StartedBy, run.FileName, run.Records, run.Rejected, run.ErrorCount, run.Created).ShouldBe((ImportRunStatus.Rejected, "claire", "factures.csv", 1498, 2, 2, 0));
        }

        var csv = await client.GetAsync($"/imports/{refused}?handler=errors");
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("factures-erreurs.csv");
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("Ligne;Colonne;Valeur;Motif");
        lines[1].ShouldStartWith("4;Montant TTC;1O0;");
        lines[2].ShouldStartWith("1200;Date d'échéance;31/02/2026;");
        lines.Length.ShouldBe(3);

        var written = await UploadAndWaitAsync(server, client, file, "factures.csv", skipInvalid: true);
        WebUtility.HtmlDecode(await client.GetStringAsync($"/imports/{written}")).ShouldContain("les lignes invalides ont été ignorées");
        using var status = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/imports/{written}?handler=status"));
        status.RootElement.GetProperty("status").GetString().ShouldBe("written");
        status.RootElement.GetProperty("done").GetBoolean().ShouldBeTrue();
        status.RootElement.GetProperty("created").GetInt32().ShouldBe(1498);
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Invoices.CountAsync()).ShouldBe(7 + 1498);
        }

        // An import through the API is in the same history.
        using (var body = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("Référence client;Raison sociale\r\n411API;Client API\r\n")), "file", "clients-api.csv" } })
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports/customers") { Content = body })
        {
            request.Headers.Add("X-Actor", "sophie");
            (await server.Api.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var history = WebUtility.HtmlDecode(await client.GetStringAsync("/imports"));
        Regex.Matches(history, "factures\\.csv</a>").Count.ShouldBe(2);
        history.ShouldContain("clients-api.csv");
        history.ShouldContain("<td>sophie</td>");
        history.ShouldContain("Refusé, rien écrit");
        history.ShouldContain("Écrit");
    }

    [Fact]
    public async Task A_run_left_running_by_a_stopped_server_is_marked_failed_at_the_next_import()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var lost = new ImportRun
        {
            TenantId = server.Tenant.Id,
            FileName = "perdu.csv",
            StartedBy = "claire",
            Status = ImportRunStatus.Running,
            StartedAt = new DateTimeOffset(2026, 3, 15, 8, 0, 0, TimeSpan.Zero),
        };
        await using (var db = server.Database.For(server.Tenant))
        {
            db.Add(lost);
            await db.SaveChangesAsync();
        }

        using var client = await SignedInAsync(server, "claire");
        WebUtility.HtmlDecode(await client.GetStringAsync($"/imports/{lost.Id}")).ShouldContain("L'import tourne sur un autre serveur");
        await UploadAndWaitAsync(server, client, InvoicesCsv(10), "factures.csv", skipInvalid: false);
        await using (var db = server.Database.For(server.Tenant))
        {
            var stored = await db.Set<ImportRun>().SingleAsync(r => r.Id == lost.Id);
            stored.Status.ShouldBe(ImportRunStatus.Failed);
            stored.Failure!.ShouldStartWith("Interrupted");
        }
    }

    [Fact]
    public async Task Collectors_and_read_only_users_cannot_import()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        foreach (var login in new[] { "marie", "lecture" })
        {
            using var client = await SignedInAsync(server, login);
            var page = await client.GetAsync("/imports");
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            page.Headers.Location!.ToString().ShouldContain("/login");
            (await client.GetStringAsync("/")).ShouldNotContain("href=\"/imports\"");
        }

        await using var db = server.Database.For(server.Tenant);
        (await db.Set<ImportRun>().CountAsync()).ShouldBe(0);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
