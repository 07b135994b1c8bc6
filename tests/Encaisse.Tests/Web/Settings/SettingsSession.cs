using System.Net;
using System.Text.RegularExpressions;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;

namespace Encaisse.Tests.Web.Settings;

/// <summary>A signed-in HTTP session (cookies, no redirects followed) with the antiforgery token of each form.</summary>
public sealed partial class SettingsSession : IDisposable
{
    public const string AdminLogin = "admin";

    private SettingsSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>Adds the WebSeed users' administrator (WebSeed has collector, credit manager and read-only).</summary>
    public static async Task AddAdminAsync(DatabaseFactory factory, Encaisse.Ledger.Tenant tenant)
    {
        await using var db = factory.Create(tenant.Id);
        var admin = new User { TenantId = tenant.Id, Login = AdminLogin, DisplayName = "Alice Admin", Role = UserRole.Administrator, CreatedAt = DateTimeOffset.UtcNow };
        Passwords.Set(admin, WebSeed.Password);
        db.Add(admin);
        await db.SaveChangesAsync();
    }

    public static async Task<SettingsSession> SignInAsync(TestServer server, string login, string password = WebSeed.Password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        var session = new SettingsSession(client);
        var response = await session.PostAsync("/login", "/login", new() { ["login"] = login, ["password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {login} failed: {(int)response.StatusCode}");
        }

        return session;
    }

    /// <summary>Posts a form to <paramref name="action"/> with the antiforgery token read from <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await Client.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiForgery().Match(html).Groups[1].Value;
        return await Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts with a token taken from a page the user may see (for pages that answer 403 to GET).</summary>
    public async Task<HttpResponseMessage> PostWithTokenOfAsync(string tokenPage, string action, Dictionary<string, string> fields) =>
        await PostAsync(tokenPage, action, fields);

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
