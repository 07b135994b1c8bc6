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
    public void The_contexts_connection_string_prepares_does_not_reset_and_sets_the_session_unless_it_says_otherwise()
    {
        var plain = new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts(
            "Host=127.0.0.1;Username=encaisse;Password=secret;Database=bench"));
        plain.MaxAutoPrepare.ShouldBe(DatabaseFactory.AutoPreparedStatements);
        plain.NoResetOnClose.ShouldBeTrue();
        plain.Options.ShouldBe(DatabaseFactory.SessionOptions);
        plain.Password.ShouldBe("secret");
        plain.Database.ShouldBe("bench");

        new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts("Host=h;Database=d;Max Auto Prepare=0")).MaxAutoPrepare.ShouldBe(0);
        new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts("Host=h;Database=d;MaxAutoPrepare=7")).MaxAutoPrepare.ShouldBe(7);
        new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts("Host=h;Database=d;No Reset On Close=false")).NoResetOnClose.ShouldBeFalse();
        // Options given, even empty (a pooler that refuses start-up options): kept as written.
        new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts("Host=h;Database=d;Options=-c statement_timeout=5s")).Options.ShouldBe("-c statement_timeout=5s");
        new NpgsqlConnectionStringBuilder(DatabaseFactory.ForContexts("Host=h;Database=d;Options=")).Options.ShouldBeNullOrEmpty();
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
    public async Task Every_pooled_session_starts_with_the_factorys_settings_and_no_transaction_of_its_previous_use()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        var acme = await database.AddTenantAsync("acme");

        // Connections are not reset on their return to the pool (ADR 1555): a context that leaves its transaction open
        // must still not leave its writes, its locks or its transaction to the next user of the physical connection.
        for (var run = 0; run < 10; run++)
        {
            await using var db = database.For(acme);
            (await db.Customers.CountAsync()).ShouldBe(0);
            var transaction = await db.Database.BeginTransactionAsync();
            db.Customers.Add(new Customer { TenantId = acme.Id, ExternalRef = $"411T{run}", LegalName = "Jamais validé" });
            await db.SaveChangesAsync();
        }

        await using var after = database.For(acme);
        (await after.Customers.CountAsync()).ShouldBe(0);
        (await after.Database.SqlQueryRaw<string>("SELECT current_setting('jit') || ' ' || current_setting('work_mem') AS \"Value\"").ToListAsync())
            .ShouldBe(["off 64MB"]);
        // This test database's advisory locks only: pg_locks lists the whole server's, and tests running beside this one (a
        // startup lock, a scheduler's lease) hold their own in their own databases.
        (await after.Database.SqlQueryRaw<long>(
                "SELECT count(*) AS \"Value\" FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
            .ToListAsync()).ShouldBe([0L]);
    }
}
