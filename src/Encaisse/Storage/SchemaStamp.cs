using System.Data.Common;

namespace Encaisse.Storage;

/// <summary>
/// One row, <c>schema_stamp</c>, written at the end of <see cref="DatabaseFactory.MigrateAsync"/>: the build whose
/// migrations, triggers and shipped rates the database now holds. Every start reads it with one query; when it names
/// this build, nothing else is checked (CLI start-up, issue 11, ADR 1160). The build is its assembly's module version id:
/// the compiler derives it from the code (deterministic builds), so any change to a migration, a trigger or the rates
/// changes it, and the first start of a new build goes the longer way (<see cref="SchemaCheck"/>, then the migration
/// when it is needed) before writing its own stamp. Like <c>customer_open_totals</c>, the table is outside the EF model.
/// </summary>
internal static class SchemaStamp
{
    public const string Table = "schema_stamp";

    /// <summary>This build's stamp.</summary>
    public static string Current { get; } = typeof(SchemaStamp).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Whether the database says it was brought up to date by this build (false when there is no stamp).</summary>
    public static async Task<bool> MatchesAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT stamp FROM {Table} WHERE id = 1";
            return await command.ExecuteScalarAsync(ct) is string stamp && stamp == Current;
        }
        catch (DbException)
        {
            return false; // no table yet: a database older than the stamp, or a new one
        }
    }

    /// <summary>Records that the database is what this build makes of it.</summary>
    public static async Task WriteAsync(DbConnection connection, CancellationToken ct)
    {
        foreach (var sql in new[]
                 {
                     $"CREATE TABLE IF NOT EXISTS {Table} (id INTEGER NOT NULL PRIMARY KEY, stamp VARCHAR(64) NOT NULL)",
                     $"INSERT INTO {Table} (id, stamp) VALUES (1, @stamp) ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp",
                 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var p = command.CreateParameter();
            p.ParameterName = "@stamp";
            p.Value = Current;
            command.Parameters.Add(p);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
