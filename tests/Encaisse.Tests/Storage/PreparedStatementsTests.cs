using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shouldly;

namespace Encaisse.Tests.Storage;

/// <summary>
/// PostgreSQL contexts prepare the statements they run often on each pooled connection (ADR 1571): the answers must not
/// change, another tenant's rows must stay out, and nothing a request set on its session may survive the pool.
/// </summary>
public class PreparedStatementsTests
{
    [Fact]
    public void The_contexts_connection_string_turns_automatic_preparation_on_unless_it_says_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder(DatabaseFactory.WithPreparedStatements(
            "Host=127.0.0.1;Username=encaisse;Password=secret;Database=bench"));
        plain.MaxAutoPrepare.ShouldBe(DatabaseFactory.AutoPreparedStatements);
        plain.Password.ShouldBe("secret");
        plain.Database.ShouldBe("bench");

        new NpgsqlConnectionStringBuilder(DatabaseFactory.WithPreparedStatements("Host=h;Database=d;Max Auto Prepare=0")).MaxAutoPrepare.ShouldBe(0);
        new NpgsqlConnectionStringBuilder(DatabaseFactory.WithPreparedStatements("Host=h;Database=d;Max Auto Prepare=7")).MaxAutoPrepare.ShouldBe(7);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_query_run_many_times_through_pooled_contexts_keeps_its_answer_and_its_tenant(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddTenantAsync("acme");
        var other = await database.AddTenantAsync("other");
        await using (var write = database.For(acme))
        {
            for (var i = 0; i < 5; i++)
            {
                write.Customers.Add(new Customer { TenantId = acme.Id, ExternalRef = $"411C{i}", LegalName = $"Client {i}" });
            }

            await write.SaveChangesAsync();
        }

        await using (var write = database.For(other))
        {
            write.Customers.Add(new Customer { TenantId = other.Id, ExternalRef = "411C1", LegalName = "Autre client" });
            await write.SaveChangesAsync();
        }

        // More runs than Npgsql's threshold for preparing a statement (5 on one connection), alternating tenants and values.
        for (var run = 0; run < 20; run++)
        {
            var tenant = run % 3 == 0 ? other : acme;
            var reference = $"411C{run % 5}";
            await using var db = database.For(tenant);
            var names = await db.Customers.Where(c => c.ExternalRef == reference).Select(c => c.LegalName).ToListAsync();
            names.ShouldBe(tenant == other
                ? reference == "411C1" ? ["Autre client"] : []
                : [$"Client {run % 5}"]);
        }
    }

    [Fact]
    public async Task A_session_setting_does_not_survive_the_return_of_a_connection_that_holds_prepared_statements()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        var acme = await database.AddTenantAsync("acme");
        string defaultWorkMem;
        await using (var db = database.For(acme))
        {
            defaultWorkMem = await db.Database.SqlQueryRaw<string>("SELECT current_setting('work_mem') AS \"Value\"").ToListAsync() is [var shown] ? shown : "";
        }

        for (var run = 0; run < 10; run++)
        {
            await using var db = database.For(acme);
            await db.Database.OpenConnectionAsync();
            (await db.Customers.CountAsync()).ShouldBe(0);
            await db.Database.ExecuteSqlRawAsync("SET work_mem = '77MB'");
        }

        // The pool hands back the same physical connection (nothing else uses this database): reset, prepared statements kept.
        await using var after = database.For(acme);
        (await after.Database.SqlQueryRaw<string>("SELECT current_setting('work_mem') AS \"Value\"").ToListAsync()).ShouldBe([defaultWorkMem]);
        defaultWorkMem.ShouldNotBe("77MB");
        (await after.Customers.CountAsync()).ShouldBe(0);
    }
}
