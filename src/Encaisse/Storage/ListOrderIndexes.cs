namespace Encaisse.Storage;

/// <summary>
/// Indexes in the invoices list's order on PostgreSQL (ADR 1552), created by the <c>SpeedList</c> migration:
/// <list type="bullet">
/// <item><c>ix_invoices_tenant_id_due_date_number</c>: the whole order (due date, then number), so a page reads its 51
/// rows instead of every invoice sharing its first due date (1,763 on the 1M-invoice bench) to sort them.</item>
/// <item><c>ix_invoices_open_due_number</c>: the same order over the open invoices only (partial on the settled total,
/// like <c>ix_invoices_open_due</c>), carrying kind and issue date so the open, overdue and not-yet-due selections are
/// counted to the list's limit from the index alone (index-only scan, no row read).</item>
/// </list>
/// Outside the EF model: an INCLUDE clause has no portable form, and SQLite, at its sizes, sorts and counts by scanning.
/// </summary>
public static class ListOrderIndexes
{
    public const string CreatePostgres = """
        CREATE INDEX IF NOT EXISTS ix_invoices_tenant_id_due_date_number ON invoices (tenant_id, due_date, number);
        CREATE INDEX IF NOT EXISTS ix_invoices_open_due_number ON invoices (tenant_id, due_date, number) INCLUDE (kind, issue_date)
            WHERE cancelled_on IS NULL AND gross_minor > settled_minor;
        """;

    public const string DropPostgres = """
        DROP INDEX IF EXISTS ix_invoices_tenant_id_due_date_number;
        DROP INDEX IF EXISTS ix_invoices_open_due_number;
        """;
}
