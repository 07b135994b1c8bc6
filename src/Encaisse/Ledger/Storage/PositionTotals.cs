using System.Data.Common;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// The derived, rebuildable snapshot behind a customer's balances (ADR 1100): <c>customer_open_totals</c> holds, per
/// customer, currency, kind (invoice, credit note, payment) and due date (received date for payments), the sum of
/// what is open today — <c>gross − settled_minor</c> of uncancelled documents, <c>amount − allocated_minor</c> of
/// identified payments. Database triggers on <c>invoices</c> and <c>payments</c> keep it (which the allocation
/// triggers keep in turn, <see cref="SettledTotals"/>), so no writer can forget it; nobody edits it.
/// <see cref="BalancesAsync"/> reads a customer's balances on any date from it in a handful of index reads, exactly:
/// the snapshot minus what was issued after the date, plus what was cancelled or allocated after it, and the
/// instalment invoices (whose overdue part depends on each instalment) recomputed from the pure rule.
/// <see cref="RebuildAsync"/> recomputes it from the documents.
/// </summary>
public static class PositionTotals
{
    public const string Table = "customer_open_totals";
    private const string TriggerName = "position_totals_v1";

    /// <summary>Creates the table and its triggers when missing, then rebuilds it once.</summary>
    public static async Task EnsureAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var exists = sqlite
            ? await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = '{TriggerName}_invoice_insert'").SingleAsync(ct)
            : await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE tgname = '{TriggerName}_invoice_insert'").SingleAsync(ct);
        if (exists > 0)
        {
            return;
        }

        foreach (var statement in sqlite ? SqliteStatements : PostgresStatements)
        {
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }

        await RebuildAsync(db, ct);
    }

    /// <summary>Recomputes the snapshot of every tenant from the documents and payments (after a bulk load, or to check it).</summary>
    public static async Task RebuildAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {Table}", ct);
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

    /// <summary>One customer's balances per currency on <paramref name="asOf"/>, the same as <see cref="CustomerPosition"/> computes.</summary>
    public static async Task<IReadOnlyList<CurrencyBalance>> BalancesAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sql = new ReportingSql(db);
        var p = new Dictionary<string, object?> { ["@tenant"] = db.TenantId, ["@customer"] = customerId, ["@asOf"] = asOf };
        var totals = new Dictionary<string, (long Open, long Overdue, long Credit)>(StringComparer.Ordinal);
        void Add(string currency, string kind, long amount, bool overdue)
        {
            totals.TryGetValue(currency, out var t);
            if (kind == nameof(DocumentKind.Invoice))
            {
                t.Open += amount;
                t.Overdue += overdue ? amount : 0;
            }
            else
            {
                t.Credit += amount;
            }

            totals[currency] = t;
        }

        // The snapshot: what is open now, overdue by the due date (payments received by the date only).
        foreach (var r in await sql.QueryAsync($"""
            SELECT currency, kind, SUM(open_minor), SUM(CASE WHEN due_date < @asOf THEN open_minor ELSE 0 END)
            FROM {Table} WHERE tenant_id = @tenant AND customer_id = @customer AND (kind <> 'Payment' OR due_date <= @asOf)
            GROUP BY currency, kind
            """, p, r => (Currency: r.GetString(0), Kind: r.GetString(1), Open: ReportingSql.Long(r, 2), Overdue: ReportingSql.Long(r, 3)), ct))
        {
            totals.TryGetValue(r.Currency, out var t);
            if (r.Kind == nameof(DocumentKind.Invoice))
            {
                t.Open += r.Open;
                t.Overdue += r.Overdue;
            }
            else
            {
                t.Credit += r.Open;
            }

            totals[r.Currency] = t;
        }

        // Documents issued after the date are in the snapshot but not in the position.
        foreach (var r in await sql.QueryAsync($"""
            SELECT currency, kind, due_date, gross_minor - {SettledTotals.Column} FROM invoices
            WHERE tenant_id = @tenant AND customer_id = @customer AND issue_date > @asOf AND cancelled_on IS NULL AND gross_minor > {SettledTotals.Column}
            """, p, Row, ct))
        {
            Add(r.Currency, r.Kind, -r.Amount, r.Due < asOf);
        }

        // Documents cancelled after the date are not in the snapshot but were open on it.
        foreach (var r in await sql.QueryAsync($"""
            SELECT i.currency, i.kind, i.due_date, i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                   WHERE (a.invoice_id = i.id OR a.credit_note_id = i.id) AND a.allocated_on <= @asOf), 0)
            FROM invoices i
            WHERE i.tenant_id = @tenant AND i.cancelled_on > @asOf AND i.customer_id = @customer AND i.issue_date <= @asOf
            """, p, Row, ct))
        {
            if (r.Amount > 0)
            {
                Add(r.Currency, r.Kind, r.Amount, r.Due < asOf);
            }
        }

        // Allocations dated after the date: what they settle (or use) was still open on it.
        foreach (var r in await sql.QueryAsync($"""
            SELECT i.currency, i.kind, i.due_date, SUM(a.amount_minor) FROM allocations a
            JOIN invoices i ON i.id = a.invoice_id OR i.id = a.credit_note_id
            WHERE a.tenant_id = @tenant AND a.allocated_on > @asOf AND i.customer_id = @customer AND i.issue_date <= @asOf AND i.cancelled_on IS NULL
            GROUP BY i.currency, i.kind, i.due_date
            """, p, Row, ct))
        {
            Add(r.Currency, r.Kind, r.Amount, r.Due < asOf);
        }

        foreach (var r in await sql.QueryAsync("""
            SELECT p.currency, SUM(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id
            WHERE a.tenant_id = @tenant AND a.allocated_on > @asOf AND p.customer_id = @customer AND p.received_on <= @asOf
            GROUP BY p.currency
            """, p, r => (Currency: r.GetString(0), Amount: ReportingSql.Long(r, 1)), ct))
        {
            Add(r.Currency, "Payment", r.Amount, false);
        }

        await CorrectInstalmentsAsync(db, sql, p, customerId, asOf, totals, ct);
        return totals.Where(t => t.Value != default).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new CurrencyBalance(t.Key, t.Value.Open, t.Value.Overdue, t.Value.Credit)).ToList();
    }

    /// <summary>
    /// The snapshot counts an instalment invoice as overdue only after its last due date; its earlier instalments may be
    /// overdue before that. Those invoices (few) are read and their overdue part recomputed from the ledger's rule.
    /// </summary>
    private static async Task CorrectInstalmentsAsync(EncaisseDb db, ReportingSql sql, Dictionary<string, object?> p, Guid customerId, DateOnly asOf,
        Dictionary<string, (long Open, long Overdue, long Credit)> totals, CancellationToken ct)
    {
        var ids = await sql.QueryAsync("""
            SELECT DISTINCT i.id FROM instalments x JOIN invoices i ON i.id = x.invoice_id
            WHERE x.tenant_id = @tenant AND i.customer_id = @customer AND i.kind = 'Invoice' AND i.issue_date <= @asOf
              AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
            """, p, r => r.GetValue(0) is Guid g ? g : Guid.Parse(r.GetString(0)), ct);
        if (ids.Count == 0)
        {
            return;
        }

        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Instalments).Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        var allocated = await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.InvoiceId) && a.AllocatedOn <= asOf)
            .GroupBy(a => a.InvoiceId).Select(g => new { g.Key, Sum = g.Sum(a => a.AmountMinor) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        foreach (var invoice in invoices.Where(i => i.CustomerId == customerId))
        {
            var items = Balances.OpenItemsOf(invoice, allocated.GetValueOrDefault(invoice.Id), asOf).ToList();
            var open = items.Sum(i => i.OpenMinor);
            var exact = items.Where(i => i.Status == InvoiceStatus.Overdue).Sum(i => i.OpenMinor);
            var counted = invoice.DueDate < asOf ? open : 0;
            totals.TryGetValue(invoice.Currency, out var t);
            t.Overdue += exact - counted;
            totals[invoice.Currency] = t;
        }
    }

    private static (string Currency, string Kind, DateOnly Due, long Amount) Row(DbDataReader r) =>
        (r.GetString(0), r.GetString(1), ReportingSql.Date(r, 2), ReportingSql.Long(r, 3));

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

            """));
        return $"CREATE TRIGGER IF NOT EXISTS {TriggerName}_{name} {when} BEGIN\n{body}END";
    }

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
