using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// The derived, rebuildable snapshot behind a customer's balances (ADR 1100): <c>customer_open_totals</c> holds, per
/// customer, currency, kind (invoice, credit note, payment) and due date (received date for payments), the sum of
/// what is open today — <c>gross − settled_minor</c> of uncancelled documents, <c>amount − allocated_minor</c> of
/// identified payments. Database triggers on <c>invoices</c> and <c>payments</c> keep it (which the allocation
/// triggers keep in turn, <see cref="SettledTotals"/>), so no writer can forget it; nobody edits it.
/// <see cref="PageBalances"/> reads customers' balances on any date from it in one grouped query, exactly:
/// the snapshot minus what was issued after the date, plus what was cancelled or allocated after it, and the
/// instalment invoices (whose overdue part depends on each instalment) recomputed from the pure rule.
/// <see cref="RebuildAsync"/> recomputes it from the documents.
/// </summary>
public static class PositionTotals
{
    public const string Table = "customer_open_totals";
    /// <summary>v2: a total that comes back to zero is deleted (v1 kept a zero row for every document ever settled).</summary>
    private const string TriggerName = "position_totals_v2";
    private const string OldTriggerName = "position_totals_v1";

    /// <summary>One trigger of the current set, by which a database is recognised as current (<c>SchemaCheck</c>).</summary>
    public const string Marker = TriggerName + "_invoice_insert";

    /// <summary>Creates the table and its triggers when missing, then rebuilds it once.</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        if (await DatabaseTriggers.ExistsAsync(db, $"{TriggerName}_invoice_insert", ct))
        {
            return;
        }

        foreach (var statement in (sqlite ? DropSqlite(OldTriggerName) : DropPostgres(OldTriggerName)).Concat(sqlite ? SqliteStatements : PostgresStatements))
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }

        await RebuildAsync(db, ct);
    }

    /// <summary>Recomputes the snapshot of every tenant from the documents and payments (after a bulk load, or to check it).</summary>
    public static async Task RebuildAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // TRUNCATE on PostgreSQL gives the space back at once (a DELETE of millions of rows leaves the table that large
        // for every later scan until a VACUUM FULL).
        await db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.Postgres ? $"TRUNCATE {Table}" : $"DELETE FROM {Table}", ct);
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO {Table} (tenant_id, customer_id, currency, kind, due_date, open_minor)
            SELECT tenant_id, customer_id, currency, kind, due_date, SUM(gross_minor - {SettledTotals.Column})
            FROM invoices WHERE cancelled_on IS NULL AND gross_minor > {SettledTotals.Column}
            GROUP BY tenant_id, customer_id, currency, kind, due_date
            """, ct);
        await db.Database.ExecuteSqlRawAsync($"""
            INSERT INTO {Table} (tenant_id, customer_id, currency, kind, due_date, open_minor)
            SELECT tenant_id, customer_id, currency, 'Payment', received_on, SUM(amount_minor - {SettledTotals.PaymentColumn})
            FROM payments WHERE customer_id IS NOT NULL AND amount_minor > {SettledTotals.PaymentColumn}
            GROUP BY tenant_id, customer_id, currency, received_on
            """, ct);
    }

    /// <summary>
    /// One customer's balances per currency on <paramref name="asOf"/>, the same as <see cref="CustomerPosition"/> computes:
    /// the page read (<see cref="PageBalances.OfAsync"/>) for one customer, so that a customer alone and a page of
    /// customers are read by one query.
    /// </summary>
    public static async Task<IReadOnlyList<CurrencyBalance>> BalancesAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct) =>
        (await PageBalances.OfAsync(db, [customerId], asOf, ct)).GetValueOrDefault(customerId) ?? [];

    private const string Contribution = $"CASE WHEN {{0}}.cancelled_on IS NULL AND {{0}}.gross_minor > {{0}}.{SettledTotals.Column} THEN {{0}}.gross_minor - {{0}}.{SettledTotals.Column} ELSE 0 END";
    private const string PaymentContribution = $"CASE WHEN {{0}}.customer_id IS NOT NULL AND {{0}}.amount_minor > {{0}}.{SettledTotals.PaymentColumn} THEN {{0}}.amount_minor - {{0}}.{SettledTotals.PaymentColumn} ELSE 0 END";

    private static string Of(string template, string row) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, row);

    private const string CreateTable = $"""
        CREATE TABLE IF NOT EXISTS {Table} (
            tenant_id ID_TYPE NOT NULL, customer_id ID_TYPE NOT NULL, currency VARCHAR(3) NOT NULL, kind VARCHAR(12) NOT NULL, due_date DATE_TYPE NOT NULL,
            open_minor BIGINT NOT NULL, PRIMARY KEY (tenant_id, customer_id, currency, kind, due_date))
        """;

    private static readonly string[] SqliteStatements =
    [
        CreateTable.Replace("ID_TYPE", "TEXT", StringComparison.Ordinal).Replace("DATE_TYPE", "TEXT", StringComparison.Ordinal),
        SqliteUpsert("invoice_insert", "AFTER INSERT ON invoices", [("NEW", "+", Of(Contribution, "NEW"), "NEW.kind", "NEW.due_date")]),
        SqliteUpsert("invoice_delete", "AFTER DELETE ON invoices", [("OLD", "-", Of(Contribution, "OLD"), "OLD.kind", "OLD.due_date")]),
        SqliteUpsert("invoice_update", $"AFTER UPDATE OF gross_minor, {SettledTotals.Column}, cancelled_on, customer_id, currency, kind, due_date ON invoices",
            [("OLD", "-", Of(Contribution, "OLD"), "OLD.kind", "OLD.due_date"), ("NEW", "+", Of(Contribution, "NEW"), "NEW.kind", "NEW.due_date")]),
        SqliteUpsert("payment_insert", "AFTER INSERT ON payments", [("NEW", "+", Of(PaymentContribution, "NEW"), "'Payment'", "NEW.received_on")]),
        SqliteUpsert("payment_delete", "AFTER DELETE ON payments", [("OLD", "-", Of(PaymentContribution, "OLD"), "'Payment'", "OLD.received_on")]),
        SqliteUpsert("payment_update", $"AFTER UPDATE OF amount_minor, {SettledTotals.PaymentColumn}, customer_id, currency, received_on ON payments",
            [("OLD", "-", Of(PaymentContribution, "OLD"), "'Payment'", "OLD.received_on"), ("NEW", "+", Of(PaymentContribution, "NEW"), "'Payment'", "NEW.received_on")]),
    ];

    /// <summary>A SQLite row trigger adding (or taking away) each row's contribution to its total.</summary>
    private static string SqliteUpsert(string name, string when, (string Row, string Sign, string Amount, string Kind, string Date)[] parts)
    {
        var body = string.Concat(parts.Select(x => $"""
                INSERT INTO {Table} (tenant_id, customer_id, currency, kind, due_date, open_minor)
                SELECT {x.Row}.tenant_id, {x.Row}.customer_id, {x.Row}.currency, {x.Kind}, {x.Date}, {x.Sign}({x.Amount})
                WHERE {x.Row}.customer_id IS NOT NULL AND ({x.Amount}) <> 0
                ON CONFLICT (tenant_id, customer_id, currency, kind, due_date) DO UPDATE SET open_minor = open_minor + excluded.open_minor;
                DELETE FROM {Table} WHERE tenant_id = {x.Row}.tenant_id AND customer_id = {x.Row}.customer_id AND currency = {x.Row}.currency
                    AND kind = {x.Kind} AND due_date = {x.Date} AND open_minor = 0;

            """));
        return $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_{name} {when} BEGIN\n{body}END";
    }

    private static IEnumerable<string> DropSqlite(string name) =>
        new[] { "invoice_insert", "invoice_delete", "invoice_update", "payment_insert", "payment_delete", "payment_update" }
            .Select(t => $"DROP TRIGGER IF EXISTS {name}_{t}");

    private static IEnumerable<string> DropPostgres(string name) =>
        from table in new[] { ("invoice", "invoices"), ("payment", "payments") }
        from operation in new[] { "insert", "update", "delete" }
        from statement in new[]
        {
            $"DROP TRIGGER IF EXISTS {name}_{table.Item1}_{operation} ON {table.Item2}",
            $"DROP FUNCTION IF EXISTS {name}_{table.Item1}_{operation}()",
        }
        select statement;

    private static readonly string[] PostgresStatements =
    [
        CreateTable.Replace("ID_TYPE", "uuid", StringComparison.Ordinal).Replace("DATE_TYPE", "date", StringComparison.Ordinal),
        .. PostgresTrigger("invoice", "invoices", "kind", "due_date", Contribution),
        .. PostgresTrigger("payment", "payments", "'Payment'", "received_on", PaymentContribution),
    ];

    /// <summary>
    /// Statement-level triggers on <paramref name="table"/>: one aggregated upsert per statement, whatever the number of
    /// rows (bulk imports), in a fixed key order so that concurrent writers take the total rows' locks in the same order.
    /// </summary>
    private static IEnumerable<string> PostgresTrigger(string name, string table, string kind, string date, string contribution)
    {
        var added = $"SELECT tenant_id, customer_id, currency, {kind} AS kind, {date} AS due_date, {Of(contribution, "n")} AS amount FROM new_rows n";
        var removed = $"SELECT tenant_id, customer_id, currency, {kind} AS kind, {date} AS due_date, -({Of(contribution, "o")}) AS amount FROM old_rows o";
        foreach (var (operation, rows, transition) in new[]
                 {
                     ("insert", added, "NEW TABLE AS new_rows"),
                     ("update", added + " UNION ALL " + removed, "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                     ("delete", removed, "OLD TABLE AS old_rows"),
                 })
        {
            yield return $"""
                CREATE OR REPLACE FUNCTION {TriggerName}_{name}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO {Table} (tenant_id, customer_id, currency, kind, due_date, open_minor)
                    SELECT tenant_id, customer_id, currency, kind, due_date, SUM(amount)
                    FROM ({rows}) c
                    WHERE customer_id IS NOT NULL
                    GROUP BY tenant_id, customer_id, currency, kind, due_date
                    HAVING SUM(amount) <> 0
                    ORDER BY tenant_id, customer_id, currency, kind, due_date
                    ON CONFLICT (tenant_id, customer_id, currency, kind, due_date) DO UPDATE SET open_minor = {Table}.open_minor + EXCLUDED.open_minor;
                    DELETE FROM {Table} t USING (SELECT DISTINCT tenant_id, customer_id, currency, kind, due_date FROM ({rows}) c) k
                    WHERE t.tenant_id = k.tenant_id AND t.customer_id = k.customer_id AND t.currency = k.currency AND t.kind = k.kind
                      AND t.due_date = k.due_date AND t.open_minor = 0;
                    RETURN NULL;
                END $$
                """;
            yield return $"""
                CREATE OR REPLACE TRIGGER {TriggerName}_{name}_{operation} AFTER {operation.ToUpperInvariant()} ON {table}
                REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {TriggerName}_{name}_{operation}()
                """;
        }
    }
}
