using System.Diagnostics;
using System.Globalization;
using Encaisse.Ledger.Storage;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Encaisse.Bench.Reporting;

/// <summary>
/// Aged balance and the KPI set over a synthetic ledger on PostgreSQL, each against two hand-written SQL baselines
/// computing the same figures in the same run: A, correlated per-invoice sums (the way such reports are usually
/// written); B, allocations pre-aggregated per document and hash-joined (the best plain SQL without the settled
/// total of ADR 0610). Usage: reporting [--invoices N] [--customers N] [--pg CONNECTION] [--runs N] [--keep] (keep the database)
/// [--database NAME] (reuse a database loaded by an earlier --keep run).
/// </summary>
internal static class ReportingBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var invoices = Arg(args, "--invoices", 1_000_000);
        var customerCount = Arg(args, "--customers", 20_000);
        var runs = Arg(args, "--runs", 3);
        var server = ArgText(args, "--pg") ?? Environment.GetEnvironmentVariable("ENCAISSE_TEST_PG")
            ?? "Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres";
        var reuse = ArgText(args, "--database");
        var name = reuse ?? "encaisse_bench_reporting_" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, CommandTimeout = 0 }.ConnectionString;
        var factory = new DatabaseFactory(DatabaseTarget.Postgres(connectionString));
        Guid tenantId;
        if (reuse is null)
        {
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }

            await factory.MigrateAsync();
            await using (var db = factory.Create())
            {
                tenantId = (await TenantStore.CreateAsync(db, "bench", "Bench SAS", TimeProvider.System, default)).Id;
            }

            var load = Stopwatch.StartNew();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var (_, allocations) = await ReportingDataset.LoadAsync(connection, tenantId, invoices, customerCount);
            await using (var db = factory.Create())
            {
                await PositionTotals.RebuildAsync(db, default);
            }

            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"dataset {name}: {invoices:N0} invoices, {allocations:N0} payments+allocations, {customerCount:N0} customers; loaded with binary COPY in {load.Elapsed.TotalSeconds:F1} s"));
        }
        else
        {
            await using var db = factory.Create();
            tenantId = await db.Tenants.Where(t => t.Code == "bench").Select(t => t.Id).SingleAsync();
            Console.WriteLine($"dataset {name} reused: {await db.Invoices.IgnoreQueryFilters().CountAsync():N0} invoices");
        }

        var asOf = ReportingDataset.AsOf;
        await using var work = factory.Create(tenantId);
        var aged = await MeasureAsync(runs, async () =>
        {
            var report = await AgedBalanceQuery.RunAsync(work, asOf, AgingBuckets.Default, AgedBalanceGrouping.Customer, default);
            return report.Totals.Sum(t => t.BucketsMinor.Sum() - t.CreditsMinor);
        });
        var agedBaseline = await MeasureAsync(runs, () => ScalarAsync(connectionString, ReportingBaselines.AgedBalance, tenantId, asOf));
        var agedBaselineB = await MeasureAsync(runs, () => ScalarAsync(connectionString, ReportingBaselines.AgedBalancePreAggregated, tenantId, asOf));
        var kpis = await MeasureAsync(runs, async () =>
        {
            var figures = await KpiQuery.FiguresAsync(work, asOf, KpiOptions.Default, default);
            return figures.Sum(f => f.ReceivablesMinor + f.Sales.Sum(s => s.SalesMinor) + f.RecoveredMinor);
        });
        var kpiBaseline = await MeasureAsync(runs, () => ScalarAsync(connectionString, ReportingBaselines.Kpis, tenantId, asOf));
        var kpiBaselineB = await MeasureAsync(runs, () => ScalarAsync(connectionString, ReportingBaselines.KpisPreAggregated, tenantId, asOf));

        Report("aged balance (by customer, 5 buckets)", aged, agedBaseline, agedBaselineB);
        Report("KPI set (DSO simple+countback 24 months, BPDSO, ADD, CEI, recovery, overdue, days late, promises)", kpis, kpiBaseline, kpiBaselineB);
        var same = aged.Check == agedBaseline.Check && aged.Check == agedBaselineB.Check && kpis.Check == kpiBaseline.Check && kpis.Check == kpiBaselineB.Check;
        Console.WriteLine(same ? "check: Encaisse and baselines give the same figures"
            : $"check FAILED: {aged.Check} vs {agedBaseline.Check}/{agedBaselineB.Check}, {kpis.Check} vs {kpiBaseline.Check}/{kpiBaselineB.Check}");
        if (!args.Contains("--keep") && reuse is null)
        {
            await work.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        return same ? 0 : 1;
    }

    private sealed record Measure(double MedianMs, double MinMs, long Check);

    private static async Task<Measure> MeasureAsync(int runs, Func<Task<long>> body)
    {
        var check = await body(); // warm-up (plans, caches)
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            var value = await body();
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (value != check)
            {
                throw new InvalidOperationException("Figures changed between runs.");
            }
        }

        times.Sort();
        return new Measure(times[times.Count / 2], times[0], check);
    }

    private static void Report(string what, Measure ours, Measure baseline, Measure preAggregated) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: Encaisse {ours.MedianMs:F0} ms (min {ours.MinMs:F0}); baseline A correlated {baseline.MedianMs:F0} ms (min {baseline.MinMs:F0}), ratio {ours.MedianMs / baseline.MedianMs:F2}; " +
            $"baseline B pre-aggregated {preAggregated.MedianMs:F0} ms (min {preAggregated.MinMs:F0}), ratio {ours.MedianMs / preAggregated.MedianMs:F2}"));

    private static async Task<long> ScalarAsync(string connectionString, string sql, Guid tenantId, DateOnly asOf)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("asOf", asOf);
        command.CommandTimeout = 600;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static int Arg(string[] args, string name, int fallback) =>
        ArgText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
