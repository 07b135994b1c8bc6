namespace Encaisse.Storage;

/// <summary>
/// Trigram indexes behind the text searches of the lists on PostgreSQL (customers by name or reference, invoices by
/// number, payments by payer): <c>LIKE '%term%'</c> on a column or its lower case is answered from them instead of a
/// scan of every row. Created by the <c>ListIndexes</c> migration when <c>pg_trgm</c> can be created (it is a trusted
/// extension since PostgreSQL 13, so the database owner may); a database where it cannot keeps working by scanning.
/// SQLite has no such index and scans, which its sizes allow.
/// </summary>
public static class SearchIndexes
{
    public const string CreatePostgres = """
        DO $$
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX IF NOT EXISTS ix_customers_name_trgm ON customers USING gin (lower(legal_name) gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS ix_customers_ref_trgm ON customers USING gin (lower(external_ref) gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS ix_invoices_number_trgm ON invoices USING gin (number gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS ix_payments_payer_trgm ON payments USING gin (lower(payer_name) gin_trgm_ops);
        EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
            RAISE NOTICE 'pg_trgm unavailable (%): list searches scan', SQLERRM;
        END
        $$;
        """;

    public const string DropPostgres = """
        DROP INDEX IF EXISTS ix_customers_name_trgm;
        DROP INDEX IF EXISTS ix_customers_ref_trgm;
        DROP INDEX IF EXISTS ix_invoices_number_trgm;
        DROP INDEX IF EXISTS ix_payments_payer_trgm;
        """;
}
