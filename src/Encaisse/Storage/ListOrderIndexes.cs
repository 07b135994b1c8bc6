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
/// The <c>CoverSearches</c> migration makes the first one and a payments one cover what a text search tests (ADR 1593):
/// <list type="bullet">
/// <item><c>ix_invoices_tenant_id_due_date_number</c> carries kind, customer and id, and <c>ix_payments_list_order</c>
/// (tenant, date received, id) carries customer, reference and payer, so the page of a search is found in the list's
/// order from the index alone: a search for a common name walks some 2,500 entries before its page is full, and read
/// each one's row to test it.</item>
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

    public const string CoverSearchesPostgres = """
        DROP INDEX IF EXISTS ix_invoices_tenant_id_due_date_number;
        CREATE INDEX ix_invoices_tenant_id_due_date_number ON invoices (tenant_id, due_date, number) INCLUDE (kind, customer_id, id);
        CREATE INDEX IF NOT EXISTS ix_payments_list_order ON payments (tenant_id, received_on, id) INCLUDE (customer_id, reference, payer_name);
        """;

    public const string UncoverSearchesPostgres = """
        DROP INDEX IF EXISTS ix_payments_list_order;
        DROP INDEX IF EXISTS ix_invoices_tenant_id_due_date_number;
        CREATE INDEX ix_invoices_tenant_id_due_date_number ON invoices (tenant_id, due_date, number);
        """;

    public const string DropPostgres = """
        DROP INDEX IF EXISTS ix_invoices_tenant_id_due_date_number;
        DROP INDEX IF EXISTS ix_invoices_open_due_number;
        """;
}
