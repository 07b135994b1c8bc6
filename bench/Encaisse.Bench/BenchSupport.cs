using System.Diagnostics;
using Npgsql;

namespace Encaisse.Bench;

/// <summary>Shared plumbing for benchmarks: a fresh PostgreSQL database, timing and percentiles.</summary>
internal static class BenchSupport
{
    /// <summary>Server to create benchmark databases on: ENCAISSE_BENCH_PG, else the test server of ./test.sh.</summary>
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("ENCAISSE_BENCH_PG") ?? "Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres";

    public static async Task<string> FreshPostgresDatabaseAsync(string name)
    {
        await using (var admin = new NpgsqlConnection(PostgresServer))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        // No command timeout: bulk loads of millions of rows with foreign keys take minutes on a small machine.
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, CommandTimeout = 0 }.ConnectionString;
    }

    public static async Task<double[]> TimeAsync(int runs, Func<Task> action)
    {
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static long PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024 * 1024);
    }
}
