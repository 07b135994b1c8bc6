using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// A number per tenant that changes whenever a customer is added, removed, or has its name, reference or SIREN changed,
/// in the same transaction as the change (ADR 1553, 1557): <see cref="CustomerSearch"/> keeps the customers a text names and reuses
/// them while the number has not moved. Database triggers on <c>customers</c> keep it, so no writer (an operation, an
/// import, another process, a statement typed in psql) can forget it; nobody edits it.
/// </summary>
/// <remarks>
/// A tenant's number is the time of its last change in microseconds, or one more than before when the clock says less:
/// a database created again (tests) or restored from a backup does not hand out numbers it gave before. A tenant without a row has had no customer
/// written since the table exists; its number is null, which is a number like any other (a first change adds the row).
/// </remarks>
public static class CustomerNameVersions
{
    public const string Table = "customer_name_versions";
    private const string TriggerName = "customer_name_versions_v2";

    /// <summary>The set before the SIREN moved the number too (ADR 1557): dropped when the current set is installed.</summary>
    private const string FormerTriggerName = "customer_name_versions_v1";

    /// <summary>One trigger of the set, by which a database is recognised as current (<c>SchemaCheck</c>).</summary>
    public const string Marker = TriggerName + "_insert";

    /// <summary>Creates the table and its triggers when missing.</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        if (await DatabaseTriggers.ExistsAsync(db, Marker, ct))
        {
            return;
        }

        // All or nothing: the marker is found only once every trigger is there (a start stopped halfway would otherwise
        // leave the set incomplete for good, since a database with its marker is not checked again).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var statement in sqlite ? SqliteStatements : PostgresStatements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>The tenant's number now (null: no customer written since the table exists).</summary>
    public static async Task<long?> CurrentAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tenant = db.TenantId;
        var found = await db.Database.SqlQuery<long>($"SELECT version AS \"Value\" FROM customer_name_versions WHERE tenant_id = {tenant}").ToListAsync(ct);
        return found.Count == 0 ? null : found[0];
    }

    private const string SqliteStart = "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER)";
    private const string PostgresStart = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint";

    private static string SqliteBump(string row) => $"""
        INSERT INTO {Table} (tenant_id, version) VALUES ({row}.tenant_id, {SqliteStart})
        ON CONFLICT (tenant_id) DO UPDATE SET version = max(version + 1, excluded.version);
        """;

    private static readonly string[] SqliteStatements =
    [
        $"CREATE TABLE IF NOT EXISTS {Table} (tenant_id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL)",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_insert",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_update",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_delete",
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_insert AFTER INSERT ON customers BEGIN {SqliteBump("NEW")} END",
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_update AFTER UPDATE OF legal_name, external_ref, siren, tenant_id ON customers
        WHEN OLD.legal_name IS NOT NEW.legal_name OR OLD.external_ref IS NOT NEW.external_ref OR OLD.siren IS NOT NEW.siren
            OR OLD.tenant_id IS NOT NEW.tenant_id
        BEGIN {SqliteBump("OLD")} {SqliteBump("NEW")} END
        """,
        $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_delete AFTER DELETE ON customers BEGIN {SqliteBump("OLD")} END",
    ];

    /// <summary>
    /// Moves the number of each tenant in <paramref name="tenants"/> (a query of tenant ids), in a fixed order, once per
    /// transaction: a row this transaction already wrote is left as it is (its <c>xmin</c> is the transaction's id), so
    /// an import renaming 100,000 customers in one statement writes the row once, not 100,000 times.
    /// </summary>
    private static string PostgresBump(string tenants) => $"""
        INSERT INTO {Table} AS v (tenant_id, version)
        SELECT tenant_id, {PostgresStart} FROM (SELECT DISTINCT tenant_id FROM ({tenants}) t) d ORDER BY tenant_id
        ON CONFLICT (tenant_id) DO UPDATE SET version = GREATEST(v.version + 1, EXCLUDED.version)
        WHERE v.xmin::text <> (pg_current_xact_id()::text::bigint % 4294967296)::text;
        """;

    /// <summary>
    /// Inserts and deletes: statement-level triggers (one bump per statement, however many rows a bulk import writes).
    /// Updates: a row-level trigger limited to the name and reference (PostgreSQL allows no column list on a trigger with
    /// transition tables), so that the many updates of other columns (risk scores, credit limits) do not bump the number.
    /// </summary>
    private static readonly string[] PostgresStatements =
    [
        $"CREATE TABLE IF NOT EXISTS {Table} (tenant_id uuid NOT NULL PRIMARY KEY, version bigint NOT NULL)",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_insert ON customers",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_update ON customers",
        $"DROP TRIGGER IF EXISTS {FormerTriggerName}_delete ON customers",
        $"DROP FUNCTION IF EXISTS {FormerTriggerName}_insert()",
        $"DROP FUNCTION IF EXISTS {FormerTriggerName}_update()",
        $"DROP FUNCTION IF EXISTS {FormerTriggerName}_delete()",
        $"""
        CREATE OR REPLACE FUNCTION {TriggerName}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresBump("SELECT tenant_id FROM new_rows")} RETURN NULL; END $$
        """,
        $"""
        CREATE OR REPLACE TRIGGER {TriggerName}_insert AFTER INSERT ON customers
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TriggerName}_insert()
        """,
        $"""
        CREATE OR REPLACE FUNCTION {TriggerName}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresBump("SELECT tenant_id FROM old_rows")} RETURN NULL; END $$
        """,
        $"""
        CREATE OR REPLACE TRIGGER {TriggerName}_delete AFTER DELETE ON customers
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TriggerName}_delete()
        """,
        $"""
        CREATE OR REPLACE FUNCTION {TriggerName}_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresBump("SELECT OLD.tenant_id AS tenant_id UNION SELECT NEW.tenant_id")} RETURN NULL; END $$
        """,
        $"""
        CREATE OR REPLACE TRIGGER {TriggerName}_update AFTER UPDATE OF legal_name, external_ref, siren, tenant_id ON customers FOR EACH ROW
        WHEN (OLD.legal_name IS DISTINCT FROM NEW.legal_name OR OLD.external_ref IS DISTINCT FROM NEW.external_ref
            OR OLD.siren IS DISTINCT FROM NEW.siren OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id)
        EXECUTE FUNCTION {TriggerName}_update()
        """,
    ];
}
