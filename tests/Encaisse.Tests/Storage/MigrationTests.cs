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
    // A server on this machine is reached without TLS unless an SSL mode is named (ADR 1554).
    [InlineData("Host=localhost;Database=x", DatabaseProvider.Postgres, "Host=localhost;Database=x;SSL Mode=Disable")]
    [InlineData("postgres://u:p@127.0.0.1/enc", DatabaseProvider.Postgres, "Host=127.0.0.1;Port=5432;Database=enc;Username=u;Password=p;SSL Mode=Disable")]
    [InlineData("Host=::1;Database=x;", DatabaseProvider.Postgres, "Host=::1;Database=x;SSL Mode=Disable")]
    [InlineData("Host=/var/run/postgresql;Database=x", DatabaseProvider.Postgres, "Host=/var/run/postgresql;Database=x;SSL Mode=Disable")]
    [InlineData("Host=localhost:5433,127.0.0.2;Database=x", DatabaseProvider.Postgres, "Host=localhost:5433,127.0.0.2;Database=x;SSL Mode=Disable")]
    [InlineData("postgres://u:p@localhost/enc?sslmode=require", DatabaseProvider.Postgres, "Host=localhost;Port=5432;Database=enc;Username=u;Password=p;sslmode=require")]
    [InlineData("Host=127.0.0.1;SSL Mode=Require;Database=x", DatabaseProvider.Postgres, "Host=127.0.0.1;SSL Mode=Require;Database=x")]
    [InlineData("Host=localhost,db.example;Database=x", DatabaseProvider.Postgres, "Host=localhost,db.example;Database=x")]
    [InlineData("Server=10.0.0.5;Database=x", DatabaseProvider.Postgres, "Server=10.0.0.5;Database=x")]
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
