using System.Data.Common;
using System.Globalization;
using Encaisse.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Encaisse.Formats.Storage;

internal enum StageType
{
    Text,
    Int,
    Long,
    Date,
    Uuid,
}

/// <summary>A temporary table that receives a file's rows before one set-based statement per entity applies them.</summary>
internal sealed record StageTable(string Name, params (string Name, StageType Type)[] Columns);

/// <summary>Receives the rows of one staging table: values in column order, row by row.</summary>
internal interface IStageSink : IAsyncDisposable
{
    void StartRow();
    void Text(string? value);
    void Int(int value);
    void Long(long? value);
    void Date(DateOnly value);
    void Uuid(Guid value);
    Task CompleteAsync(CancellationToken ct);
}

/// <summary>
/// One connection and one transaction for a whole import: staging tables, bulk loading (PostgreSQL binary COPY,
/// SQLite prepared statements) and the set-based statements. Nothing is visible to others before the commit;
/// disposing without commit rolls everything back.
/// </summary>
internal sealed class Staging : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DbTransaction transaction;
    private bool committed;

    private Staging(DatabaseProvider provider, DbConnection connection, DbTransaction transaction, Guid tenantId, DateTimeOffset now)
    {
        Provider = provider;
        this.connection = connection;
        this.transaction = transaction;
        TenantId = tenantId;
        Now = now;
    }

    public DatabaseProvider Provider { get; }
    public Guid TenantId { get; }
    public DateTimeOffset Now { get; }

    public static async Task<Staging> BeginAsync(DatabaseFactory database, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        var connection = database.OpenRawConnection();
        try
        {
            if (database.Target.Provider == DatabaseProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA temp_store=FILE; PRAGMA cache_size=-65536;";
                await pragma.ExecuteNonQueryAsync(ct);
            }

            var transaction = await connection.BeginTransactionAsync(ct);
            return new Staging(database.Target.Provider, connection, transaction, tenantId, now.ToUniversalTime());
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task CreateAsync(StageTable table, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Name + " " + SqlType(c.Type)));
        if (Provider == DatabaseProvider.Postgres)
        {
            await ExecuteAsync($"CREATE TEMP TABLE {table.Name} ({columns}) ON COMMIT DROP", ct);
            return;
        }

        // SQLite keeps temp tables for the life of the (pooled) connection.
        await ExecuteAsync($"DROP TABLE IF EXISTS temp.{table.Name}", ct);
        await ExecuteAsync($"CREATE TEMP TABLE {table.Name} ({columns})", ct);
    }

    /// <summary>Indexes the staging table on <paramref name="column"/> and refreshes planner statistics.</summary>
    public async Task IndexAsync(StageTable table, string column, CancellationToken ct)
    {
        await ExecuteAsync($"CREATE INDEX ix_{table.Name}_{column} ON {table.Name} ({column})", ct);
        await ExecuteAsync($"ANALYZE {table.Name}", ct);
    }

    public async Task<IStageSink> OpenAsync(StageTable table, CancellationToken ct)
    {
        var names = string.Join(", ", table.Columns.Select(c => c.Name));
        if (Provider == DatabaseProvider.Postgres)
        {
            var importer = await ((NpgsqlConnection)connection).BeginBinaryImportAsync($"COPY {table.Name} ({names}) FROM STDIN (FORMAT BINARY)", ct);
            return new CopySink(importer, table.Name);
        }

        var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = $"INSERT INTO {table.Name} ({names}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
        for (var i = 0; i < table.Columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        return new SqliteSink(command, table.Name);
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var rows = await command.ExecuteNonQueryAsync(ct);
        Trace?.Invoke($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s, {rows} rows: {sql.Split('\n')[0].Trim()}");
        return rows;
    }

    /// <summary>Receives the duration of every statement (benchmarks and diagnostics); never row contents.</summary>
    public static Action<string>? Trace { get; set; }

    /// <summary>
    /// Refreshes PostgreSQL's statistics of a ledger table after a bulk change: autovacuum has not seen the new
    /// rows yet, and a planner that believes the table is empty picks nested loops that turn quadratic.
    /// </summary>
    public async Task AnalyzeAfterBulkAsync(string table, int changedRows, CancellationToken ct)
    {
        if (Provider == DatabaseProvider.Postgres && changedRows >= 1000)
        {
            await ExecuteAsync($"ANALYZE {table}", ct);
        }
    }

    /// <summary>Streams the rows of <paramref name="sql"/> to <paramref name="row"/> until it returns false.</summary>
    public async Task ReadAsync(string sql, Func<DbDataReader, bool> row, CancellationToken ct)
    {
        await using var command = Command(sql);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var rows = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows++;
                if (!row(reader))
                {
                    break;
                }
            }
        }

        Trace?.Invoke($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s, {rows} rows read: {sql.Split('\n')[0].Trim()}");
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Rows of (line, value) for error reports.</summary>
    public async Task<List<(int Line, string? Value)>> LinesAsync(string sql, CancellationToken ct)
    {
        await using var command = Command(sql);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(ct);
        Trace?.Invoke($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s: {sql.Split('\n')[0].Trim()}");
        var result = new List<(int, string?)>();
        while (await reader.ReadAsync(ct))
        {
            result.Add((Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return result;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction.CommitAsync(ct);
        committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            await transaction.RollbackAsync();
        }

        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private DbCommand Command(string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandTimeout = 3600;
        command.CommandText = sql;
        AddParameter(command, "t", Provider == DatabaseProvider.Postgres ? TenantId : SqliteGuid(TenantId));
        AddParameter(command, "now", Provider == DatabaseProvider.Postgres ? Now : Now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture));
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>EF Core stores Guids in SQLite as upper-case text.</summary>
    internal static string SqliteGuid(Guid id) => id.ToString().ToUpperInvariant();

    private string SqlType(StageType type) => (Provider, type) switch
    {
        (DatabaseProvider.Postgres, StageType.Text) => "text",
        (DatabaseProvider.Postgres, StageType.Int) => "integer",
        (DatabaseProvider.Postgres, StageType.Long) => "bigint",
        (DatabaseProvider.Postgres, StageType.Date) => "date",
        (DatabaseProvider.Postgres, StageType.Uuid) => "uuid",
        (_, StageType.Int or StageType.Long) => "INTEGER",
        _ => "TEXT",
    };

    private sealed class CopySink(NpgsqlBinaryImporter importer, string table) : IStageSink
    {
        private readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();
        private int rows;

        public void StartRow()
        {
            rows++;
            importer.StartRow();
        }

        public void Text(string? value)
        {
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value, NpgsqlDbType.Text);
            }
        }

        public void Int(int value) => importer.Write(value, NpgsqlDbType.Integer);

        public void Long(long? value)
        {
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value.Value, NpgsqlDbType.Bigint);
            }
        }

        public void Date(DateOnly value) => importer.Write(value, NpgsqlDbType.Date);

        public void Uuid(Guid value) => importer.Write(value, NpgsqlDbType.Uuid);

        public async Task CompleteAsync(CancellationToken ct)
        {
            await importer.CompleteAsync(ct);
            Trace?.Invoke($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s, {rows} rows: read and COPY into {table}");
        }

        public ValueTask DisposeAsync() => importer.DisposeAsync();
    }

    private sealed class SqliteSink(SqliteCommand command, string table) : IStageSink
    {
        private readonly long started = System.Diagnostics.Stopwatch.GetTimestamp();
        private int column = -1;
        private int rows;

        public void StartRow()
        {
            rows++;
            Flush();
            column = 0;
        }

        public void Text(string? value) => Set(value);

        public void Int(int value) => Set(value);

        public void Long(long? value) => Set(value);

        public void Date(DateOnly value) => Set(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        public void Uuid(Guid value) => Set(SqliteGuid(value));

        public Task CompleteAsync(CancellationToken ct)
        {
            Flush();
            Trace?.Invoke($"{System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s, {rows} rows: read and insert into {table}");
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            command.Dispose();
            return ValueTask.CompletedTask;
        }

        private void Set(object? value) => command.Parameters[column++].Value = value ?? DBNull.Value;

        private void Flush()
        {
            if (column > 0)
            {
                command.ExecuteNonQuery();
            }

            column = -1;
        }
    }
}
