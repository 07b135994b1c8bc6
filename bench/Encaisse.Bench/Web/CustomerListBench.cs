using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Encaisse.Storage;
using Encaisse.Web.BackOffice;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Bench.Web;

/// <summary>
/// The back office's customers list and dashboard queries over a large portfolio (default 100,000 customers with
/// 4 invoices each, a third of them partly paid) on SQLite. Baseline: the cheapest possible page, a raw
/// <c>SELECT ... ORDER BY legal_name LIMIT 51</c> on the same database, measured in the same run.
/// Usage: web-customers [--customers N] [--runs R]
/// </summary>
internal static class CustomerListBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = Option(args, "--customers", 100_000);
        var runs = Option(args, "--runs", 15);
        var path = Path.Combine(Path.GetTempPath(), $"encaisse-bench-web-{Guid.NewGuid():N}.db");
        var factory = new DatabaseFactory(DatabaseTarget.Sqlite(path));
        try
        {
            await factory.MigrateAsync();
            var tenantId = Guid.CreateVersion7();
            var today = new DateOnly(2026, 3, 16);
            var seed = Stopwatch.StartNew();
            Seed(factory, tenantId, customers, today);
            Console.WriteLine($"seeded {customers:N0} customers, {customers * 4:N0} invoices in {seed.Elapsed.TotalSeconds:F1} s");

            await using var db = factory.Create(tenantId);
            var baseline = await MeasureAsync(runs, async () =>
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT id, legal_name FROM customers WHERE tenant_id = $t ORDER BY legal_name LIMIT 51";
                var p = command.CreateParameter();
                p.ParameterName = "$t";
                p.Value = tenantId.ToString().ToUpperInvariant();
                command.Parameters.Add(p);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            Console.WriteLine($"| baseline A: raw page of 50 names | {baseline:F2} ms | 1.0 | |");
            var scan = await MeasureAsync(runs, async () =>
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT SUM(gross_minor) FROM invoices WHERE tenant_id = $t AND cancelled_on IS NULL";
                var p = command.CreateParameter();
                p.ParameterName = "$t";
                p.Value = tenantId.ToString().ToUpperInvariant();
                command.Parameters.Add(p);
                await command.ExecuteScalarAsync();
            });
            Console.WriteLine($"| baseline B: raw SUM over the tenant's invoices | {scan:F2} ms | {scan / baseline:F1} | 1.0 |");
            async Task Case(string name, Func<Task> body)
            {
                var ms = await MeasureAsync(runs, body);
                Console.WriteLine($"| {name} | {ms:F2} ms | {ms / baseline:F1} | {ms / scan:F2} |");
            }

            await Case("list page 1 by name + balances", () => CustomerDirectory.SearchAsync(db, tenantId, "EUR", today, new CustomerQuery(), default));
            await Case("list page 500 by name", () => CustomerDirectory.SearchAsync(db, tenantId, "EUR", today, new CustomerQuery(Page: 500), default));
            await Case("search 'dupont 12'", () => CustomerDirectory.SearchAsync(db, tenantId, "EUR", today, new CustomerQuery(Search: "dupont 12"), default));
            await Case("overdue only, collector filter", () => CustomerDirectory.SearchAsync(db, tenantId, "EUR", today, new CustomerQuery(OverdueOnly: true, Collector: "marie"), default));
            await Case("sorted by overdue amount (whole ledger aggregate)", () => CustomerDirectory.SearchAsync(db, tenantId, "EUR", today, new CustomerQuery(Sort: CustomerSort.Overdue, Descending: true), default));
            // The dashboard's former own SQL (removed from the app: it now reads the Reporting query), kept here as the
            // reference the Reporting summary is compared with in the same run.
            await Case("former dashboard SQL (reference, removed from the app)", async () =>
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = FormerDashboardSql;
                foreach (var (name, value) in new (string, object)[]
                         {
                             ("$t", tenantId.ToString().ToUpperInvariant()), ("$d0", Day(today)), ("$d30", Day(today.AddDays(-30))),
                             ("$d60", Day(today.AddDays(-60))), ("$d90", Day(today.AddDays(-90))),
                         })
                {
                    var p = command.CreateParameter();
                    p.ParameterName = name;
                    p.Value = value;
                    command.Parameters.Add(p);
                }

                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            });
            await Case("dashboard aged balance (Reporting summary, one query)", () => Encaisse.Reporting.PortfolioFigures.AgedAsync(db, "EUR", today, default));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private const string FormerDashboardSql = """
        SELECT SUM(x.o), SUM(CASE WHEN x.due >= $d0 THEN x.o ELSE 0 END),
               SUM(CASE WHEN x.due < $d0 AND x.due >= $d30 THEN x.o ELSE 0 END), SUM(CASE WHEN x.due < $d30 AND x.due >= $d60 THEN x.o ELSE 0 END),
               SUM(CASE WHEN x.due < $d60 AND x.due >= $d90 THEN x.o ELSE 0 END), SUM(CASE WHEN x.due < $d90 THEN x.o ELSE 0 END),
               COUNT(*), COUNT(DISTINCT CASE WHEN x.due < $d0 THEN x.customer_id END)
        FROM (SELECT i.customer_id, i.due_date AS due, i.gross_minor - COALESCE(p.paid, 0) AS o FROM invoices i
              LEFT JOIN (SELECT a.invoice_id, SUM(a.amount_minor) AS paid FROM allocations a WHERE a.tenant_id = $t GROUP BY a.invoice_id) p
                     ON p.invoice_id = i.id
              WHERE i.tenant_id = $t AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND i.currency = 'EUR') x
        WHERE x.o > 0
        """;

    private static async Task<double> MeasureAsync(int runs, Func<Task> body)
    {
        await body(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await body();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static void Seed(DatabaseFactory factory, Guid tenantId, int customers, DateOnly today)
    {
        using var connection = factory.OpenRawConnection();
        using var transaction = connection.BeginTransaction();
        var t = tenantId.ToString().ToUpperInvariant();
        var now = "2026-03-16 09:00:00+00:00";
        Execute(connection, transaction, $"INSERT INTO tenants (id, code, name, address_country, default_payment_terms, currency, time_zone, created_at) VALUES ('{t}', 'bench', 'Bench', 'FR', 'net30', 'EUR', 'Europe/Paris', '{now}')");
        var names = new[] { "Dupont", "Martin", "Bernard", "Leroy", "Garnier", "Moreau", "Lefèvre", "Roux", "Fournier", "Girard" };
        var kinds = new[] { "SARL", "SAS", "SA", "EURL" };
        var collectors = new[] { "marie", "paul", "lina", "hugo" };
        using var customer = Command(connection, transaction,
            "INSERT INTO customers (id, tenant_id, external_ref, kind, legal_name, siren, segment, collector, risk_class, billing_country, language, pays_by_direct_debit, created_at, updated_at) " +
            "VALUES ($id, $t, $ref, 'Business', $name, $siren, $segment, $collector, $risk, 'FR', 'fr', 0, $now, $now)", "$id", "$t", "$ref", "$name", "$siren", "$segment", "$collector", "$risk", "$now");
        using var invoice = Command(connection, transaction,
            "INSERT INTO invoices (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor, is_factored, source, created_at, updated_at) " +
            "VALUES ($id, $t, $c, $n, 'Invoice', $issue, $due, 'EUR', $net, $tax, $gross, 0, 'bench', $now, $now)", "$id", "$t", "$c", "$n", "$issue", "$due", "$net", "$tax", "$gross", "$now");
        using var allocation = Command(connection, transaction,
            "INSERT INTO allocations (id, tenant_id, invoice_id, amount_minor, allocated_on, source, created_at) VALUES ($id, $t, $i, $amount, $on, 'bench', $now)",
            "$id", "$t", "$i", "$amount", "$on", "$now");
        var random = new Random(42);
        var number = 0;
        for (var c = 0; c < customers; c++)
        {
            var customerId = Guid.CreateVersion7().ToString().ToUpperInvariant();
            Run(customer, customerId, t, "411C" + c.ToString("D6", CultureInfo.InvariantCulture),
                $"{names[c % names.Length]} {c} {kinds[c % kinds.Length]}", (100_000_000 + c).ToString(CultureInfo.InvariantCulture),
                c % 3 == 0 ? "BTP" : "Commerce", collectors[c % collectors.Length], ((char)('A' + (c % 5))).ToString(), now);
            for (var k = 0; k < 4; k++)
            {
                var invoiceId = Guid.CreateVersion7().ToString().ToUpperInvariant();
                var issue = today.AddDays(-random.Next(0, 240));
                var gross = random.Next(10_000, 2_000_000);
                Run(invoice, invoiceId, t, customerId, "FA" + (number++).ToString("D8", CultureInfo.InvariantCulture), Iso(issue), Iso(issue.AddDays(30)),
                    gross * 100L / 120, gross - (gross * 100L / 120), (long)gross, now);
                if (random.Next(3) == 0)
                {
                    Run(allocation, Guid.CreateVersion7().ToString().ToUpperInvariant(), t, invoiceId, (long)(gross / 2), Iso(issue.AddDays(20)), now);
                }
            }
        }

        transaction.Commit();
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }

        command.Prepare();
        return command;
    }

    private static void Run(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
