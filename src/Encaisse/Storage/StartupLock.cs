using Microsoft.Data.Sqlite;
using Npgsql;

namespace Encaisse.Storage;

/// <summary>
/// One process at a time for the work every node does at start on a shared database (migrations, triggers, shared
/// reference data, the demo portfolio): two servers started together must both come up, not fail on a unique key.
/// PostgreSQL: a session-level advisory lock (<c>pg_advisory_lock</c>) on a connection of its own, released when the
/// section ends or the process dies. SQLite (one file, one machine): an exclusive OS lock on <c>FILE.startup-lock</c>
/// next to the database (released by the kernel if the process dies), the file's single writer doing the rest.
/// </summary>
public static class StartupLock
{
    /// <summary>Migrations, triggers and shared seed data (<see cref="DatabaseFactory.MigrateAsync"/>).</summary>
    public const string Schema = "schema";

    /// <summary>The demo tenant and its sign-ins (<c>serve --demo</c>, <c>demo generate</c>).</summary>
    public const string Demo = "demo";

    /// <summary>Waits until no other process holds <paramref name="name"/> on this database, then holds it until disposed.</summary>
    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseTarget target, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Provider == DatabaseProvider.Postgres
            ? await PostgresLock.AcquireAsync(target.ConnectionString, name, ct)
            : await FileLock.AcquireAsync(target.ConnectionString, name, ct);
    }

    /// <summary>A stable 64-bit key per name ("encaisse:" + name), the same in every process and version.</summary>
    internal static long Key(string name)
    {
        // FNV-1a: string.GetHashCode is randomised per process.
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes("encaisse:" + name))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return unchecked((long)hash);
    }

    private sealed class PostgresLock(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public static async Task<PostgresLock> AcquireAsync(string connectionString, string name, CancellationToken ct)
        {
            // Not pooled: closing the connection ends the session, so a lock can never stay behind in a pool.
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, CommandTimeout = 0 };
            var connection = new NpgsqlConnection(builder.ConnectionString);
            try
            {
                await connection.OpenAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // The database does not exist yet (first start): create it, racing nodes tolerated, then lock in it.
                await connection.DisposeAsync();
                await CreateDatabaseAsync(builder, ct);
                connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
            }

            var key = Key(name);
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync(ct);
            }

            return new PostgresLock(connection, key);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The session is gone: so is its lock.
            }

            await connection.DisposeAsync();
        }

        private static async Task CreateDatabaseAsync(NpgsqlConnectionStringBuilder target, CancellationToken ct)
        {
            var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres" };
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
            {
                // Another node created it first.
            }
        }
    }

    private sealed class FileLock(FileStream? file) : IAsyncDisposable
    {
        public static async Task<FileLock> AcquireAsync(string connectionString, string name, CancellationToken ct)
        {
            var source = new SqliteConnectionStringBuilder(connectionString);
            if (string.IsNullOrEmpty(source.DataSource) || source.DataSource == ":memory:" || source.Mode == SqliteOpenMode.Memory)
            {
                return new FileLock(null); // A private in-memory database: no other process can see it.
            }

            var path = Path.GetFullPath(source.DataSource) + "." + name + "-lock";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    // FileShare.None takes an exclusive flock(2) on Unix (a share lock on Windows): other processes, and
                    // other opens in this process, wait here; the kernel drops it when the holder exits, even on kill -9.
                    return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
                }
                catch (IOException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }
}
