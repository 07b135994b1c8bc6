using Npgsql;
using NpgsqlTypes;

namespace Encaisse.Bench.Reporting;

/// <summary>
/// Synthetic ledger bulk-loaded with PostgreSQL binary COPY: customers, invoices over 24 months (3% credit
/// notes, 2% USD), and for ~75% of invoices a payment and its allocation (some partial, some early, some late).
/// Deterministic (fixed seed).
/// </summary>
internal static class ReportingDataset
{
    public static readonly DateOnly AsOf = new(2026, 6, 30);

    public static async Task<(int Invoices, int Allocations)> LoadAsync(NpgsqlConnection connection, Guid tenantId, int invoiceCount, int customerCount)
    {
        var random = new Random(20261122);
        var now = DateTimeOffset.UtcNow;
        var customers = new Guid[customerCount];
        string[] segments = ["retail", "industry", "public", "export"];
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY customers (id, tenant_id, external_ref, kind, legal_name, billing_country, language, segment, collector, pays_by_direct_debit, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var c = 0; c < customerCount; c++)
            {
                customers[c] = Guid.CreateVersion7();
                await writer.StartRowAsync();
                await writer.WriteAsync(customers[c], NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync($"411B{c:000000}", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Business", NpgsqlDbType.Varchar);
                await writer.WriteAsync($"Client {c}", NpgsqlDbType.Varchar);
                await writer.WriteAsync("FR", NpgsqlDbType.Varchar);
                await writer.WriteAsync("fr", NpgsqlDbType.Varchar);
                await writer.WriteAsync(segments[c % segments.Length], NpgsqlDbType.Varchar);
                await writer.WriteAsync($"collector{c % 12}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        var paid = new List<(Guid Invoice, Guid Customer, long Amount, DateOnly On, string Currency)>(invoiceCount);
        var start = AsOf.AddMonths(-24);
        var span = AsOf.DayNumber - start.DayNumber;
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY invoices (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor, settled_minor, is_factored, source, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var n = 0; n < invoiceCount; n++)
            {
                var id = Guid.CreateVersion7();
                var customer = customers[random.Next(customerCount)];
                var issue = start.AddDays(random.Next(span + 1));
                var due = issue.AddDays(random.Next(0, 3) * 15 + 30);
                var gross = (long)random.Next(5_000, 5_000_000);
                var creditNote = n % 33 == 0;
                var currency = n % 50 == 0 ? "USD" : "EUR";
                var on = due.AddDays(random.Next(-15, 90));
                long settled = 0;
                if (!creditNote && random.Next(100) < 75 && on <= AsOf)
                {
                    settled = random.Next(4) == 0 ? gross / 2 : gross;
                    paid.Add((id, customer, settled, on, currency));
                }

                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(customer, NpgsqlDbType.Uuid);
                await writer.WriteAsync($"F{n:00000000}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(creditNote ? "CreditNote" : "Invoice", NpgsqlDbType.Varchar);
                await writer.WriteAsync(issue, NpgsqlDbType.Date);
                await writer.WriteAsync(creditNote ? issue : due, NpgsqlDbType.Date);
                await writer.WriteAsync(currency, NpgsqlDbType.Varchar);
                await writer.WriteAsync(gross * 5 / 6, NpgsqlDbType.Bigint);
                await writer.WriteAsync(gross - (gross * 5 / 6), NpgsqlDbType.Bigint);
                await writer.WriteAsync(gross, NpgsqlDbType.Bigint);
                await writer.WriteAsync(settled, NpgsqlDbType.Bigint); // what the allocations below add up to (ADR 0610)
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        var payments = new Guid[paid.Count];
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY payments (id, tenant_id, customer_id, reference, received_on, amount_minor, currency, method, source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < paid.Count; p++)
            {
                payments[p] = Guid.CreateVersion7();
                await writer.StartRowAsync();
                await writer.WriteAsync(payments[p], NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(paid[p].Customer, NpgsqlDbType.Uuid);
                await writer.WriteAsync($"VIR{p:00000000}", NpgsqlDbType.Varchar);
                await writer.WriteAsync(paid[p].On, NpgsqlDbType.Date);
                await writer.WriteAsync(paid[p].Amount, NpgsqlDbType.Bigint);
                await writer.WriteAsync(paid[p].Currency, NpgsqlDbType.Varchar);
                await writer.WriteAsync("Transfer", NpgsqlDbType.Varchar);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        // The invoices already carry their settled totals: the trigger that keeps them is off during the bulk load.
        await using (var disable = new NpgsqlCommand("ALTER TABLE allocations DISABLE TRIGGER allocations_settled_totals_v3_insert", connection))
        {
            await disable.ExecuteNonQueryAsync();
        }

        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY allocations (id, tenant_id, invoice_id, payment_id, amount_minor, allocated_on, source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 0; p < paid.Count; p++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await writer.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(paid[p].Invoice, NpgsqlDbType.Uuid);
                await writer.WriteAsync(payments[p], NpgsqlDbType.Uuid);
                await writer.WriteAsync(paid[p].Amount, NpgsqlDbType.Bigint);
                await writer.WriteAsync(paid[p].On, NpgsqlDbType.Date);
                await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await using (var enable = new NpgsqlCommand("ALTER TABLE allocations ENABLE TRIGGER allocations_settled_totals_v3_insert", connection))
        {
            await enable.ExecuteNonQueryAsync();
        }

        // The trigger also keeps payments.allocated_minor (and through it the customers' position totals): set it once.
        // The position trigger is off for this one bulk UPDATE (its per-statement upsert of 644,126 rows took more than
        // ten minutes); the caller rebuilds the positions afterwards (PositionTotals.RebuildAsync).
        await using (var disable = new NpgsqlCommand("ALTER TABLE payments DISABLE TRIGGER position_totals_v2_payment_update", connection))
        {
            await disable.ExecuteNonQueryAsync();
        }

        await using (var allocatedTotals = new NpgsqlCommand("""
            UPDATE payments p SET allocated_minor = s.total
            FROM (SELECT payment_id, SUM(amount_minor) AS total FROM allocations WHERE payment_id IS NOT NULL GROUP BY payment_id) s
            WHERE p.id = s.payment_id
            """, connection) { CommandTimeout = 0 })
        {
            await allocatedTotals.ExecuteNonQueryAsync();
        }

        await using (var enable = new NpgsqlCommand("ALTER TABLE payments ENABLE TRIGGER position_totals_v2_payment_update", connection))
        {
            await enable.ExecuteNonQueryAsync();
        }

        return (invoiceCount, paid.Count);
    }
}
