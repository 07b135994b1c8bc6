using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Npgsql;

namespace Encaisse.Tests.Support;

/// <summary>
/// A fresh, migrated database for one test, on SQLite (temp file) or PostgreSQL (a new database on the server
/// named by ENCAISSE_TEST_PG, started by ./test.sh). Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ENCAISSE_TEST_PG";
    public const string DefaultPostgres = "Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres";

    private readonly string? sqlitePath;
    private readonly string? postgresDatabase;

    private TestDatabase(DatabaseFactory factory, string? sqlitePath, string? postgresDatabase)
    {
        Factory = factory;
        this.sqlitePath = sqlitePath;
        this.postgresDatabase = postgresDatabase;
    }

    /// <summary>Use with [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))].</summary>
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    public DatabaseFactory Factory { get; }

    public DatabaseTarget Target => Factory.Target;

    public static string PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) ?? DefaultPostgres;

    public static Task<TestDatabase> CreateAsync(string provider) => CreateAsync(provider, migrate: true);

    /// <summary>With <paramref name="migrate"/> false the database exists but is empty (tests of startup itself).</summary>
    public static async Task<TestDatabase> CreateAsync(string provider, bool migrate)
    {
        TestDatabase database;
        if (provider == "sqlite")
        {
            var path = Path.Combine(Path.GetTempPath(), "encaisse-tests", Guid.NewGuid().ToString("N") + ".db");
            database = new TestDatabase(new DatabaseFactory(DatabaseTarget.Sqlite(path)), path, null);
        }
        else if (provider == "postgres")
        {
            var name = "encaisse_test_" + Guid.NewGuid().ToString("N")[..16];
            await using (var admin = new NpgsqlConnection(PostgresServer))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = true };
            database = new TestDatabase(new DatabaseFactory(DatabaseTarget.Postgres(builder.ConnectionString)), null, name);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres");
        }

        if (migrate)
        {
            await database.Factory.MigrateAsync();
        }

        return database;
    }

    /// <summary>Adds a tenant with realistic identity data and returns it.</summary>
    public async Task<Tenant> AddTenantAsync(string code = "acme")
    {
        await using var db = Factory.Create();
        var tenant = await TenantStore.CreateAsync(db, code, "ACME Industrie SAS", TimeProvider.System, default);
        return tenant;
    }

    public EncaisseDb For(Tenant tenant) => Factory.Create(tenant.Id);

    public async ValueTask DisposeAsync()
    {
        if (sqlitePath is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".schema-lock", ".demo-lock" })
            {
                try
                {
                    File.Delete(sqlitePath + suffix);
                }
                catch (IOException)
                {
                    // A file still open by a background reader; the temp folder is cleaned by the OS.
                }
            }
        }

        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresServer);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
