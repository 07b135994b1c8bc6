using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Encaisse.Dunning;
using Encaisse.Portal;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web.Settings;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// A collections act refused by its shared rule reads in the reader's language on the customer page and the portal (the
/// catalogue's sentence of the refusal's code, ADR 1172), while the API keeps its English ValidationProblem with the code.
/// Over HTTP (forms with their antiforgery token), on SQLite and PostgreSQL.
/// </summary>
public sealed partial class CollectionsRefusalLanguageTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_promise_in_the_past_is_refused_in_french_then_in_english_on_the_customer_page_and_coded_in_the_api(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var marie = await SettingsSession.SignInAsync(server, "marie");
        var page = $"/customers/{seed.Dupont.Id}";
        var promise = new Dictionary<string, string> { ["amount"] = "100,00", ["date"] = "2026-03-15", ["note"] = "" };

        var french = await marie.PostAsync(page, page + "?handler=Promise", new(promise));
        french.StatusCode.ShouldBe(HttpStatusCode.OK);
        Refusal(await french.Content.ReadAsStringAsync()).ShouldBe("La date promise (15/03/2026) est passée : nous sommes le 16/03/2026.");

        var english = await marie.PostAsync(page + "?lang=en", page + "?handler=Promise", new(promise));
        Refusal(await english.Content.ReadAsStringAsync()).ShouldBe("The promised date 2026-03-15 is in the past (today is 2026-03-16).");

        // Above what is owed: the amount in the reader's format.
        var tooMuch = await marie.PostAsync(page + "?lang=fr", page + "?handler=Promise", new(promise) { ["amount"] = "999 999,00", ["date"] = "2026-03-20" });
        Refusal(await tooMuch.Content.ReadAsStringAsync()).ShouldStartWith("Le montant promis dépasse le solde restant dû (");

        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<PromiseToPay>().CountAsync(p => p.CustomerId == seed.Dupont.Id)).ShouldBe(0);
        }

        // The API: the same refusal as an English ValidationProblem on its field, with its code and data.
        var api = await server.Api.PostAsJsonAsync("/api/v1/promises", new { customerRef = "411DUPONT", amount = 100m, date = "2026-03-15" });
        api.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("promise.datePast");
        problem.GetProperty("errors").GetProperty("date")[0].GetString().ShouldBe("The promised date 2026-03-15 is in the past (today is 2026-03-16).");
        problem.GetProperty("data").GetProperty("today").GetString().ShouldBe("2026-03-16");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_promise_above_the_balance_is_refused_in_the_customers_language_on_the_portal(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            path = await PortalLinks.CreateAsync(db, seed.Dupont.Id, DateTimeOffset.UtcNow, 30, "test", default);
        }

        using var customer = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        async Task<string> PromiseAsync(string formPage)
        {
            var token = AntiForgery().Match(await customer.GetStringAsync(formPage)).Groups[1].Value;
            var response = await customer.PostAsync(path + "?handler=Promise", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["date"] = "2026-03-27",
                ["amount"] = "999999",
            }));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            return WebUtility.HtmlDecode(PortalRefusal().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
        }

        (await PromiseAsync(path)).ShouldBe("Le montant promis dépasse le solde restant dû (" + await BalanceAsync(server, seed.Dupont.Id, french: true) + ").");
        (await PromiseAsync(path + "?lang=en")).ShouldBe("The promised amount is above the open balance (" + await BalanceAsync(server, seed.Dupont.Id, french: false) + ").");
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_call_back_in_the_past_is_refused_in_the_readers_language_on_the_calls_queue(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        Guid taskId;
        await using (var db = server.Database.For(server.Tenant))
        {
            taskId = await db.Set<CollectionTask>().Where(t => t.Kind == CollectionTaskKind.Call).Select(t => t.Id).SingleAsync();
        }

        using var marie = await SettingsSession.SignInAsync(server, "marie");
        async Task<string> LogAsync(string formPage)
        {
            var response = await marie.PostAsync(formPage, $"/queues/calls?handler=Log&taskId={taskId}",
                new() { ["outcome"] = "CallBack", ["comment"] = "", ["callBackOn"] = "2026-03-10" });
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            return WebUtility.HtmlDecode(QueueProblem().Match(await marie.Client.GetStringAsync(response.Headers.Location!.ToString())).Groups[1].Value);
        }

        (await LogAsync("/queues/calls")).ShouldBe("La date de rappel (10/03/2026) est passée.");
        (await LogAsync("/queues/calls?lang=en")).ShouldBe("The call-back day 2026-03-10 is in the past.");
        await using (var db = server.Database.For(server.Tenant))
        {
            (await db.Set<CollectionTask>().SingleAsync(t => t.Id == taskId)).Status.ShouldBe(CollectionTaskStatus.Open);
        }
    }

    private static async Task<string> BalanceAsync(TestServer server, Guid customerId, bool french)
    {
        await using var db = server.Database.For(server.Tenant);
        var balance = (await Encaisse.Ledger.CustomerPositions.LoadOpenAsync(db, customerId, WebSeed.Today, default)).BalanceIn("EUR");
        return french ? Encaisse.Ledger.Currencies.FormatFrench(balance, "EUR") : new Encaisse.Ledger.Money(balance, "EUR").ToString();
    }

    private static string Refusal(string html) => WebUtility.HtmlDecode(EditRefusal().Match(html).Groups[1].Value);

    [GeneratedRegex("data-testid=\"edit-refusal\">([^<]*)</p>")]
    private static partial Regex EditRefusal();

    [GeneratedRegex("<p class=\"alert\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex QueueProblem();

    [GeneratedRegex("data-testid=\"portal-refusal\">([^<]*)</p>")]
    private static partial Regex PortalRefusal();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
