using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Reporting.Storage;

/// <summary>
/// <c>invoices.settled_minor</c>: the sum of every allocation on the document (as the invoice settled, or as the
/// credit note used), kept by database triggers on <c>allocations</c> so that no writer (EF, raw SQL, COPY) can
/// forget it (ADR 0610). Reports read a document's open amount on any date D as
/// <c>gross − settled_minor + Σ allocations dated after D</c>: exact for past dates, and only the allocations
/// after D are read. EF never writes the column (it is a shadow property ignored on save).
/// </summary>
public static class SettledTotals
{
    public const string Column = "settled_minor";

    private const string TriggerName = "allocations_settled_totals";

    /// <summary>Creates the triggers when missing and then recomputes every total once (the triggers keep them after that).</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var exists = sqlite
            ? await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = '{TriggerName}_insert'").SingleAsync(ct)
            : await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE tgname = '{TriggerName}'").SingleAsync(ct);
        if (exists > 0)
        {
            return;
        }

        foreach (var statement in sqlite ? SqliteTriggers : PostgresTriggers)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }

        await RecomputeAsync(db, ct);
    }

    /// <summary>Recomputes every total from the allocations (after a bulk load with the triggers disabled).</summary>
    public static Task<int> RecomputeAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.ExecuteSqlRawAsync($"""
            UPDATE invoices SET {Column} =
                COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = invoices.id), 0)
              + COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.credit_note_id = invoices.id), 0)
            """, ct);
    }

    private static readonly string[] PostgresTriggers =
    [
        $"""
        CREATE OR REPLACE FUNCTION {TriggerName}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id = OLD.invoice_id OR id = OLD.credit_note_id;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id = NEW.invoice_id OR id = NEW.credit_note_id;
            END IF;
            RETURN NULL;
        END $$
        """,
        $"""
        CREATE OR REPLACE TRIGGER {TriggerName} AFTER INSERT OR DELETE OR UPDATE OF amount_minor, invoice_id, credit_note_id
        ON allocations FOR EACH ROW EXECUTE FUNCTION {TriggerName}()
        """,
    ];

    private static readonly string[] SqliteTriggers =
    [
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_insert AFTER INSERT ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id IN (NEW.invoice_id, NEW.credit_note_id);
        END
        """,
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_delete AFTER DELETE ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id IN (OLD.invoice_id, OLD.credit_note_id);
        END
        """,
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_update AFTER UPDATE OF amount_minor, invoice_id, credit_note_id ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id IN (OLD.invoice_id, OLD.credit_note_id);
            UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id IN (NEW.invoice_id, NEW.credit_note_id);
        END
        """,
    ];
}

/// <summary>Maps <c>invoices.settled_minor</c> (never written by EF) and the index the as-of corrections read.</summary>
internal sealed class InvoiceSettledTotalConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> b)
    {
        var property = b.Property<long>("SettledMinor").HasColumnName(SettledTotals.Column).HasDefaultValue(0L).ValueGeneratedOnAdd();
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}

internal sealed class AllocationDateIndexConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> b) =>
        // Covering on PostgreSQL (index-only scans of the allocations after a date); a plain index on SQLite.
        b.HasIndex(a => new { a.TenantId, a.AllocatedOn }).IncludeProperties(a => new { a.InvoiceId, a.CreditNoteId, a.PaymentId, a.AmountMinor });
}
