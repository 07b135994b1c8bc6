using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Formats.Storage;

/// <summary>
/// Writes parsed customers, invoices, payments and allocations through staging tables: rows are bulk-loaded,
/// then each entity is applied with one UPDATE (rows whose key exists) and one INSERT ... WHERE NOT EXISTS
/// (new keys), so re-importing a file updates by key and never duplicates. Same SQL on both databases.
/// </summary>
internal sealed class LedgerWriter(Staging staging, ImportIssues issues, bool skipInvalid)
{
    public static readonly StageTable CustomerStage = new("stage_customer",
        ("line", StageType.Int), ("id", StageType.Uuid), ("external_ref", StageType.Text), ("legal_name", StageType.Text),
        ("kind", StageType.Text), ("siren", StageType.Text), ("siret", StageType.Text), ("vat_number", StageType.Text),
        ("line1", StageType.Text), ("line2", StageType.Text), ("postal_code", StageType.Text), ("city", StageType.Text),
        ("country", StageType.Text), ("language", StageType.Text), ("segment", StageType.Text), ("payment_terms", StageType.Text),
        ("credit_limit", StageType.Long));

    public static readonly StageTable InvoiceStage = new("stage_invoice",
        ("line", StageType.Int), ("id", StageType.Uuid), ("number", StageType.Text), ("customer_ref", StageType.Text),
        ("kind", StageType.Text), ("issue_date", StageType.Date), ("due_date", StageType.Date), ("currency", StageType.Text),
        ("net", StageType.Long), ("tax", StageType.Long), ("gross", StageType.Long), ("po", StageType.Text));

    public static readonly StageTable InstalmentStage = new("stage_instalment",
        ("id", StageType.Uuid), ("number", StageType.Text), ("sequence", StageType.Int), ("due_date", StageType.Date), ("amount", StageType.Long));

    public static readonly StageTable PaymentStage = new("stage_payment",
        ("line", StageType.Int), ("id", StageType.Uuid), ("reference", StageType.Text), ("customer_ref", StageType.Text),
        ("received_on", StageType.Date), ("amount", StageType.Long), ("currency", StageType.Text), ("method", StageType.Text),
        ("payer_name", StageType.Text), ("payer_iban", StageType.Text), ("invoice_number", StageType.Text), ("allocation_id", StageType.Uuid));

    public static readonly StageTable AllocationStage = new("stage_allocation",
        ("id", StageType.Uuid), ("invoice_number", StageType.Text), ("payment_ref", StageType.Text), ("credit_note_number", StageType.Text),
        ("amount", StageType.Long), ("allocated_on", StageType.Date));

    public static async Task StageCustomersAsync(Staging staging, IEnumerable<ParsedCustomer> customers, CancellationToken ct)
    {
        await staging.CreateAsync(CustomerStage, ct);
        await using var sink = await staging.OpenAsync(CustomerStage, ct);
        foreach (var c in customers)
        {
            sink.StartRow();
            sink.Int(c.Line);
            sink.Uuid(Guid.CreateVersion7());
            sink.Text(c.ExternalRef);
            sink.Text(c.LegalName);
            sink.Text(c.Kind?.ToString());
            sink.Text(c.Siren);
            sink.Text(c.Siret);
            sink.Text(c.VatNumber);
            sink.Text(Cut(c.AddressLine1, 200));
            sink.Text(Cut(c.AddressLine2, 200));
            sink.Text(Cut(c.PostalCode, 20));
            sink.Text(Cut(c.City, 100));
            sink.Text(c.Country);
            sink.Text(c.Language);
            sink.Text(Cut(c.Segment, 50));
            sink.Text(Cut(c.PaymentTerms, 30));
            sink.Long(c.CreditLimitMinor);
        }

        await sink.CompleteAsync(ct);
    }

    /// <summary>Streams invoices into staging; instalments and customer columns are collected on the side.</summary>
    public static async Task<int> StageInvoicesAsync(Staging staging, IEnumerable<ParsedInvoice> invoices,
        Dictionary<string, ParsedCustomer> customers, List<(string Number, ParsedInstalment Instalment)> instalments, Action<int>? progress, CancellationToken ct)
    {
        await staging.CreateAsync(InvoiceStage, ct);
        var count = 0;
        await using (var sink = await staging.OpenAsync(InvoiceStage, ct))
        {
            foreach (var i in invoices)
            {
                sink.StartRow();
                sink.Int(i.Line);
                sink.Uuid(Guid.CreateVersion7());
                sink.Text(i.Number);
                sink.Text(i.CustomerRef);
                sink.Text(i.Kind.ToString());
                sink.Date(i.IssueDate);
                sink.Date(i.DueDate);
                sink.Text(i.Currency);
                sink.Long(i.NetMinor);
                sink.Long(i.TaxMinor);
                sink.Long(i.GrossMinor);
                sink.Text(Cut(i.PurchaseOrderRef, 100));
                if (i.Customer is { } customer)
                {
                    customers[customer.ExternalRef] = customers.TryGetValue(customer.ExternalRef, out var earlier) ? Merge(earlier, customer) : customer;
                }

                foreach (var instalment in i.Instalments)
                {
                    instalments.Add((i.Number, instalment));
                }

                if (++count % 16384 == 0)
                {
                    progress?.Invoke(count);
                }
            }

            await sink.CompleteAsync(ct);
        }

        await staging.CreateAsync(InstalmentStage, ct);
        await using (var sink = await staging.OpenAsync(InstalmentStage, ct))
        {
            foreach (var (number, instalment) in instalments)
            {
                sink.StartRow();
                sink.Uuid(Guid.CreateVersion7());
                sink.Text(number);
                sink.Int(instalment.Sequence);
                sink.Date(instalment.DueDate);
                sink.Long(instalment.AmountMinor);
            }

            await sink.CompleteAsync(ct);
        }

        return count;
    }

    public static async Task<int> StagePaymentsAsync(Staging staging, IEnumerable<ParsedPayment> payments, CancellationToken ct)
    {
        await staging.CreateAsync(PaymentStage, ct);
        var count = 0;
        await using var sink = await staging.OpenAsync(PaymentStage, ct);
        foreach (var p in payments)
        {
            sink.StartRow();
            sink.Int(p.Line);
            sink.Uuid(Guid.CreateVersion7());
            sink.Text(p.Reference);
            sink.Text(p.CustomerRef);
            sink.Date(p.ReceivedOn);
            sink.Long(p.AmountMinor);
            sink.Text(p.Currency);
            sink.Text(p.Method.ToString());
            sink.Text(Cut(p.PayerName, 200));
            sink.Text(Cut(p.PayerIban, 34));
            sink.Text(p.InvoiceNumber);
            sink.Uuid(Guid.CreateVersion7());
            count++;
        }

        await sink.CompleteAsync(ct);
        return count;
    }

    public static Task StageAllocationsAsync(Staging staging, IEnumerable<ParsedAllocation> allocations, CancellationToken ct) =>
        StageAllocationsAsync(staging, AllocationStage, allocations, ct);

    /// <summary>Writes allocations into a staging table of <see cref="AllocationStage"/>'s columns.</summary>
    private static async Task StageAllocationsAsync(Staging staging, StageTable stage, IEnumerable<ParsedAllocation> allocations, CancellationToken ct)
    {
        await staging.CreateAsync(stage, ct);
        await using var sink = await staging.OpenAsync(stage, ct);
        foreach (var a in allocations)
        {
            sink.StartRow();
            sink.Uuid(Guid.CreateVersion7());
            sink.Text(a.InvoiceNumber);
            sink.Text(a.PaymentReference);
            sink.Text(a.CreditNoteNumber);
            sink.Long(a.AmountMinor);
            sink.Date(a.AllocatedOn);
        }

        await sink.CompleteAsync(ct);
    }

    public async Task<ImportCounts> ApplyCustomersAsync(CancellationToken ct)
    {
        await staging.IndexAsync(CustomerStage, "external_ref", ct);
        var updated = await staging.ExecuteAsync("""
            UPDATE customers SET legal_name = s.legal_name, kind = COALESCE(s.kind, customers.kind),
              siren = COALESCE(s.siren, customers.siren), siret = COALESCE(s.siret, customers.siret),
              vat_number = COALESCE(s.vat_number, customers.vat_number),
              billing_line1 = COALESCE(s.line1, customers.billing_line1), billing_line2 = COALESCE(s.line2, customers.billing_line2),
              billing_postal_code = COALESCE(s.postal_code, customers.billing_postal_code), billing_city = COALESCE(s.city, customers.billing_city),
              billing_country = COALESCE(s.country, customers.billing_country), language = COALESCE(s.language, customers.language),
              segment = COALESCE(s.segment, customers.segment), payment_terms = COALESCE(s.payment_terms, customers.payment_terms),
              credit_limit_minor = COALESCE(s.credit_limit, customers.credit_limit_minor), updated_at = @now
            FROM stage_customer s
            WHERE customers.tenant_id = @t AND customers.external_ref = s.external_ref
            """, ct);
        var created = await staging.ExecuteAsync("""
            INSERT INTO customers (id, tenant_id, external_ref, kind, legal_name, siren, siret, vat_number, billing_line1, billing_line2,
              billing_postal_code, billing_city, billing_country, language, segment, payment_terms, credit_limit_minor, pays_by_direct_debit,
              created_at, updated_at)
            SELECT s.id, @t, s.external_ref, COALESCE(s.kind, 'Business'), s.legal_name, s.siren, s.siret, s.vat_number, s.line1, s.line2,
              s.postal_code, s.city, COALESCE(s.country, 'FR'), COALESCE(s.language, 'fr'), s.segment, s.payment_terms, s.credit_limit, FALSE,
              @now, @now
            FROM stage_customer s
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = @t AND c.external_ref = s.external_ref)
            """, ct);
        await staging.AnalyzeAfterBulkAsync("customers", created, ct);
        if (created > 0)
        {
            // Each business customer the import created (its id is the staged one) gets its onboarding check queued; the
            // onboarding job does it, so an import never waits for (nor fails with) the registries (ADR 1830).
            await staging.ExecuteAsync("""
                INSERT INTO company_check_request (customer_id, tenant_id, trigger, requested_by, requested_at, attempts, next_attempt_at)
                SELECT c.id, @t, 'import', 'import', @now, 0, @now
                FROM stage_customer s JOIN customers c ON c.tenant_id = @t AND c.id = s.id
                WHERE c.kind = 'Business' AND (c.siren IS NOT NULL OR c.siret IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM company_check_request r WHERE r.customer_id = c.id)
                """, ct);
        }

        return new ImportCounts(created, updated);
    }

    /// <summary>Rows whose customer reference is neither in the file nor in the database.</summary>
    public async Task<bool> CheckCustomersExistAsync(string stage, string column, CancellationToken ct)
    {
        var condition = $"s.customer_ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.tenant_id = @t AND c.external_ref = s.customer_ref)";
        var missing = await staging.LinesAsync($"SELECT s.line, s.customer_ref FROM {stage} s WHERE {condition} ORDER BY s.line LIMIT {ImportIssues.MaxKept}", ct);
        if (missing.Count == 0)
        {
            return true;
        }

        var total = await staging.ScalarAsync($"SELECT COUNT(*) FROM {stage} s WHERE {condition}", ct);
        foreach (var (line, value) in missing)
        {
            issues.AddLate(new ImportIssue(line, column, value, "is not a known customer: import the customer first or add the customer columns (name) to this file"));
        }

        for (var i = missing.Count; i < total; i++)
        {
            issues.AddLate(new ImportIssue(0, column, null, "unknown customer"));
        }

        if (!skipInvalid)
        {
            return false;
        }

        await staging.ExecuteAsync($"DELETE FROM {stage} WHERE line IN (SELECT s.line FROM {stage} s WHERE {condition})", ct);
        return true;
    }

    public async Task<ImportCounts> ApplyInvoicesAsync(string source, CancellationToken ct)
    {
        await staging.IndexAsync(InvoiceStage, "number", ct);
        var updated = await staging.ExecuteAsync("""
            UPDATE invoices SET customer_id = c.id, kind = s.kind, issue_date = s.issue_date, due_date = s.due_date,
              currency = s.currency, net_minor = s.net, tax_minor = s.tax, gross_minor = s.gross,
              purchase_order_ref = COALESCE(s.po, invoices.purchase_order_ref), updated_at = @now
            FROM stage_invoice s JOIN customers c ON c.tenant_id = @t AND c.external_ref = s.customer_ref
            WHERE invoices.tenant_id = @t AND invoices.number = s.number
            """, ct);
        var created = await staging.ExecuteAsync($"""
            INSERT INTO invoices (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor,
              gross_minor, purchase_order_ref, is_factored, source, created_at, updated_at)
            SELECT s.id, @t, c.id, s.number, s.kind, s.issue_date, s.due_date, s.currency, s.net, s.tax, s.gross, s.po, FALSE,
              '{source}', @now, @now
            FROM stage_invoice s JOIN customers c ON c.tenant_id = @t AND c.external_ref = s.customer_ref
            WHERE NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = @t AND i.number = s.number)
            """, ct);
        await staging.AnalyzeAfterBulkAsync("invoices", created, ct);
        if (updated > 0 && await staging.ScalarAsync("SELECT COUNT(*) FROM (SELECT 1 FROM instalments WHERE tenant_id = @t LIMIT 1) x", ct) > 0)
        {
            // Instalments of re-imported invoices are replaced by the file's (none when the file has one due date).
            await staging.ExecuteAsync("""
                DELETE FROM instalments WHERE tenant_id = @t AND invoice_id IN
                  (SELECT i.id FROM invoices i JOIN stage_invoice s ON i.tenant_id = @t AND i.number = s.number)
                """, ct);
        }

        await staging.ExecuteAsync("""
            INSERT INTO instalments (id, tenant_id, invoice_id, sequence, due_date, amount_minor)
            SELECT st.id, @t, i.id, st.sequence, st.due_date, st.amount
            FROM stage_instalment st JOIN invoices i ON i.tenant_id = @t AND i.number = st.number
            """, ct);
        return new ImportCounts(created, updated);
    }

    public async Task<ImportCounts> ApplyPaymentsAsync(string source, CancellationToken ct)
    {
        await staging.IndexAsync(PaymentStage, "reference", ct);
        var updated = await staging.ExecuteAsync("""
            UPDATE payments SET
              customer_id = COALESCE((SELECT c.id FROM customers c WHERE c.tenant_id = @t AND c.external_ref = s.customer_ref), payments.customer_id),
              received_on = s.received_on, amount_minor = s.amount, currency = s.currency, method = s.method,
              payer_name = COALESCE(s.payer_name, payments.payer_name), payer_iban = COALESCE(s.payer_iban, payments.payer_iban)
            FROM stage_payment s
            WHERE payments.tenant_id = @t AND payments.reference = s.reference
            """, ct);
        var created = await staging.ExecuteAsync($"""
            INSERT INTO payments (id, tenant_id, customer_id, reference, received_on, amount_minor, currency, method, payer_name,
              payer_iban, source, created_at)
            SELECT s.id, @t, c.id, s.reference, s.received_on, s.amount, s.currency, s.method, s.payer_name, s.payer_iban, '{source}', @now
            FROM stage_payment s LEFT JOIN customers c ON c.tenant_id = @t AND c.external_ref = s.customer_ref
            WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.tenant_id = @t AND p.reference = s.reference)
            """, ct);
        await staging.AnalyzeAfterBulkAsync("payments", created, ct);
        return new ImportCounts(created, updated);
    }

    /// <summary>
    /// Payments whose row names an invoice settle it: an allocation of the payment's amount, capped by what the
    /// invoice still has open. Allocations a previous import made for these payments are replaced.
    /// </summary>
    public async Task<ImportCounts?> AllocatePaymentsAsync(string column, CancellationToken ct)
    {
        if (await staging.ScalarAsync("SELECT COUNT(*) FROM stage_payment WHERE invoice_number IS NOT NULL", ct) == 0)
        {
            return null;
        }

        var condition = "s.invoice_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = @t AND i.number = s.invoice_number)";
        var missing = await staging.LinesAsync($"SELECT s.line, s.invoice_number FROM stage_payment s WHERE {condition} ORDER BY s.line LIMIT {ImportIssues.MaxKept}", ct);
        foreach (var (line, value) in missing)
        {
            issues.AddLate(new ImportIssue(line, column, value, "is not a known invoice number"));
        }

        if (missing.Count > 0 && !skipInvalid)
        {
            return null;
        }

        // The ledger's rules, set-based: at most what the invoice still has open (the rest stays as customer credit).
        var noId = staging.Provider == DatabaseProvider.Postgres ? "CAST(NULL AS uuid)" : "NULL";
        var (removed, written, refused) = await Ledger.LedgerAllocations.SettleStagedAsync(staging.ExecuteAsync, staging.ScalarAsync, staging.Provider, $"""
            SELECT s.allocation_id AS id, i.id AS invoice_id, p.id AS payment_id, {noId} AS credit_note_id, s.amount AS amount, s.received_on AS allocated_on
            FROM stage_payment s
              JOIN payments p ON p.tenant_id = @t AND p.reference = s.reference
              JOIN invoices i ON i.tenant_id = @t AND i.number = s.invoice_number
            WHERE s.invoice_number IS NOT NULL
            """, Ledger.AllocationOrigin.Import,
            "payment_id IN (SELECT p.id FROM payments p JOIN stage_payment s ON p.tenant_id = @t AND p.reference = s.reference)", ct);
        return new ImportCounts(Math.Max(0, written - removed), Math.Min(written, removed)) { Refused = refused };
    }

    /// <summary>
    /// Lettering read from the file (FEC): each allocation between an invoice and a payment or credit note goes through
    /// the ledger's rules, set-based; what a previous import of the same source wrote for these invoices is replaced.
    /// </summary>
    public async Task<ImportCounts> ApplyAllocationsAsync(string source, CancellationToken ct)
    {
        var (removed, written, refused) = await Ledger.LedgerAllocations.SettleStagedAsync(staging.ExecuteAsync, staging.ScalarAsync, staging.Provider, """
            SELECT a.id AS id, i.id AS invoice_id, p.id AS payment_id, cn.id AS credit_note_id, a.amount AS amount, a.allocated_on AS allocated_on
            FROM stage_allocation a
              JOIN invoices i ON i.tenant_id = @t AND i.number = a.invoice_number
              LEFT JOIN payments p ON p.tenant_id = @t AND p.reference = a.payment_ref
              LEFT JOIN invoices cn ON cn.tenant_id = @t AND cn.number = a.credit_note_number
            WHERE (a.payment_ref IS NULL OR p.id IS NOT NULL) AND (a.credit_note_number IS NULL OR cn.id IS NOT NULL)
            """, source,
            "invoice_id IN (SELECT i.id FROM invoices i JOIN stage_invoice s ON i.tenant_id = @t AND i.number = s.number)", ct);
        return new ImportCounts(Math.Max(0, written - removed), Math.Min(written, removed)) { Refused = refused };
    }

    // ---- FEC across fiscal years (issue 12): the fiscal year is part of a document's identity; à-nouveaux reconcile. ----

    private string DateLiteral(DateOnly date) => staging.Provider == DatabaseProvider.Postgres
        ? $"DATE '{date:yyyy-MM-dd}'"
        : $"'{date:yyyy-MM-dd}'";

    /// <summary>True when the ledger holds documents of a fiscal year that began before <paramref name="start"/>.</summary>
    public async Task<bool> HasEarlierFiscalYearAsync(DateOnly start, CancellationToken ct) =>
        await staging.ScalarAsync($"SELECT COUNT(*) FROM (SELECT 1 FROM invoices WHERE tenant_id = @t AND fiscal_year_start < {DateLiteral(start)} LIMIT 1) x", ct) > 0;

    /// <summary>
    /// Staged documents whose number a document of another fiscal year holds already get the year ("VE0123/2024"),
    /// in the staged allocations too, so a piece number reused in a later year never overwrites the older document. A
    /// document without fiscal year (CSV, API) with the same number is the same document (it is updated, as before).
    /// </summary>
    public async Task<int> QualifyReusedNumbersAsync(DateOnly year, CancellationToken ct)
    {
        var fy = DateLiteral(year);
        var suffix = Formats.Fec.FecCarryForward.YearSuffix(year);
        var renamed = 0;
        foreach (var (stage, column, table, key, allocationColumns) in new[]
        {
            ("stage_invoice", "number", "invoices", "number", new[] { "invoice_number", "credit_note_number" }),
            ("stage_payment", "reference", "payments", "reference", new[] { "payment_ref" }),
        })
        {
            var temp = "stage_reused_" + table;
            if (staging.Provider == DatabaseProvider.Postgres)
            {
                await staging.ExecuteAsync($"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT DISTINCT s.{column} AS k FROM {stage} s " +
                    $"WHERE EXISTS (SELECT 1 FROM {table} x WHERE x.tenant_id = @t AND x.{key} = s.{column} AND x.fiscal_year_start IS NOT NULL AND x.fiscal_year_start <> {fy})", ct);
            }
            else
            {
                await staging.ExecuteAsync($"DROP TABLE IF EXISTS temp.{temp}", ct);
                await staging.ExecuteAsync($"CREATE TEMP TABLE {temp} AS SELECT DISTINCT s.{column} AS k FROM {stage} s " +
                    $"WHERE EXISTS (SELECT 1 FROM {table} x WHERE x.tenant_id = @t AND x.{key} = s.{column} AND x.fiscal_year_start IS NOT NULL AND x.fiscal_year_start <> {fy})", ct);
            }

            foreach (var a in allocationColumns)
            {
                await staging.ExecuteAsync($"UPDATE stage_allocation SET {a} = {a} || '{suffix}' WHERE {a} IN (SELECT k FROM {temp})", ct);
            }

            renamed += await staging.ExecuteAsync($"UPDATE {stage} SET {column} = {column} || '{suffix}' WHERE {column} IN (SELECT k FROM {temp})", ct);
        }

        return renamed;
    }

    /// <summary>Marks the file's documents with their fiscal year.</summary>
    public async Task StampFiscalYearAsync(DateOnly year, CancellationToken ct)
    {
        var fy = DateLiteral(year);
        await staging.ExecuteAsync($"UPDATE invoices SET fiscal_year_start = {fy} WHERE tenant_id = @t AND number IN (SELECT number FROM stage_invoice)", ct);
        await staging.ExecuteAsync($"UPDATE payments SET fiscal_year_start = {fy} WHERE tenant_id = @t AND reference IN (SELECT reference FROM stage_payment)", ct);
    }

    /// <summary>
    /// The open invoices of earlier fiscal years of <paramref name="customerRefs"/>, as they stand once what a previous
    /// import of this same file carried onto them is taken back (re-imports replace it).
    /// </summary>
    public async Task<List<Formats.Fec.PriorOpenItem>> PriorOpenItemsAsync(DateOnly year, IReadOnlyList<string> customerRefs, CancellationToken ct)
    {
        var items = new List<Formats.Fec.PriorOpenItem>();
        if (customerRefs.Count == 0)
        {
            return items;
        }

        var settled = Ledger.Storage.SettledTotals.Column;
        var refs = string.Join(", ", customerRefs.Select(r => "'" + r.Replace("'", "''", StringComparison.Ordinal) + "'"));
        await staging.ReadAsync($"""
            SELECT i.number, c.external_ref,
                   i.gross_minor - i.{settled} + COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                       WHERE a.tenant_id = @t AND a.invoice_id = i.id AND a.source = '{FecOpening}'
                         AND (a.payment_id IN (SELECT p.id FROM payments p JOIN stage_payment s ON p.tenant_id = @t AND p.reference = s.reference)
                              OR a.credit_note_id IN (SELECT n.id FROM invoices n JOIN stage_invoice s ON n.tenant_id = @t AND n.number = s.number))), 0),
                   i.due_date, i.issue_date
            FROM invoices i JOIN customers c ON c.tenant_id = @t AND c.id = i.customer_id
            WHERE i.tenant_id = @t AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND i.fiscal_year_start < {DateLiteral(year)}
              AND c.external_ref IN ({refs})
            """, r =>
        {
            items.Add(new Formats.Fec.PriorOpenItem(r.GetString(0), r.GetString(1), Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                Day(r.GetValue(3)), Day(r.GetValue(4))));
            return true;
        }, ct);
        return items;
    }

    private static DateOnly Day(object value) => value switch
    {
        DateOnly d => d,
        DateTime t => DateOnly.FromDateTime(t),
        _ => DateOnly.Parse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Origin of the allocations that carry this year's lettering of à-nouveaux onto earlier years' invoices.</summary>
    public const string FecOpening = "fec-opening";

    /// <summary>
    /// Writes the carried lettering through the ledger's bulk path (its own origin, so that re-importing the earlier year
    /// does not remove it); what a previous import of this file carried is replaced.
    /// </summary>
    public async Task<ImportCounts> ApplyCarriedAsync(IReadOnlyList<ParsedAllocation> allocations, DateOnly year, CancellationToken ct)
    {
        var stage = new StageTable("stage_carried", AllocationStage.Columns);
        await StageAllocationsAsync(staging, stage, allocations, ct);

        // This year's payments and credit notes may have been given the year (QualifyReusedNumbersAsync).
        var suffix = Formats.Fec.FecCarryForward.YearSuffix(year);
        await staging.ExecuteAsync($"UPDATE stage_carried SET payment_ref = payment_ref || '{suffix}' WHERE payment_ref IN (SELECT k FROM stage_reused_payments)", ct);
        await staging.ExecuteAsync($"UPDATE stage_carried SET credit_note_number = credit_note_number || '{suffix}' WHERE credit_note_number IN (SELECT k FROM stage_reused_invoices)", ct);
        var (removed, written, refused) = await Ledger.LedgerAllocations.SettleStagedAsync(staging.ExecuteAsync, staging.ScalarAsync, staging.Provider, """
            SELECT a.id AS id, i.id AS invoice_id, p.id AS payment_id, cn.id AS credit_note_id, a.amount AS amount, a.allocated_on AS allocated_on
            FROM stage_carried a
              JOIN invoices i ON i.tenant_id = @t AND i.number = a.invoice_number
              LEFT JOIN payments p ON p.tenant_id = @t AND p.reference = a.payment_ref
              LEFT JOIN invoices cn ON cn.tenant_id = @t AND cn.number = a.credit_note_number
            WHERE (a.payment_ref IS NULL OR p.id IS NOT NULL) AND (a.credit_note_number IS NULL OR cn.id IS NOT NULL)
            """, FecOpening,
            "(payment_id IN (SELECT p.id FROM payments p JOIN stage_payment s ON p.tenant_id = @t AND p.reference = s.reference) " +
            "OR credit_note_id IN (SELECT n.id FROM invoices n JOIN stage_invoice s ON n.tenant_id = @t AND n.number = s.number))", ct);
        return new ImportCounts(Math.Max(0, written - removed), Math.Min(written, removed)) { Refused = refused };
    }

    /// <summary>The same customer on several rows: later non-empty cells win, empty cells keep earlier values.</summary>
    private static ParsedCustomer Merge(ParsedCustomer earlier, ParsedCustomer later) => later with
    {
        Kind = later.Kind ?? earlier.Kind,
        Siren = later.Siren ?? earlier.Siren,
        Siret = later.Siret ?? earlier.Siret,
        VatNumber = later.VatNumber ?? earlier.VatNumber,
        AddressLine1 = later.AddressLine1 ?? earlier.AddressLine1,
        AddressLine2 = later.AddressLine2 ?? earlier.AddressLine2,
        PostalCode = later.PostalCode ?? earlier.PostalCode,
        City = later.City ?? earlier.City,
        Country = later.Country ?? earlier.Country,
        Language = later.Language ?? earlier.Language,
        Segment = later.Segment ?? earlier.Segment,
        PaymentTerms = later.PaymentTerms ?? earlier.PaymentTerms,
        CreditLimitMinor = later.CreditLimitMinor ?? earlier.CreditLimitMinor,
    };

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
