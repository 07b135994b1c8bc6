using Encaisse.Web.Portal;
using System.Net;
using System.Text.RegularExpressions;
using Encaisse.Portal;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Sign-in, roles and the portal's protections over plain HTTP against the real server.</summary>
public sealed partial class SignInTests
{
    private static HttpClient Client(TestServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };

    private static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return AntiForgery().Match(html).Groups[1].Value;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string login, string password) =>
        await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = login, ["password"] = password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        }));

    [Fact]
    public async Task Pages_need_a_sign_in_and_a_wrong_password_is_refused()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var client = Client(server);

        var anonymous = await client.GetAsync("/customers");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldContain("/login?ReturnUrl=%2Fcustomers");

        var wrong = await SignInAsync(client, "marie", "pas-le-bon");
        wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("Identifiant ou mot de passe incorrect.");

        var right = await SignInAsync(client, "marie", WebSeed.Password);
        right.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/customers")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The API stays on API keys: a browser cookie does not open it.
        (await client.GetAsync("/api/v1/anything")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_user_cannot_post_an_action()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var client = Client(server);
        (await SignInAsync(client, "lecture", WebSeed.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = $"/customers/{seed.Dupont.Id}";
        var token = await TokenAsync(client, page);
        var post = await client.PostAsync(page + "?handler=Hold", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reason"] = "test", ["__RequestVerificationToken"] = token,
        }));
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (post.StatusCode == HttpStatusCode.Redirect)
        {
            post.Headers.Location!.ToString().ShouldContain("/login");
        }

        // Signing out needs the form's antiforgery token too, then pages redirect to the sign-in again.
        var signOut = await client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(client, "/") }));
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await using var db = server.Database.For(server.Tenant);
        db.Set<Encaisse.Dunning.DunningHold>().Count().ShouldBe(0);
    }

    [Fact]
    public async Task Portal_tokens_are_checked_and_rate_limited()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        var seed = await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        string path;
        await using (var db = server.Database.For(server.Tenant))
        {
            path = await PortalLinks.CreateAsync(db, seed.Bernard.Id, DateTimeOffset.UtcNow, 1, "test", default);
        }

        using var client = Client(server);
        (await client.GetAsync("/p/not-a-token")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < PortalSetup.RequestsPerMinute + 2; i++)
        {
            statuses.Add((await client.GetAsync(path)).StatusCode);
        }

        statuses.Take(PortalSetup.RequestsPerMinute - 1).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Last().ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
