using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web;
using Encaisse.Web.Api;
using Npgsql;
using NpgsqlTypes;

namespace Encaisse.Bench.Ledger;

/// <summary>
/// One customer with N invoices (default 1,000,000; 60 % paid) on PostgreSQL: latency of the ledger API
/// endpoints a screen calls for that customer, against the same figures read with hand-written SQL in the same run.
/// </summary>
internal static class ApiLatencyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var invoices = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var connection = await BenchSupport.FreshPostgresDatabaseAsync("encaisse_bench_api");
        var target = DatabaseTarget.Postgres(connection);
        var factory = new DatabaseFactory(target);
        await factory.MigrateAsync();
        Tenant tenant;
        Customer customer;
        await using (var db = factory.Create())
        {
            tenant = new Tenant { Code = "bench", Name = "Bench SAS", CreatedAt = DateTimeOffset.UtcNow };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        await using (var db = factory.Create(tenant.Id))
        {
            customer = new Customer { TenantId = tenant.Id, ExternalRef = "411BIG", LegalName = "Grand Compte SA", CreatedAt = DateTimeOffset.UtcNow };
            db.Customers.Add(customer);
            var (key, _) = ApiKey.Issue(tenant.Id, "bench", DateTimeOffset.UtcNow);
            db.Add(key);
            await db.SaveChangesAsync();
        }

        var loadWatch = System.Diagnostics.Stopwatch.StartNew();
        await LoadAsync(connection, tenant.Id, customer.Id, invoices);
        Console.WriteLine($"loaded {invoices:N0} invoices in {loadWatch.Elapsed.TotalSeconds:F1} s");

        var (apiKey, clear) = ApiKey.Issue(tenant.Id, "bench2", DateTimeOffset.UtcNow);
        await using (var db = factory.Create(tenant.Id))
        {
            db.Add(apiKey);
            await db.SaveChangesAsync();
        }

        var app = EncaisseServer.Build(new ServerOptions(target, "http://127.0.0.1:0") { RunScheduler = false });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        http.DefaultRequestHeaders.Add("X-Api-Key", clear);
        var endpoints = new (string Name, string Path, string Sql)[]
        {
            ("invoice by number", "/api/v1/invoices/FB-0500000",
                "SELECT i.*, (SELECT coalesce(sum(amount_minor),0) FROM allocations a WHERE a.invoice_id = i.id) FROM invoices i WHERE i.tenant_id = @t AND i.number = 'FB-0500000'"),
            ("overdue invoices, page 1", "/api/v1/invoices?customer=411BIG&status=overdue&pageSize=50",
                "SELECT i.number, i.gross_minor - coalesce((SELECT sum(amount_minor) FROM allocations a WHERE a.invoice_id = i.id),0) FROM invoices i WHERE i.tenant_id = @t AND i.customer_id = @c AND i.cancelled_on IS NULL AND i.due_date < current_date AND i.gross_minor > coalesce((SELECT sum(amount_minor) FROM allocations a WHERE a.invoice_id = i.id),0) ORDER BY i.due_date, i.number LIMIT 50"),
            ("open items, page 1", "/api/v1/customers/411BIG/open-items?pageSize=50",
                "SELECT i.number FROM invoices i WHERE i.tenant_id = @t AND i.customer_id = @c AND i.cancelled_on IS NULL AND i.gross_minor > coalesce((SELECT sum(amount_minor) FROM allocations a WHERE a.invoice_id = i.id),0) ORDER BY i.due_date, i.number LIMIT 50"),
            ("customer with balances", "/api/v1/customers/411BIG",
                "SELECT i.currency, sum(i.gross_minor - coalesce(x.s,0)) FROM invoices i LEFT JOIN (SELECT invoice_id, sum(amount_minor) s FROM allocations WHERE tenant_id = @t GROUP BY invoice_id) x ON x.invoice_id = i.id WHERE i.tenant_id = @t AND i.customer_id = @c AND i.cancelled_on IS NULL GROUP BY i.currency"),
        };

        Console.WriteLine();
        Console.WriteLine($"| endpoint | API p50 ms | API p95 ms | SQL p50 ms | SQL p95 ms | p95 ratio API/SQL |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        await using var sql = new NpgsqlConnection(connection);
        await sql.OpenAsync();
        foreach (var (name, path, query) in endpoints)
        {
            var n = name == "customer with balances" ? Math.Max(10, runs / 5) : runs;
            for (var i = 0; i < 3; i++)
            {
                (await http.GetAsync(path)).EnsureSuccessStatusCode();
            }

            var api = await BenchSupport.TimeAsync(n, async () => (await http.GetAsync(path)).EnsureSuccessStatusCode());
            var raw = await BenchSupport.TimeAsync(n, async () =>
            {
                await using var command = new NpgsqlCommand(query, sql);
                command.Parameters.AddWithValue("t", tenant.Id);
                command.Parameters.AddWithValue("c", customer.Id);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {BenchSupport.Percentile(api, 0.5):F1} | {BenchSupport.Percentile(api, 0.95):F1} | {BenchSupport.Percentile(raw, 0.5):F1} | {BenchSupport.Percentile(raw, 0.95):F1} | {BenchSupport.Percentile(api, 0.95) / BenchSupport.Percentile(raw, 0.95):F2} |"));
        }

        await app.StopAsync();
        return 0;
    }

    /// <summary>Binary COPY of invoices, and of a payment + allocation for the 60 % that are paid.</summary>
    private static async Task LoadAsync(string connection, Guid tenantId, Guid customerId, int count)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        var start = new DateOnly(2016, 1, 1);
        var paid = new List<(Guid Invoice, Guid Payment, long Amount, DateOnly On)>(count);
        var now = DateTimeOffset.UtcNow;
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY invoices (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor, is_factored, source, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            var random = new Random(1);
            for (var i = 0; i < count; i++)
            {
                var id = Guid.CreateVersion7();
                var issued = start.AddDays((int)(i * 3650L / count));
                var net = random.Next(10_000, 500_000);
                var gross = net + net / 5;
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(customerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync($"FB-{i:0000000}", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Invoice", NpgsqlDbType.Varchar);
                await copy.WriteAsync(issued, NpgsqlDbType.Date);
                await copy.WriteAsync(issued.AddDays(30), NpgsqlDbType.Date);
                await copy.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await copy.WriteAsync((long)net, NpgsqlDbType.Bigint);
                await copy.WriteAsync((long)(net / 5), NpgsqlDbType.Bigint);
                await copy.WriteAsync((long)gross, NpgsqlDbType.Bigint);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                if (random.Next(10) < 6)
                {
                    paid.Add((id, Guid.CreateVersion7(), gross, issued.AddDays(30 + random.Next(-5, 20))));
                }
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY payments (id, tenant_id, customer_id, reference, received_on, amount_minor, currency, method, source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in paid)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(p.Payment, NpgsqlDbType.Uuid);
                await copy.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(customerId, NpgsqlDbType.Uuid);
                await copy.WriteAsync("P" + p.Payment.ToString("N"), NpgsqlDbType.Varchar);
                await copy.WriteAsync(p.On, NpgsqlDbType.Date);
                await copy.WriteAsync(p.Amount, NpgsqlDbType.Bigint);
                await copy.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await copy.WriteAsync("Transfer", NpgsqlDbType.Varchar);
                await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY allocations (id, tenant_id, invoice_id, payment_id, amount_minor, allocated_on, source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var p in paid)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.Invoice, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.Payment, NpgsqlDbType.Uuid);
                await copy.WriteAsync(p.Amount, NpgsqlDbType.Bigint);
                await copy.WriteAsync(p.On, NpgsqlDbType.Date);
                await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", conn);
        await analyze.ExecuteNonQueryAsync();
    }
}
