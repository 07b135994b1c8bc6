using System.Data.Common;
using System.Globalization;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Encaisse.Reporting;

/// <summary>
/// The little that differs between SQLite and PostgreSQL in the reporting SQL: how ids and dates are bound
/// (SQLite stores them as TEXT: upper-case GUIDs, 'yyyy-mm-dd'), and how a difference of dates is written.
/// Everything else is plain SQL shared by both providers.
/// </summary>
internal sealed class ReportingSql(EncaisseDb db)
{
    private readonly bool sqlite = db.Provider == DatabaseProvider.Sqlite;

    public Guid TenantId => db.TenantId;

    /// <summary>Whole days from <paramref name="from"/> to <paramref name="to"/> (both date expressions).</summary>
    public string DaysBetween(string to, string from) =>
        sqlite ? $"CAST(julianday({to}) - julianday({from}) AS INTEGER)" : $"({to} - {from})";

    public async Task<DbCommand> CommandAsync(string sql, IReadOnlyDictionary<string, object?> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }

        // On PostgreSQL these plans run with JIT off and 64 MB of sort memory: the contexts' connections start with them
        // (DatabaseFactory.SessionOptions, ADR 1555), as no statement may change a pooled session.
        var command = connection.CreateCommand();
        // SQLite requires the command to carry the connection's open transaction (the ledger's writes read under it).
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = Bind(value);
            command.Parameters.Add(p);
        }

        return command;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var command = await CommandAsync(sql, parameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static long Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static decimal Decimal(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? 0 : Convert.ToDecimal(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static DateOnly Date(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        string text => DateOnly.ParseExact(text.Length > 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        var other => throw new InvalidOperationException($"Not a date: {other}"),
    };

    private object Bind(object? value) => value switch
    {
        null => DBNull.Value,
        Guid g when sqlite => g.ToString().ToUpperInvariant(),
        DateOnly d when sqlite => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    /// <summary>
    /// Which side of a date the reports read allocations from (ADR 0610): after it (open = gross − settled_minor +
    /// Σ allocations after the date) for recent dates, or up to it (open = gross − Σ allocations up to the date) for
    /// dates in the older half of the tenant's allocation history, whichever reads fewer allocations. Both are exact.
    /// </summary>
    public async Task<bool> ReadUpToAsync(DateOnly date, CancellationToken ct)
    {
        if (span is null)
        {
            var rows = await QueryAsync("SELECT MIN(allocated_on), MAX(allocated_on) FROM allocations WHERE tenant_id = @tenant",
                new Dictionary<string, object?> { ["@tenant"] = db.TenantId },
                r => r.IsDBNull(0) ? ((DateOnly, DateOnly)?)null : (Date(r, 0), Date(r, 1)), ct);
            span = rows[0] ?? (DateOnly.MaxValue, DateOnly.MaxValue);
        }

        var (first, last) = span.Value;
        return first != DateOnly.MaxValue && date.DayNumber < first.DayNumber + ((last.DayNumber - first.DayNumber) / 2);
    }

    private (DateOnly First, DateOnly Last)? span;

    /// <summary>
    /// Open amount of each invoice and credit note on <paramref name="asOf"/> (documents issued by then and not
    /// cancelled, minus the allocations effective by then), from the settled totals (see <see cref="ReadUpToAsync"/>).
    /// Columns: id, customer_id, kind, currency, issue_date, due_date, open_minor.
    /// </summary>
    public static string OpenDocuments(string asOf, bool readUpTo, string? customerFilter = null) => $"""
        SELECT i.id, i.customer_id, i.kind, i.currency, i.issue_date, i.due_date,
               {Open(readUpTo, "settled")} AS open_minor
        FROM invoices i
        {Allocated(asOf, readUpTo)}
        WHERE i.tenant_id = @tenant AND i.issue_date <= {asOf} AND (i.cancelled_on IS NULL OR i.cancelled_on > {asOf})
        {customerFilter}
        """;

    /// <summary>
    /// Left joins of <c>invoices i</c> to the allocations dated after <paramref name="pivot"/> (or up to it when
    /// <paramref name="readUpTo"/>), summed per document: <c>l</c> as the invoice settled, <c>n</c> as the credit note
    /// used (column <c>settled</c> and any extra <paramref name="sums"/> over <c>a.allocated_on</c> and
    /// <c>a.amount_minor</c>; turn a column into an open amount with <see cref="Open"/>). Two plain GROUP BYs rather
    /// than a UNION so that the planner estimates their size from the statistics.
    /// </summary>
    public static string Allocated(string pivot, bool readUpTo, string sums = "")
    {
        var side = readUpTo ? $"a.allocated_on <= {pivot}" : $"a.allocated_on > {pivot}";
        return $"""
            LEFT JOIN (SELECT a.invoice_id AS document_id, CAST(SUM(a.amount_minor) AS BIGINT) AS settled {sums}
                       FROM allocations a WHERE a.tenant_id = @tenant AND {side}
                       GROUP BY a.invoice_id) l ON l.document_id = i.id
            LEFT JOIN (SELECT a.credit_note_id AS document_id, CAST(SUM(a.amount_minor) AS BIGINT) AS settled {sums}
                       FROM allocations a WHERE a.tenant_id = @tenant AND {side} AND a.credit_note_id IS NOT NULL
                       GROUP BY a.credit_note_id) n ON n.document_id = i.id
            """;
    }

    /// <summary>The open amount of <c>i</c> from a column of both joins of <see cref="Allocated"/>.</summary>
    public static string Open(bool readUpTo, string column) => readUpTo
        ? $"i.gross_minor - COALESCE(l.{column}, 0) - COALESCE(n.{column}, 0)"
        : $"i.gross_minor - i.settled_minor + COALESCE(l.{column}, 0) + COALESCE(n.{column}, 0)";

    /// <summary>Restricts to the customers of one collector when <paramref name="collector"/> is set (parameter @collector).</summary>
    public static string CollectorFilter(string? collector, string column = "i.customer_id") => collector is null
        ? ""
        : $"AND {column} IN (SELECT c.id FROM customers c WHERE c.tenant_id = @tenant AND c.collector = @collector)";
}
