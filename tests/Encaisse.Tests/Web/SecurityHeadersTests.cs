using System.Net;
using System.Text.Json;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Issue 16: anti-framing, no sniffing, a CSP on pages, and an OpenAPI document that says X-Api-Key is required.</summary>
public sealed class SecurityHeadersTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Pages_and_api_answers_forbid_framing_and_sniffing(string provider)
    {
        await using var server = await TestServer.StartAsync(provider, FakeClock.At(WebSeed.Today));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        var login = await client.GetAsync("/login");
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        login.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        login.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var csp = login.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self'");
        // Plain HTTP on loopback: no HSTS, and cookies are not marked Secure (they would be over HTTPS).
        login.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();

        var api = await server.Api.GetAsync("/api/v1/apikeys");
        api.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        api.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
    }

    [Fact]
    public async Task The_openapi_document_declares_the_api_key_scheme()
    {
        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        scheme.GetProperty("type").GetString().ShouldBe("apiKey");
        scheme.GetProperty("in").GetString().ShouldBe("header");
        scheme.GetProperty("name").GetString().ShouldBe("X-Api-Key");
        document.GetProperty("security")[0].TryGetProperty("ApiKey", out _).ShouldBeTrue();
    }
}
