using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Storage;

public sealed class MigrationTests
{
    /// <summary>Fails when an entity or mapping changed without a new migration for that provider.</summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Model_and_migrations_do_not_drift(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Factory.Create();
        db.Database.HasPendingModelChanges().ShouldBeFalse(
            "the model changed without a migration: run 'dotnet run --project tools/Encaisse.MigrationTool -- add NAME'");
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Tenant_filter_hides_other_tenants_rows(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var a = await database.AddTenantAsync("a");
        var b = await database.AddTenantAsync("b");
        await using (var db = database.For(a))
        {
            db.Customers.Add(new Encaisse.Ledger.Customer { TenantId = a.Id, ExternalRef = "411A", LegalName = "Alpha" });
            await db.SaveChangesAsync();
        }

        await using (var db = database.For(b))
        {
            (await db.Customers.CountAsync()).ShouldBe(0);
        }

        await using (var db = database.For(a))
        {
            (await db.Customers.Select(c => c.LegalName).SingleAsync()).ShouldBe("Alpha");
        }
    }

    [Theory]
    [InlineData("postgres://u:p%40ss@db.example:6543/enc", DatabaseProvider.Postgres, "Host=db.example;Port=6543;Database=enc;Username=u;Password=p@ss")]
    [InlineData("Host=localhost;Database=x", DatabaseProvider.Postgres, "Host=localhost;Database=x")]
    [InlineData("Data Source=/tmp/x.db", DatabaseProvider.Sqlite, "Data Source=/tmp/x.db")]
    public void Database_target_is_parsed_from_url_or_connection_string(string value, DatabaseProvider provider, string connection)
    {
        var target = DatabaseTarget.Parse(value);
        target.Provider.ShouldBe(provider);
        target.ConnectionString.ShouldBe(connection);
        target.Describe().ShouldNotContain("p@ss");
    }

    [Fact]
    public void Unknown_database_text_is_refused_with_a_readable_reason() =>
        Should.Throw<ArgumentException>(() => DatabaseTarget.Parse("mysql://x")).Message.ShouldContain("postgres://");
}
