using System.Globalization;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Storage;

/// <summary>
/// The balances of a page of customers at once (<c>GET /api/v1/customers</c>), from the same snapshot the customer
/// position reads (<see cref="PositionTotals"/>, <c>customer_open_totals</c>) with the same corrections for the date —
/// documents issued, cancelled or allocated after it —, but for every customer of the page in one grouped query
/// for every customer asked in one grouped query; instalment invoices (few) are recomputed from the ledger's rule.
/// The one reader of balances: <see cref="PositionTotals.BalancesAsync"/> is this read for one customer.
/// </summary>
public static class PageBalances
{
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CurrencyBalance>>> OfAsync(
        EncaisseDb db, IReadOnlyCollection<Guid> customerIds, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customerIds);
        var result = new Dictionary<Guid, IReadOnlyList<CurrencyBalance>>();
        if (customerIds.Count == 0)
        {
            return result;
        }

        var sql = new ReportingSql(db);
        var p = new Dictionary<string, object?> { ["@tenant"] = db.TenantId, ["@asOf"] = asOf };
        var names = new List<string>(customerIds.Count);
        foreach (var id in customerIds.Distinct())
        {
            var name = "@c" + names.Count.ToString(CultureInfo.InvariantCulture);
            names.Add(name);
            p[name] = id;
        }

        var ids = string.Join(", ", names);
        const string Overdue = "CASE WHEN {0} < @asOf THEN {1} ELSE 0 END";
        string Late(string due, string amount) => string.Format(CultureInfo.InvariantCulture, Overdue, due, amount);
        var rows = await sql.QueryAsync($"""
            SELECT customer_id, currency, kind, SUM(open_minor), SUM({Late("due_date", "open_minor")})
            FROM {PositionTotals.Table}
            WHERE tenant_id = @tenant AND customer_id IN ({ids}) AND (kind <> 'Payment' OR due_date <= @asOf)
            GROUP BY customer_id, currency, kind
            UNION ALL
            SELECT customer_id, currency, kind, -SUM(gross_minor - {SettledTotals.Column}), -SUM({Late("due_date", $"gross_minor - {SettledTotals.Column}")})
            FROM invoices
            WHERE tenant_id = @tenant AND customer_id IN ({ids}) AND issue_date > @asOf AND cancelled_on IS NULL AND gross_minor > {SettledTotals.Column}
            GROUP BY customer_id, currency, kind
            UNION ALL
            SELECT d.customer_id, d.currency, d.kind, SUM(d.amount), SUM({Late("d.due_date", "d.amount")})
            FROM (SELECT i.customer_id, i.currency, i.kind, i.due_date,
                         i.gross_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a
                             WHERE (a.invoice_id = i.id OR a.credit_note_id = i.id) AND a.allocated_on <= @asOf), 0) AS amount
                  FROM invoices i
                  WHERE i.tenant_id = @tenant AND i.cancelled_on > @asOf AND i.customer_id IN ({ids}) AND i.issue_date <= @asOf) d
            WHERE d.amount > 0
            GROUP BY d.customer_id, d.currency, d.kind
            UNION ALL
            SELECT i.customer_id, i.currency, i.kind, SUM(a.amount_minor), SUM({Late("i.due_date", "a.amount_minor")})
            FROM allocations a JOIN invoices i ON i.id = a.invoice_id OR i.id = a.credit_note_id
            WHERE a.tenant_id = @tenant AND a.allocated_on > @asOf AND i.customer_id IN ({ids}) AND i.issue_date <= @asOf AND i.cancelled_on IS NULL
            GROUP BY i.customer_id, i.currency, i.kind
            UNION ALL
            SELECT pay.customer_id, pay.currency, 'Payment', SUM(a.amount_minor), 0
            FROM allocations a JOIN payments pay ON pay.id = a.payment_id
            WHERE a.tenant_id = @tenant AND a.allocated_on > @asOf AND pay.customer_id IN ({ids}) AND pay.received_on <= @asOf
            GROUP BY pay.customer_id, pay.currency
            """, p, r => (Customer: Id(r.GetValue(0)), Currency: r.GetString(1), Kind: r.GetString(2), Amount: ReportingSql.Long(r, 3), Late: ReportingSql.Long(r, 4)), ct);

        var totals = new Dictionary<(Guid Customer, string Currency), (long Open, long Overdue, long Credit)>();
        foreach (var row in rows)
        {
            totals.TryGetValue((row.Customer, row.Currency), out var t);
            if (row.Kind == nameof(DocumentKind.Invoice))
            {
                t.Open += row.Amount;
                t.Overdue += row.Late;
            }
            else
            {
                t.Credit += row.Amount;
            }

            totals[(row.Customer, row.Currency)] = t;
        }

        await CorrectInstalmentsAsync(db, sql, p, ids, asOf, totals, ct);
        foreach (var group in totals.Where(t => t.Value != default).GroupBy(t => t.Key.Customer))
        {
            result[group.Key] = group.OrderBy(t => t.Key.Currency, StringComparer.Ordinal)
                .Select(t => new CurrencyBalance(t.Key.Currency, t.Value.Open, t.Value.Overdue, t.Value.Credit)).ToList();
        }

        return result;
    }

    /// <summary>The overdue part of instalment invoices from each instalment (the snapshot ages them on the last due date).</summary>
    private static async Task CorrectInstalmentsAsync(EncaisseDb db, ReportingSql sql, Dictionary<string, object?> p, string ids, DateOnly asOf,
        Dictionary<(Guid Customer, string Currency), (long Open, long Overdue, long Credit)> totals, CancellationToken ct)
    {
        var invoiceIds = await sql.QueryAsync($"""
            SELECT DISTINCT i.id FROM instalments x JOIN invoices i ON i.id = x.invoice_id
            WHERE x.tenant_id = @tenant AND i.customer_id IN ({ids}) AND i.kind = 'Invoice' AND i.issue_date <= @asOf
              AND (i.cancelled_on IS NULL OR i.cancelled_on > @asOf)
            """, p, r => Id(r.GetValue(0)), ct);
        if (invoiceIds.Count == 0)
        {
            return;
        }

        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Instalments).Where(i => invoiceIds.Contains(i.Id)).ToListAsync(ct);
        var allocated = await db.Allocations.AsNoTracking().Where(a => invoiceIds.Contains(a.InvoiceId) && a.AllocatedOn <= asOf)
            .GroupBy(a => a.InvoiceId).Select(g => new { g.Key, Sum = g.Sum(a => a.AmountMinor) }).ToDictionaryAsync(g => g.Key, g => g.Sum, ct);
        foreach (var invoice in invoices)
        {
            var items = Balances.OpenItemsOf(invoice, allocated.GetValueOrDefault(invoice.Id), asOf).ToList();
            var open = items.Sum(i => i.OpenMinor);
            var exact = items.Where(i => i.Status == InvoiceStatus.Overdue).Sum(i => i.OpenMinor);
            var counted = invoice.DueDate < asOf ? open : 0;
            totals.TryGetValue((invoice.CustomerId, invoice.Currency), out var t);
            t.Overdue += exact - counted;
            totals[(invoice.CustomerId, invoice.Currency)] = t;
        }
    }

    private static Guid Id(object value) => value is Guid g ? g : Guid.Parse((string)value);
}
