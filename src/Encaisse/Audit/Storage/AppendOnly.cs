using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Audit.Storage;

/// <summary>
/// The database itself refuses to change or remove an audit entry (ADR 1610): a trigger aborts every DELETE (and TRUNCATE on
/// PostgreSQL) and every UPDATE, except the single one an erasure makes, which sets <c>redacted_at</c> once and touches only
/// the before/after values. Installed at start-up like the ledger's triggers (they are not expressible in the EF model).
/// </summary>
internal static class AppendOnly
{
    public const string TriggerPrefix = "audit_entries_append_only";

    private const string Unchanged =
        "NEW.id = OLD.id AND NEW.tenant_id = OLD.tenant_id AND NEW.at = OLD.at AND NEW.actor_kind = OLD.actor_kind AND NEW.actor_id = OLD.actor_id " +
        "AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id AND NEW.action = OLD.action";

    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS {TriggerPrefix}_update BEFORE UPDATE ON audit_entries
                WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {Unchanged})
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
                CREATE TRIGGER IF NOT EXISTS {TriggerPrefix}_delete BEFORE DELETE ON audit_entries
                BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END;
                """, ct);
            return;
        }

        await db.Database.ExecuteSqlRawAsync($"""
            CREATE OR REPLACE FUNCTION {TriggerPrefix}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'UPDATE' AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND {Unchanged} THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'audit_entries is append-only';
            END $$;
            DROP TRIGGER IF EXISTS {TriggerPrefix} ON audit_entries;
            CREATE TRIGGER {TriggerPrefix} BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION {TriggerPrefix}();
            DROP TRIGGER IF EXISTS {TriggerPrefix}_truncate ON audit_entries;
            CREATE TRIGGER {TriggerPrefix}_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION {TriggerPrefix}();
            """, ct);
    }
}
