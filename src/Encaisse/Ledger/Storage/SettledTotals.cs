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

    /// <summary>The EF shadow property of <see cref="Column"/> (<c>EF.Property&lt;long&gt;(invoice, SettledTotals.Property)</c>).</summary>
    public const string Property = "SettledMinor";
    public const string PaymentColumn = "allocated_minor";

    /// <summary>The trigger set's name; a new version replaces the old one at start (v3: statement-level on PostgreSQL).</summary>
    public const string TriggerName = "allocations_settled_totals_v3";
    private const string RowTriggerName = "allocations_settled_totals_v2";
    private const string OldTriggerName = "allocations_settled_totals";

    /// <summary>Creates the triggers when missing (replacing an older version) and then recomputes every total once.</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        if (await DatabaseTriggers.ExistsAsync(db, $"{TriggerName}_insert", ct))
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

    /// <summary>
    /// PostgreSQL: statement-level triggers with transition tables, one aggregated update of the documents and payments
    /// per statement whatever its number of rows (a bulk COPY of allocations updates each invoice once and the
    /// customers' position totals once, instead of once per row, which bloated them), in id order.
    /// </summary>
    private static IEnumerable<string> PostgresTriggerSet()
    {
        yield return $"DROP TRIGGER IF EXISTS {OldTriggerName} ON allocations";
        yield return $"DROP FUNCTION IF EXISTS {OldTriggerName}()";
        yield return $"DROP TRIGGER IF EXISTS {RowTriggerName} ON allocations";
        yield return $"DROP FUNCTION IF EXISTS {RowTriggerName}()";
        const string added = "SELECT invoice_id AS id, amount_minor AS amount FROM new_rows UNION ALL SELECT credit_note_id, amount_minor FROM new_rows WHERE credit_note_id IS NOT NULL";
        const string removed = "SELECT invoice_id AS id, -amount_minor AS amount FROM old_rows UNION ALL SELECT credit_note_id, -amount_minor FROM old_rows WHERE credit_note_id IS NOT NULL";
        const string paidAdded = "SELECT payment_id AS id, amount_minor AS amount FROM new_rows WHERE payment_id IS NOT NULL";
        const string paidRemoved = "SELECT payment_id AS id, -amount_minor AS amount FROM old_rows WHERE payment_id IS NOT NULL";
        foreach (var (operation, documents, payments, transition) in new[]
                 {
                     ("insert", added, paidAdded, "NEW TABLE AS new_rows"),
                     ("update", added + " UNION ALL " + removed, paidAdded + " UNION ALL " + paidRemoved, "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                     ("delete", removed, paidRemoved, "OLD TABLE AS old_rows"),
                 })
        {
            yield return $"""
                CREATE OR REPLACE FUNCTION {TriggerName}_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE invoices SET {Column} = invoices.{Column} + d.delta
                    FROM (SELECT id, SUM(amount) AS delta FROM ({documents}) x GROUP BY id HAVING SUM(amount) <> 0 ORDER BY id) d
                    WHERE invoices.id = d.id;
                    UPDATE payments SET {PaymentColumn} = payments.{PaymentColumn} + d.delta
                    FROM (SELECT id, SUM(amount) AS delta FROM ({payments}) x GROUP BY id HAVING SUM(amount) <> 0 ORDER BY id) d
                    WHERE payments.id = d.id;
                    RETURN NULL;
                END $$
                """;
            yield return $"""
                CREATE OR REPLACE TRIGGER {TriggerName}_{operation} AFTER {operation.ToUpperInvariant()} ON allocations
                REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {TriggerName}_{operation}()
                """;
        }
    }

    private static readonly string[] PostgresTriggers = [.. PostgresTriggerSet()];

    private static readonly string[] SqliteTriggers =
    [
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_insert",
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_delete",
        $"DROP TRIGGER IF EXISTS {OldTriggerName}_update",
        $"DROP TRIGGER IF EXISTS {RowTriggerName}_insert",
        $"DROP TRIGGER IF EXISTS {RowTriggerName}_delete",
        $"DROP TRIGGER IF EXISTS {RowTriggerName}_update",
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
        var property = b.Property<long>(SettledTotals.Property).HasColumnName(SettledTotals.Column).HasDefaultValue(0L).ValueGeneratedOnAdd();
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        // The position's corrections read a customer's documents issued or cancelled after a date.
        b.HasIndex(i => new { i.TenantId, i.CustomerId, i.IssueDate });
        b.HasIndex(i => new { i.TenantId, i.CancelledOn });
        // What is open today, by due date: the overdue and open lists, the dunning and matching candidates (a small
        // part of a long history, which the plain due-date index would walk through).
        b.HasIndex([nameof(Invoice.TenantId), nameof(Invoice.DueDate)], OpenByDueIndex).HasDatabaseName(OpenByDueIndex)
            .HasFilter($"cancelled_on IS NULL AND gross_minor > {SettledTotals.Column}");
    }

    public const string OpenByDueIndex = "ix_invoices_open_due";
}

/// <summary>Maps <c>payments.allocated_minor</c> (never written by EF).</summary>
internal sealed class PaymentAllocatedTotalConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        var property = b.Property<long>("AllocatedMinor").HasColumnName(SettledTotals.PaymentColumn).HasDefaultValue(0L).ValueGeneratedOnAdd();
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        // The payments list pages newest first; the unapplied cash (a few payments among all ever received) is summed
        // from the payments that still hold some.
        b.HasIndex(p => new { p.TenantId, p.ReceivedOn, p.Id });
        b.HasIndex([nameof(Payment.TenantId), nameof(Payment.Currency)], UnappliedIndex).HasDatabaseName(UnappliedIndex)
            .HasFilter($"amount_minor > {SettledTotals.PaymentColumn}");
    }

    public const string UnappliedIndex = "ix_payments_unapplied";
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
