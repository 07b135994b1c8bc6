using System.Net;
using Encaisse.Tests.Support;
using Encaisse.Web;
using Encaisse.Web.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Two servers on one database share the data-protection key ring: a sign-in on one is valid on the other.</summary>
public sealed class SharedKeysTests
{
    private static async Task<WebApplication> SecondServerAsync(TestDatabase database)
    {
        var app = EncaisseServer.Build(new ServerOptions(database.Target, "http://127.0.0.1:0") { Clock = FakeClock.At(WebSeed.Today), RunScheduler = false });
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(WebApplication app, string cookie, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.Urls.First()) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_sign_in_cookie_from_one_server_works_on_another_of_the_same_database(string provider)
    {
        await using var first = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(first.Database.Factory, first.Tenant);
        var second = await SecondServerAsync(first.Database);
        try
        {
            var jar = new CookieContainer();
            using var client = await ImportPageTests.SignedInAsync(first, "claire", jar);
            var cookie = jar.GetCookieHeader(first.BaseAddress);
            cookie.ShouldContain("encaisse-auth=");

            var page = await GetWithCookieAsync(second, cookie, "/customers");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()).ShouldContain("Dupont Matériaux SARL");

            await using var db = first.Database.Factory.Create();
            (await db.Set<DataProtectionKey>().CountAsync()).ShouldBeGreaterThanOrEqualTo(1);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_server_of_another_database_refuses_the_cookie()
    {
        await using var first = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(first.Database.Factory, first.Tenant);
        await using var other = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var jar = new CookieContainer();
        using var client = await ImportPageTests.SignedInAsync(first, "claire", jar);
        var cookie = jar.GetCookieHeader(first.BaseAddress);

        // Keys come from each database, not from a folder of the machine: the other installation cannot read the cookie.
        var page = await GetWithCookieAsync(other.App, cookie, "/customers");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/login");
    }
}
