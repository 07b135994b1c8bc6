using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// <c>invoices.settled_minor</c>: the sum of every allocation on the document (as the invoice settled, or as the
/// credit note used), and <c>payments.allocated_minor</c>: the sum of every allocation from the payment, kept by
/// database triggers on <c>allocations</c> so that no writer (EF, raw SQL, COPY) can forget them (ADR 0610, ADR 1100).
/// Reports read a document's open amount on any date D as <c>gross − settled_minor + Σ allocations dated after D</c>:
/// exact for past dates, and only the allocations after D are read. EF never writes the columns (shadow properties
/// ignored on save). The per-customer totals (<see cref="PositionTotals"/>) are kept from these columns in turn.
/// </summary>
public static class SettledTotals
{
    public const string Column = "settled_minor";
    public const string PaymentColumn = "allocated_minor";

    /// <summary>The trigger set's name; a new version replaces the old one at start.</summary>
    private const string TriggerName = "allocations_settled_totals_v2";
    private const string OldTriggerName = "allocations_settled_totals";

    /// <summary>Creates the triggers when missing (replacing an older version) and then recomputes every total once.</summary>
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
    public static async Task<int> RecomputeAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var invoices = await db.Database.ExecuteSqlRawAsync($"""
            UPDATE invoices SET {Column} =
                COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.invoice_id = invoices.id), 0)
              + COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.credit_note_id = invoices.id), 0)
            """, ct);
        await db.Database.ExecuteSqlRawAsync($"""
            UPDATE payments SET {PaymentColumn} = COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.payment_id = payments.id), 0)
            """, ct);
        return invoices;
    }

    private static readonly string[] PostgresTriggers =
    [
        $"DROP TRIGGER IF EXISTS {OldTriggerName} ON allocations",
        $"DROP FUNCTION IF EXISTS {OldTriggerName}()",
        $"""
        CREATE OR REPLACE FUNCTION {TriggerName}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id = OLD.invoice_id OR id = OLD.credit_note_id;
                IF OLD.payment_id IS NOT NULL THEN
                    UPDATE payments SET {PaymentColumn} = {PaymentColumn} - OLD.amount_minor WHERE id = OLD.payment_id;
                END IF;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id = NEW.invoice_id OR id = NEW.credit_note_id;
                IF NEW.payment_id IS NOT NULL THEN
                    UPDATE payments SET {PaymentColumn} = {PaymentColumn} + NEW.amount_minor WHERE id = NEW.payment_id;
                END IF;
            END IF;
            RETURN NULL;
        END $$
        """,
        $"""
        CREATE OR REPLACE TRIGGER {TriggerName} AFTER INSERT OR DELETE OR UPDATE OF amount_minor, invoice_id, credit_note_id, payment_id
        ON allocations FOR EACH ROW EXECUTE FUNCTION {TriggerName}()
        """,
    ];

    private static readonly string[] SqliteTriggers =
    [
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_insert",
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_delete",
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_update",
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_insert AFTER INSERT ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id IN (NEW.invoice_id, NEW.credit_note_id);
            UPDATE payments SET {PaymentColumn} = {PaymentColumn} + NEW.amount_minor WHERE id = NEW.payment_id;
        END
        """,
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_delete AFTER DELETE ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id IN (OLD.invoice_id, OLD.credit_note_id);
            UPDATE payments SET {PaymentColumn} = {PaymentColumn} - OLD.amount_minor WHERE id = OLD.payment_id;
        END
        """,
        $"""
        CREATE TRIGGER IF NOT EXISTS {TriggerName}_update AFTER UPDATE OF amount_minor, invoice_id, credit_note_id, payment_id ON allocations BEGIN
            UPDATE invoices SET {Column} = {Column} - OLD.amount_minor WHERE id IN (OLD.invoice_id, OLD.credit_note_id);
            UPDATE payments SET {PaymentColumn} = {PaymentColumn} - OLD.amount_minor WHERE id = OLD.payment_id;
            UPDATE invoices SET {Column} = {Column} + NEW.amount_minor WHERE id IN (NEW.invoice_id, NEW.credit_note_id);
            UPDATE payments SET {PaymentColumn} = {PaymentColumn} + NEW.amount_minor WHERE id = NEW.payment_id;
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
        // The position's corrections read a customer's documents issued or cancelled after a date.
        b.HasIndex(i => new { i.TenantId, i.CustomerId, i.IssueDate });
        b.HasIndex(i => new { i.TenantId, i.CancelledOn });
    }
}

/// <summary>Maps <c>payments.allocated_minor</c> (never written by EF).</summary>
internal sealed class PaymentAllocatedTotalConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        var property = b.Property<long>("AllocatedMinor").HasColumnName(SettledTotals.PaymentColumn).HasDefaultValue(0L).ValueGeneratedOnAdd();
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

/// <summary>The position reads a tenant's invoices with instalments (usually few) from this index.</summary>
internal sealed class InstalmentTenantIndexConfiguration : IEntityTypeConfiguration<Instalment>
{
    public void Configure(EntityTypeBuilder<Instalment> b) => b.HasIndex(i => new { i.TenantId, i.InvoiceId });
}
