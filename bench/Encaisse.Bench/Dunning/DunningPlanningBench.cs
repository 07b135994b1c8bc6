using System.Diagnostics;
using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Dunning.Planning;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Encaisse.Bench.Dunning;

/// <summary>
/// Planning run (snapshot load + pure planner) over N open invoices on PostgreSQL, against a set-based SQL baseline
/// that selects the same due step per customer in the same run. Data loaded with Npgsql binary COPY into a fresh
/// database that is dropped at the end.
/// </summary>
public static class DunningPlanningBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var customers = Arg(args, "--customers", 100_000);
        var invoices = Arg(args, "--invoices", 1_000_000);
        var server = Value(args, "--pg") ?? Environment.GetEnvironmentVariable("ENCAISSE_TEST_PG")
            ?? "Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres";
        var name = "encaisse_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }

        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
        try
        {
            var factory = new DatabaseFactory(DatabaseTarget.Postgres(connection));
            await factory.MigrateAsync();
            Tenant tenant;
            await using (var db = factory.Create())
            {
                tenant = await TenantStore.CreateAsync(db, "bench", "Bench SAS", TimeProvider.System, default);
            }

            var asOf = new DateOnly(2026, 6, 30);
            DunningPlan plan;
            await using (var db = factory.Create(tenant.Id))
            {
                await DunningSetup.EnsureAsync(db, TimeProvider.System, default);
                plan = await db.Set<DunningPlan>().Include(p => p.Steps).SingleAsync(p => p.ForKind == CustomerKind.Business);
            }

            var load = Stopwatch.StartNew();
            var paidCount = await LoadAsync(connection, tenant.Id, customers, invoices, asOf);
            await using (var c = new NpgsqlConnection(connection))
            {
                await c.OpenAsync();
                await new NpgsqlCommand("VACUUM ANALYZE", c).ExecuteNonQueryAsync();
            }

            Console.WriteLine($"loaded {customers:N0} customers, {invoices:N0} invoices ({paidCount:N0} paid) by binary COPY in {load.Elapsed.TotalSeconds:F1} s");

            // Baseline first so both runs see a warm cache in the same way (one warm-up each).
            await BaselineAsync(connection, tenant.Id, plan.Id, asOf);
            var sql = Stopwatch.StartNew();
            var baseline = await BaselineAsync(connection, tenant.Id, plan.Id, asOf);
            sql.Stop();

            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var run = Stopwatch.StartNew();
            var factoryTenant = factory;
            DunningDecision decision;
            var loadTime = TimeSpan.Zero;
            await using (var db = factoryTenant.Create(tenant.Id))
            {
                var settings = await db.Set<DunningSettings>().AsNoTracking().SingleAsync();
                var planned = await DunningSnapshotLoader.PlanAsync(db, settings, asOf, default);
                loadTime = run.Elapsed - planned.PlannerTime;
                decision = planned.Decision;
            }

            run.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var selected = decision.Actions.Select(a => (a.CustomerId, a.StepNumber ?? 0)).ToHashSet();
            var same = selected.SetEquals(baseline);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"planner run: {run.Elapsed.TotalSeconds:F2} s (snapshot load {loadTime.TotalSeconds:F2} s, pure planner {(run.Elapsed - loadTime).TotalSeconds:F2} s), {decision.Actions.Count:N0} actions, peak working set {peak / 1048576.0:F0} MB, allocated {allocated / 1048576.0:F0} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SQL baseline: {sql.Elapsed.TotalSeconds:F2} s, {baseline.Count:N0} (customer, step) rows; same selection: {same}; ratio planner/SQL = {run.Elapsed.TotalSeconds / sql.Elapsed.TotalSeconds:F1}x"));
            return same ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The same rule in one SQL statement (docs/dunning.md, "Sequence"; nothing sent yet in this data set): per customer, the
    /// first step in order that the most late open invoice has reached among the invoices that reached a step — a
    /// courtesy (pre-due) step only while one of them is not yet due, a step on or after the due date only when something
    /// is overdue.
    /// </summary>
    private static async Task<HashSet<(Guid, int)>> BaselineAsync(string connection, Guid tenantId, Guid planId, DateOnly asOf)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand("""
            WITH paid AS (
                SELECT invoice_id, sum(amount_minor) AS paid FROM allocations
                WHERE tenant_id = @t AND allocated_on <= @asof GROUP BY invoice_id),
            open AS (
                SELECT i.customer_id, (@asof - i.due_date) AS days FROM invoices i LEFT JOIN paid p ON p.invoice_id = i.id
                WHERE i.tenant_id = @t AND i.kind = 'Invoice' AND NOT i.is_factored
                  AND (i.cancelled_on IS NULL OR i.cancelled_on > @asof) AND i.gross_minor > coalesce(p.paid, 0)),
            reached AS (
                SELECT o.customer_id, max(o.days) AS most_late, bool_or(o.days < 0) AS not_yet_due, bool_or(o.days > 0) AS overdue
                FROM open o WHERE o.days >= (SELECT min(offset_days) FROM dunning_step WHERE plan_id = @plan)
                GROUP BY o.customer_id),
            target AS (
                SELECT DISTINCT ON (r.customer_id) r.customer_id, s.number, s.offset_days, r.overdue
                FROM reached r JOIN dunning_step s ON s.plan_id = @plan AND s.offset_days <= r.most_late AND (s.offset_days >= 0 OR r.not_yet_due)
                ORDER BY r.customer_id, s.number)
            SELECT customer_id, number FROM target WHERE offset_days < 0 OR overdue
            """, c);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("plan", planId);
        command.Parameters.AddWithValue("asof", asOf);
        var rows = new HashSet<(Guid, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetGuid(0), reader.GetInt32(1)));
        }

        return rows;
    }

    private static async Task<int> LoadAsync(string connection, Guid tenantId, int customers, int invoices, DateOnly asOf)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var ids = new Guid[customers];
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY customers (id, tenant_id, external_ref, kind, legal_name, billing_country, language, pays_by_direct_debit, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < customers; i++)
            {
                ids[i] = Guid.CreateVersion7();
                await w.StartRowAsync();
                await w.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                await w.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await w.WriteAsync("411C" + i.ToString("D7", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await w.WriteAsync("Business", NpgsqlDbType.Varchar);
                await w.WriteAsync("Client " + i.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await w.WriteAsync("FR", NpgsqlDbType.Varchar);
                await w.WriteAsync("fr", NpgsqlDbType.Varchar);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        var paid = new List<(Guid Invoice, long Amount, DateOnly On)>();
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY invoices (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor, is_factored, source, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < invoices; i++)
            {
                var id = Guid.CreateVersion7();
                var due = asOf.AddDays(random.Next(-150, 20));
                var gross = (long)random.Next(5_000, 2_000_000);
                await w.StartRowAsync();
                await w.WriteAsync(id, NpgsqlDbType.Uuid);
                await w.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await w.WriteAsync(ids[i % customers], NpgsqlDbType.Uuid);
                await w.WriteAsync("FA" + i.ToString("D8", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await w.WriteAsync("Invoice", NpgsqlDbType.Varchar);
                await w.WriteAsync(due.AddDays(-30), NpgsqlDbType.Date);
                await w.WriteAsync(due, NpgsqlDbType.Date);
                await w.WriteAsync("EUR", NpgsqlDbType.Varchar);
                await w.WriteAsync(gross * 5 / 6, NpgsqlDbType.Bigint);
                await w.WriteAsync(gross - (gross * 5 / 6), NpgsqlDbType.Bigint);
                await w.WriteAsync(gross, NpgsqlDbType.Bigint);
                await w.WriteAsync(i % 50 == 0, NpgsqlDbType.Boolean);
                await w.WriteAsync("bench", NpgsqlDbType.Varchar);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                if (random.Next(5) == 0)
                {
                    paid.Add((id, random.Next(3) == 0 ? gross / 2 : gross, due.AddDays(random.Next(-5, 30))));
                }
            }

            await w.CompleteAsync();
        }

        await using (var w = await c.BeginBinaryImportAsync(
            "COPY allocations (id, tenant_id, invoice_id, amount_minor, allocated_on, source, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (invoice, amount, on) in paid)
            {
                await w.StartRowAsync();
                await w.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await w.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                await w.WriteAsync(invoice, NpgsqlDbType.Uuid);
                await w.WriteAsync(amount, NpgsqlDbType.Bigint);
                await w.WriteAsync(on, NpgsqlDbType.Date);
                await w.WriteAsync("bench", NpgsqlDbType.Varchar);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await w.CompleteAsync();
        }

        return paid.Count;
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Arg(string[] args, string name, int fallback) =>
        Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
