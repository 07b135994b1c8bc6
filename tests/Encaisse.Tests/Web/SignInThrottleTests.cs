using System.Net;
using System.Text.RegularExpressions;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16: sign-in throttled per login and per address, unknown logins treated like known ones, sign-out ends the session on the server.</summary>
public sealed partial class SignInThrottleTests
{
    private static HttpClient Client(TestServer server, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = server.BaseAddress };

    private static async Task<string> TokenAsync(HttpClient client, string path) =>
        AntiForgery().Match(await client.GetStringAsync(path)).Groups[1].Value;

    private static async Task<(HttpStatusCode Status, string Html)> SignInAsync(HttpClient client, string login, string password)
    {
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["login"] = login, ["password"] = password, ["__RequestVerificationToken"] = await TokenAsync(client, "/login"),
        }));
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_login_is_locked_after_five_failures_known_or_not_and_opens_again_later(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        using var client = Client(server);

        foreach (var login in new[] { "marie", "personne-inconnue" })
        {
            for (var i = 1; i <= 4; i++)
            {
                var wrong = await SignInAsync(client, login, "pas-le-bon-" + i);
                wrong.Html.ShouldContain("Identifiant ou mot de passe incorrect.");
            }

            // The fifth failure locks the login, whether it exists or not: the answers do not tell which logins exist.
            var fifth = await SignInAsync(client, login, "pas-le-bon-5");
            fifth.Status.ShouldBe(HttpStatusCode.OK);
            fifth.Html.ShouldContain("la connexion est bloquée pendant 15 min");
        }

        // Even the right password is refused while locked, without checking it.
        (await SignInAsync(client, "marie", WebSeed.Password)).Html.ShouldContain("la connexion est bloquée");

        clock.Advance(TimeSpan.FromMinutes(16));
        (await SignInAsync(client, "marie", WebSeed.Password)).Status.ShouldBe(HttpStatusCode.Redirect);
        await using var db = server.Database.Factory.Create();
        (await db.Set<SignInThrottle>().AnyAsync(t => t.Key == "login:marie")).ShouldBeFalse(); // a success clears the login's count
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_address_trying_many_logins_is_locked(string provider)
    {
        var clock = FakeClock.At(WebSeed.Today);
        await using var server = await TestServer.StartAsync(provider, clock);
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await using var db = server.Database.Factory.Create();
        var policy = SignInPolicy.Default;

        for (var i = 0; i < policy.MaxFailuresPerAddress - 1; i++)
        {
            var failed = await SignIns.AttemptAsync(db, "login-" + i, "x", "203.0.113.7", clock.GetUtcNow(), policy, default);
            failed.Error!.Code.ShouldBe("signin.failed");
        }

        var last = await SignIns.AttemptAsync(db, "login-last", "x", "203.0.113.7", clock.GetUtcNow(), policy, default);
        last.Error!.Code.ShouldBe("signin.locked");
        last.Error.Message("en").ShouldBe("Too many failed attempts: signing in is blocked for 15 min. Try again later or ask an administrator.");
        (await SignIns.AttemptAsync(db, "marie", WebSeed.Password, "203.0.113.7", clock.GetUtcNow(), policy, default)).Error!.Code.ShouldBe("signin.locked");
        // Another address is not affected.
        (await SignIns.AttemptAsync(db, "marie", WebSeed.Password, "198.51.100.1", clock.GetUtcNow(), policy, default)).IsOk.ShouldBeTrue();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Signing_out_ends_every_copy_of_the_session_cookie(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        var cookies = new CookieContainer();
        using var browser = Client(server, cookies);
        (await SignInAsync(browser, "marie", WebSeed.Password)).Status.ShouldBe(HttpStatusCode.Redirect);

        // An attacker copied the cookie before the sign-out.
        var stolen = new CookieContainer();
        stolen.Add(cookies.GetAllCookies());
        using var attacker = Client(server, stolen);
        (await attacker.GetAsync("/customers")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var signOut = await browser.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = await TokenAsync(browser, "/") }));
        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var replay = await attacker.GetAsync("/customers");
        replay.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        replay.Headers.Location!.ToString().ShouldContain("/login");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
