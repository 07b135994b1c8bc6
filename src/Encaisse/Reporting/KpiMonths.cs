using System.Text.Json;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>What a refresh of the stored KPI months did.</summary>
public sealed record KpiMonthsRefresh(int Months, int Computed, int Fresh, int Raced);

/// <summary>
/// The KPI trend kept per month (ADR 1510): <c>kpi_month</c> holds, per tenant and closed month end, the
/// <see cref="KpiFigures"/> of every currency as the SQL computes them (<see cref="KpiQuery.FiguresAsync"/>; the
/// formulas stay in Core, <see cref="KpiSet.From"/>, applied when read). The daily run computes the closed months once
/// (<see cref="RefreshAsync"/>); the current month is always computed live. A row is fresh while its
/// <c>computed_version</c> equals its <c>version</c>; database triggers on <c>invoices</c>, <c>allocations</c> and
/// <c>promise_to_pay</c> bump the version of every stored month end on or after the date a write touches (issue date,
/// allocation date, cancellation date, promise resolution), so a backdated write — whoever makes it, EF, raw SQL or
/// a bulk import — makes those months stale and the next run recomputes them. A refresh records its figures only if
/// the version it read is still the row's (a write committed meanwhile leaves the row stale). Derived and rebuildable
/// (<c>encaisse report trend --rebuild</c>); created at start like the position snapshot, not by a migration.
/// </summary>
public static class KpiMonths
{
    public const string Table = "kpi_month";
    private const string TriggerName = "kpi_months_v1";

    /// <summary>How many month ends the daily run keeps (the dashboard's 12-month trend: 11 closed months + today).</summary>
    public const int DefaultMonths = 12;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Creates the table and its triggers when missing (an older trigger set is replaced by name).</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        if (await DatabaseTriggers.ExistsAsync(db, $"{TriggerName}_invoice_insert", ct))
        {
            return;
        }

        foreach (var statement in sqlite ? SqliteStatements : PostgresStatements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
    }

    /// <summary>
    /// Computes the closed month ends of the trend that are missing, stale or stored with other options: the
    /// <paramref name="months"/> dates of <see cref="KpiCalculator.TrendDates"/> before <paramref name="today"/>.
    /// With <paramref name="rebuild"/>, every stored month of the tenant is dropped first and computed again.
    /// </summary>
    public static async Task<KpiMonthsRefresh> RefreshAsync(EncaisseDb db, DateOnly today, CancellationToken ct, int months = DefaultMonths,
        KpiOptions? options = null, bool rebuild = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        options ??= KpiOptions.Default;
        var sql = new ReportingSql(db);
        var tenant = new Dictionary<string, object?> { ["@tenant"] = db.TenantId };
        if (rebuild)
        {
            await using var delete = await sql.CommandAsync($"DELETE FROM {Table} WHERE tenant_id = @tenant", tenant, ct);
            await delete.ExecuteNonQueryAsync(ct);
        }

        var closed = KpiCalculator.TrendDates(today, months).Where(d => d < today).ToList();
        int computed = 0, fresh = 0, raced = 0;
        foreach (var monthEnd in closed)
        {
            var p = new Dictionary<string, object?> { ["@tenant"] = db.TenantId, ["@monthEnd"] = monthEnd };
            // The row exists before its figures are read, so that a write committed during the computation bumps it.
            await using (var insert = await sql.CommandAsync($"""
                INSERT INTO {Table} (tenant_id, month_end, version, computed_version, window_months, countback_months, figures)
                VALUES (@tenant, @monthEnd, 1, 0, 0, 0, '[]') ON CONFLICT (tenant_id, month_end) DO NOTHING
                """, p, ct))
            {
                await insert.ExecuteNonQueryAsync(ct);
            }

            var row = (await sql.QueryAsync($"""
                SELECT version, computed_version, window_months, countback_months FROM {Table}
                WHERE tenant_id = @tenant AND month_end = @monthEnd
                """, p, r => (Version: ReportingSql.Long(r, 0), Computed: ReportingSql.Long(r, 1), Window: ReportingSql.Long(r, 2), Countback: ReportingSql.Long(r, 3)), ct)).Single();
            if (row.Version == row.Computed && row.Window == options.WindowMonths && row.Countback == options.CountbackMonths)
            {
                fresh++;
                continue;
            }

            var figures = await KpiQuery.FiguresAsync(db, monthEnd, options, ct);
            p["@version"] = row.Version;
            p["@window"] = options.WindowMonths;
            p["@countback"] = options.CountbackMonths;
            p["@figures"] = JsonSerializer.Serialize(figures, Json);
            await using var update = await sql.CommandAsync($"""
                UPDATE {Table} SET computed_version = @version, window_months = @window, countback_months = @countback, figures = @figures
                WHERE tenant_id = @tenant AND month_end = @monthEnd AND version = @version
                """, p, ct);
            if (await update.ExecuteNonQueryAsync(ct) == 1)
            {
                computed++;
            }
            else
            {
                raced++;
            }
        }

        return new KpiMonthsRefresh(closed.Count, computed, fresh, raced);
    }

    /// <summary>The fresh stored figures of the given month ends computed with <paramref name="options"/>, by month end.</summary>
    public static async Task<IReadOnlyDictionary<DateOnly, IReadOnlyList<KpiFigures>>> ReadAsync(
        EncaisseDb db, IReadOnlyCollection<DateOnly> monthEnds, KpiOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(monthEnds);
        ArgumentNullException.ThrowIfNull(options);
        var found = new Dictionary<DateOnly, IReadOnlyList<KpiFigures>>();
        if (monthEnds.Count == 0)
        {
            return found;
        }

        var sql = new ReportingSql(db);
        var p = new Dictionary<string, object?>
        {
            ["@tenant"] = db.TenantId, ["@from"] = monthEnds.Min(), ["@to"] = monthEnds.Max(),
            ["@window"] = options.WindowMonths, ["@countback"] = options.CountbackMonths,
        };
        var rows = await sql.QueryAsync($"""
            SELECT month_end, figures FROM {Table}
            WHERE tenant_id = @tenant AND month_end >= @from AND month_end <= @to AND version = computed_version
              AND window_months = @window AND countback_months = @countback
            """, p, r => (MonthEnd: ReportingSql.Date(r, 0), Figures: r.GetString(1)), ct);
        foreach (var row in rows.Where(r => monthEnds.Contains(r.MonthEnd)))
        {
            found[row.MonthEnd] = JsonSerializer.Deserialize<List<KpiFigures>>(row.Figures, Json) ?? [];
        }

        return found;
    }

    /// <summary>The stored months of the tenant and whether each is fresh (for the CLI and the tests).</summary>
    public static async Task<IReadOnlyList<(DateOnly MonthEnd, bool Fresh)>> ListAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sql = new ReportingSql(db);
        return await sql.QueryAsync($"SELECT month_end, version, computed_version FROM {Table} WHERE tenant_id = @tenant ORDER BY month_end",
            new Dictionary<string, object?> { ["@tenant"] = db.TenantId },
            r => (ReportingSql.Date(r, 0), ReportingSql.Long(r, 1) == ReportingSql.Long(r, 2)), ct);
    }

    private const string CreateTable = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            tenant_id ID_TYPE NOT NULL, month_end DATE_TYPE NOT NULL, version BIGINT NOT NULL, computed_version BIGINT NOT NULL,
            window_months INTEGER NOT NULL, countback_months INTEGER NOT NULL, figures TEXT NOT NULL,
            PRIMARY KEY (tenant_id, month_end))
        """;

    /// <summary>Bumps the version of the tenant's stored month ends on or after a date (no row: nothing to do).</summary>
    private static string Bump(string tenant, string date) =>
        $"UPDATE {Table} SET version = version + 1 WHERE tenant_id = {tenant} AND month_end >= {date};";

    // The date an invoice update touches: its issue date (old or new) when what it counts changes, else the
    // cancellation date (old or new); a change of the settled total alone (a payment today) touches nothing closed.
    private const string InvoiceChanged =
        "OLD.issue_date IS NOT NEW.issue_date OR OLD.due_date IS NOT NEW.due_date OR OLD.gross_minor IS NOT NEW.gross_minor OR OLD.kind IS NOT NEW.kind OR OLD.currency IS NOT NEW.currency";

    private static readonly string[] SqliteStatements =
    [
        CreateTable.Replace("ID_TYPE", "TEXT", StringComparison.Ordinal).Replace("DATE_TYPE", "TEXT", StringComparison.Ordinal),
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_invoice_insert AFTER INSERT ON invoices BEGIN {Bump("NEW.tenant_id", "NEW.issue_date")} END",
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_invoice_delete AFTER DELETE ON invoices BEGIN {Bump("OLD.tenant_id", "OLD.issue_date")} END",
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_invoice_update AFTER UPDATE OF issue_date, due_date, gross_minor, kind, currency, cancelled_on ON invoices BEGIN
            {Bump("NEW.tenant_id", $"(CASE WHEN {InvoiceChanged} THEN MIN(OLD.issue_date, NEW.issue_date) ELSE MIN(COALESCE(OLD.cancelled_on, '9999-12-31'), COALESCE(NEW.cancelled_on, '9999-12-31')) END)")}
        END
        """,
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_allocation_insert AFTER INSERT ON allocations BEGIN {Bump("NEW.tenant_id", "NEW.allocated_on")} END",
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_allocation_delete AFTER DELETE ON allocations BEGIN {Bump("OLD.tenant_id", "OLD.allocated_on")} END",
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_allocation_update AFTER UPDATE OF amount_minor, allocated_on, invoice_id, credit_note_id, payment_id ON allocations BEGIN
            {Bump("NEW.tenant_id", "MIN(OLD.allocated_on, NEW.allocated_on)")}
        END
        """,
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_promise_insert AFTER INSERT ON promise_to_pay WHEN NEW.resolved_on IS NOT NULL BEGIN {Bump("NEW.tenant_id", "NEW.resolved_on")} END",
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_promise_delete AFTER DELETE ON promise_to_pay WHEN OLD.resolved_on IS NOT NULL BEGIN {Bump("OLD.tenant_id", "OLD.resolved_on")} END",
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_promise_update AFTER UPDATE OF status, resolved_on, currency ON promise_to_pay BEGIN
            {Bump("NEW.tenant_id", "MIN(COALESCE(OLD.resolved_on, '9999-12-31'), COALESCE(NEW.resolved_on, '9999-12-31'))")}
        END
        """,
    ];

    private static readonly string[] PostgresStatements =
    [
        CreateTable.Replace("ID_TYPE", "uuid", StringComparison.Ordinal).Replace("DATE_TYPE", "date", StringComparison.Ordinal),
        // Inserts and deletes: one statement-level update per statement (bulk imports), from the earliest date per tenant.
        .. PostgresStatementTrigger("invoice", "invoices", "issue_date"),
        .. PostgresStatementTrigger("allocation", "allocations", "allocated_on"),
        .. PostgresStatementTrigger("promise", "promise_to_pay", "resolved_on"),
        // Updates: row triggers filtered by WHEN (the settled total, updated on every allocation, is not watched).
        .. PostgresRowTrigger("invoice", "invoices",
            "OLD.issue_date IS DISTINCT FROM NEW.issue_date OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.gross_minor IS DISTINCT FROM NEW.gross_minor " +
            "OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.currency IS DISTINCT FROM NEW.currency OR OLD.cancelled_on IS DISTINCT FROM NEW.cancelled_on",
            "CASE WHEN OLD.issue_date IS DISTINCT FROM NEW.issue_date OR OLD.due_date IS DISTINCT FROM NEW.due_date OR OLD.gross_minor IS DISTINCT FROM NEW.gross_minor " +
            "OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.currency IS DISTINCT FROM NEW.currency THEN LEAST(OLD.issue_date, NEW.issue_date) " +
            "ELSE LEAST(OLD.cancelled_on, NEW.cancelled_on) END"),
        .. PostgresRowTrigger("allocation", "allocations",
            "OLD.amount_minor IS DISTINCT FROM NEW.amount_minor OR OLD.allocated_on IS DISTINCT FROM NEW.allocated_on OR OLD.invoice_id IS DISTINCT FROM NEW.invoice_id " +
            "OR OLD.credit_note_id IS DISTINCT FROM NEW.credit_note_id OR OLD.payment_id IS DISTINCT FROM NEW.payment_id",
            "LEAST(OLD.allocated_on, NEW.allocated_on)"),
        .. PostgresRowTrigger("promise", "promise_to_pay",
            "OLD.status IS DISTINCT FROM NEW.status OR OLD.resolved_on IS DISTINCT FROM NEW.resolved_on OR OLD.currency IS DISTINCT FROM NEW.currency",
            "LEAST(OLD.resolved_on, NEW.resolved_on)"),
    ];

    private static IEnumerable<string> PostgresStatementTrigger(string name, string table, string date)
    {
        foreach (var (operation, transition) in new[] { ("insert", "NEW TABLE AS changed_rows"), ("delete", "OLD TABLE AS changed_rows") })
        {
            yield return $"""
                CREATE OR REPLACE FUNCTION {TriggerName}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE {Table} k SET version = k.version + 1
                    FROM (SELECT tenant_id, MIN({date}) AS changed_on FROM changed_rows WHERE {date} IS NOT NULL GROUP BY tenant_id) c
                    WHERE k.tenant_id = c.tenant_id AND k.month_end >= c.changed_on;
                    RETURN NULL;
                END $$
                """;
            yield return $"""
                CREATE OR REPLACE TRIGGER {TriggerName}_{name}_{operation} AFTER {operation.ToUpperInvariant()} ON {table}
                REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {TriggerName}_{name}_{operation}()
                """;
        }
    }

    private static IEnumerable<string> PostgresRowTrigger(string name, string table, string when, string date)
    {
        yield return $"""
            CREATE OR REPLACE FUNCTION {TriggerName}_{name}_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE {Table} SET version = version + 1 WHERE tenant_id = NEW.tenant_id AND month_end >= ({date});
                RETURN NULL;
            END $$
            """;
        yield return $"""
            CREATE OR REPLACE TRIGGER {TriggerName}_{name}_update AFTER UPDATE ON {table}
            FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {TriggerName}_{name}_update()
            """;
    }
}
