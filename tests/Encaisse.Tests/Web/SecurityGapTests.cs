using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encaisse.Dunning;
using Encaisse.Tests.Support;
using Encaisse.Tests.Web.Settings;
using Encaisse.Web;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>
/// Issue 16, the findings the first pass left without a test: an unknown login costs a hash like a known one, HSTS and Secure cookies over
/// HTTPS, and the SMTP test e-mail that is not a port scanner (allowed ports, generic answer, rate limit, time limit).
/// </summary>
public sealed class SecurityGapTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_login_costs_one_password_hash_like_a_known_one(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var now = DateTimeOffset.UtcNow;

        foreach (var login in new[] { "marie", "nobody-by-that-name", "" })
        {
            var hashes = new System.Runtime.CompilerServices.StrongBox<int>();
            SignIns.HashesVerified.Value = hashes;
            await using var db = database.Factory.Create();
            var result = await SignIns.AttemptAsync(db, login, "wrong-password", "10.1.1." + login.Length, now, SignInPolicy.Default, default);
            SignIns.HashesVerified.Value = null;
            result.Error!.Code.ShouldBe("signin.failed");
            hashes.Value.ShouldBe(1, $"login '{login}'");
        }

        // A locked login is answered without any hash (a locked attacker costs no CPU).
        for (var i = 0; i < 5; i++)
        {
            await using var db = database.Factory.Create();
            await SignIns.AttemptAsync(db, "marie", "wrong-" + i, null, now, SignInPolicy.Default, default);
        }

        var locked = new System.Runtime.CompilerServices.StrongBox<int>();
        SignIns.HashesVerified.Value = locked;
        await using (var db = database.Factory.Create())
        {
            (await SignIns.AttemptAsync(db, "marie", WebSeed.Password, null, now, SignInPolicy.Default, default)).Error!.Code.ShouldBe("signin.locked");
        }

        SignIns.HashesVerified.Value = null;
        locked.Value.ShouldBe(0);
    }

    [Fact]
    public async Task Over_https_answers_carry_hsts_and_cookies_are_secure()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await database.AddTenantAsync();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=encaisse.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var generated = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        using var certificate = X509CertificateLoader.LoadPkcs12(generated.Export(X509ContentType.Pkcs12), null);

        var app = EncaisseServer.Build(new ServerOptions(database.Target, "https://127.0.0.1:0") { RunScheduler = false });
        app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.ConfigureHttpsDefaults(o => o.ServerCertificate = certificate);
        await app.StartAsync();
        try
        {
            using var client = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator, AllowAutoRedirect = false,
            }) { BaseAddress = new Uri(app.Urls.First()) };
            // HSTS is never sent to localhost names; a real host name is what browsers see behind the installation's domain.
            using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
            page.Headers.Host = "encaisse.example";
            var response = await client.SendAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000");
            var cookies = response.Headers.GetValues("Set-Cookie").ToList();
            cookies.ShouldNotBeEmpty();
            cookies.ShouldAllBe(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_smtp_test_reaches_only_smtp_ports_answers_generically_and_is_rate_limited()
    {
        // A "service" that answers in its own words and closes: its words must not come back to the page.
        using var chatty = new TcpListener(IPAddress.Loopback, 0);
        chatty.Start();
        var chattyPort = ((IPEndPoint)chatty.LocalEndpoint).Port;
        var chattyConnections = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await chatty.AcceptTcpClientAsync();
                Interlocked.Increment(ref chattyConnections);
                await socket.GetStream().WriteAsync("SSH-2.0-OpenSSH_9.6 secret-banner\r\n"u8.ToArray());
            }
        });
        // A service that never answers: the test stops at its time limit.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        // A port outside the allow-list, listening: it must never be connected to.
        using var forbidden = new TcpListener(IPAddress.Loopback, 0);
        forbidden.Start();
        var forbiddenPort = ((IPEndPoint)forbidden.LocalEndpoint).Port;
        var forbiddenAccept = forbidden.AcceptTcpClientAsync();

        await using var server = await TestServer.StartAsync("sqlite", FakeClock.At(WebSeed.Today),
            o => o with { SmtpTestPorts = new HashSet<int> { chattyPort, silentPort } });
        await WebSeed.AddAsync(server.Database.Factory, server.Tenant);
        await SettingsSession.AddAdminAsync(server.Database.Factory, server.Tenant);
        using var session = await SettingsSession.SignInAsync(server, SettingsSession.AdminLogin);

        async Task<string> TestAsync(int port)
        {
            await using (var db = server.Database.For(server.Tenant))
            {
                var settings = await db.Set<DunningSettings>().SingleOrDefaultAsync();
                if (settings is null)
                {
                    settings = new DunningSettings { TenantId = server.Tenant.Id };
                    db.Add(settings);
                }

                (settings.SmtpHost, settings.SmtpPort, settings.SmtpSecurity) = ("127.0.0.1", port, SmtpSecurity.None);
                await db.SaveChangesAsync();
            }

            var post = await session.PostAsync("/settings/channels", "/settings/channels?handler=Test", new() { ["testTo"] = "admin@acme.example.fr" });
            post.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/settings/channels"));
            var start = html.IndexOf("data-testid=\"test-result\"", StringComparison.Ordinal);
            start.ShouldBeGreaterThan(0);
            return html[start..html.IndexOf("</p>", start, StringComparison.Ordinal)];
        }

        var refused = await TestAsync(forbiddenPort);
        refused.ShouldContain("ce port n'est pas autorisé");
        await Task.Delay(200);
        forbiddenAccept.IsCompleted.ShouldBeFalse("nothing may connect to a port outside the allow-list");

        var chattyAnswer = await TestAsync(chattyPort);
        chattyAnswer.ShouldContain("impossible de se connecter au serveur SMTP");
        chattyAnswer.ShouldNotContain("SSH");
        chattyAnswer.ShouldNotContain("secret-banner");
        chattyConnections.ShouldBe(1);

        var started = System.Diagnostics.Stopwatch.StartNew();
        (await TestAsync(silentPort)).ShouldContain("impossible de se connecter au serveur SMTP");
        // Stopped by the policy's limit (10 s), far under MailKit's default of 60 s; generous bound for a loaded machine.
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(40));

        // Five tests per ten minutes per tenant (the refused port did not count): the sixth is refused without connecting.
        (await TestAsync(chattyPort)).ShouldContain("impossible de se connecter");
        (await TestAsync(chattyPort)).ShouldContain("impossible de se connecter");
        (await TestAsync(chattyPort)).ShouldContain("impossible de se connecter");
        (await TestAsync(chattyPort)).ShouldContain("trop d'essais");
        chattyConnections.ShouldBe(4);
    }
}
