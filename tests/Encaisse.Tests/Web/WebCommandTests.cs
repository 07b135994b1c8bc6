using System.Text.Json;
using Encaisse.Portal;
using Encaisse.Tests.Support;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary>Serialises the tests that redirect the process-wide console.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}

/// <summary><c>encaisse user add</c> and <c>encaisse portal link</c> through the real command line.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class WebCommandTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        return await ConsoleCapture.RunCliAsync(args);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task User_add_stores_a_hashed_password_and_refuses_bad_roles_and_duplicates(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var db = database.Target.ConnectionString;
        var dbArg = provider == "sqlite" ? "sqlite:" + db.Replace("Data Source=", "", StringComparison.Ordinal).Split(';')[0] : db;

        // A real child process, so that the password really comes through standard input.
        var (code, output, error) = await CliProcess.RunWithInputAsync("un-mot-de-passe\n", null, "user", "add", "marie", "--role", "collector", "--password-stdin", "--name", "Marie L.", "--db", dbArg, "--json");
        code.ShouldBe(0, output + error);
        using (var json = JsonDocument.Parse(output))
        {
            json.RootElement.GetProperty("role").GetString().ShouldBe("collector");
            json.RootElement.GetProperty("password").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        await using (var context = database.For(tenant))
        {
            var user = await context.Set<User>().SingleAsync();
            user.PasswordHash.ShouldNotContain("un-mot-de-passe");
            Passwords.Check(user, "un-mot-de-passe").ShouldBeTrue();
            Passwords.Check(user, "autre-chose").ShouldBeFalse();
            user.DisplayName.ShouldBe("Marie L.");
        }

        (await RunAsync("user", "add", "marie", "--role", "collector", "--db", dbArg)).Code.ShouldBe(1);
        var bad = await RunAsync("user", "add", "paul", "--role", "boss", "--db", dbArg);
        bad.Code.ShouldBe(2);
        bad.Err.ShouldContain("administrator, credit-manager, collector, read-only");
        var generated = await RunAsync("user", "add", "paul", "--role", "read-only", "--db", dbArg);
        generated.Code.ShouldBe(0);
        generated.Out.ShouldContain("Password: ");
    }

    [Fact]
    public async Task Portal_link_prints_a_url_whose_token_is_stored_hashed()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var dbArg = "sqlite:" + database.Target.ConnectionString.Replace("Data Source=", "", StringComparison.Ordinal).Split(';')[0];

        var (code, output, error) = await RunAsync("portal", "link", "411DUPONT", "--days", "10", "--json", "--db", dbArg);
        code.ShouldBe(0, error);
        using var json = JsonDocument.Parse(output);
        var url = json.RootElement.GetProperty("url").GetString()!;
        url.ShouldStartWith("http://localhost:5080/p/");
        var token = url[(url.LastIndexOf('/') + 1)..];
        await using var db = database.For(tenant);
        var link = await db.Set<PortalLink>().SingleAsync();
        link.TokenHash.ShouldBe(PortalLink.HashOf(token));
        (link.ExpiresAt - link.CreatedAt).ShouldBe(TimeSpan.FromDays(10));

        (await RunAsync("portal", "link", "411NOBODY", "--db", dbArg)).Code.ShouldBe(2);
        (await RunAsync("portal", "link", "411DUPONT", "--days", "0", "--db", dbArg)).Code.ShouldBe(2);
    }

    [Fact]
    public async Task Demo_users_are_idempotent_and_cover_the_collectors_of_the_portfolio()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var first = await DemoUsers.EnsureAsync(database.Factory, tenant.Id, TimeProvider.System, default);
        var second = await DemoUsers.EnsureAsync(database.Factory, tenant.Id, TimeProvider.System, default);
        second.ShouldBe(first);
        first.Select(c => c.Login).ShouldContain("admin");
        // "marie" exists already (seeded collector), "paul" is created as a collector.
        first.ShouldContain(new DemoCredential("paul", DemoUsers.Password, UserRole.Collector));
        await using var db = database.For(tenant);
        var admin = await db.Set<User>().SingleAsync(u => u.Login == "admin");
        Passwords.Check(admin, DemoUsers.Password).ShouldBeTrue();
    }
}
