using System.Diagnostics;
using System.Globalization;
using System.Text;
using Encaisse.Formats;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Npgsql;

namespace Encaisse.Bench.Formats;

/// <summary>
/// Imports N invoices for M customers from one French CSV (';', decimal comma, dd/MM/yyyy, customer columns)
/// into PostgreSQL and SQLite, and measures PostgreSQL's own COPY of the same file in the same run as the baseline.
/// Usage: imports [--invoices N] [--customers M] [--pg CONNECTION] [--no-sqlite]
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var invoices = IntArg(args, "--invoices", 1_000_000);
        var customers = IntArg(args, "--customers", invoices / 10);
        var server = StringArg(args, "--pg") ?? Environment.GetEnvironmentVariable("ENCAISSE_BENCH_PG")
            ?? "Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres";
        if (File.Exists("/proc/loadavg"))
        {
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }

        var work = Path.Combine(Path.GetTempPath(), "encaisse-bench-imports-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var csv = Path.Combine(work, "invoices.csv");
        var sw = Stopwatch.StartNew();
        var size = Generate(csv, invoices, customers);
        Console.WriteLine($"dataset: {invoices:N0} invoices, {customers:N0} customers, {size / 1048576.0:F1} MB CSV (generated in {sw.Elapsed.TotalSeconds:F1} s)");

        if (args.Contains("--trace"))
        {
            Encaisse.Formats.Storage.Staging.Trace = line => Console.WriteLine("  " + line);
        }

        var dbName = "encaisse_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {dbName}");
        try
        {
            var target = DatabaseTarget.Postgres(new NpgsqlConnectionStringBuilder(server) { Database = dbName }.ConnectionString);
            var factory = new DatabaseFactory(target);
            await factory.MigrateAsync();

            var parse = Stopwatch.StartNew();
            var parsed = 0;
            using (var file = TabularFile.Open(csv))
            {
                var issues = new ImportIssues();
                foreach (var invoice in LedgerRows.Create(ImportKind.Invoices, file.Headers, issues).Invoices(file.Rows))
                {
                    parsed++;
                }
            }

            Console.WriteLine($"parse only (no database): {parse.Elapsed.TotalSeconds:F2} s, {parsed / parse.Elapsed.TotalSeconds:N0} rows/s");

            // Baseline: PostgreSQL's COPY of the same file into a plain table (text columns, no index).
            var copySeconds = await CopyBaselineAsync(target.ConnectionString, csv);
            Console.WriteLine($"postgres COPY baseline: {copySeconds:F2} s, {invoices / copySeconds:N0} rows/s");

            var indexedCopySeconds = await IndexedCopyBaselineAsync(target.ConnectionString, invoices, customers);
            Console.WriteLine($"postgres binary COPY of the same rows into a table shaped and indexed like invoices: {indexedCopySeconds:F2} s, {invoices / indexedCopySeconds:N0} rows/s");

            var pg = await ImportAsync(factory, csv, "pg");
            Console.WriteLine($"postgres import: {pg.Seconds:F2} s, {invoices / pg.Seconds:N0} rows/s, ratio to COPY {copySeconds / pg.Seconds:F2}x, to indexed COPY {indexedCopySeconds / pg.Seconds:F2}x; created {pg.Report.Created:N0} invoices, {pg.Report.Customers?.Created:N0} customers");
            if (!args.Contains("--no-reimport"))
            {
                var pgAgain = await ImportAsync(factory, csv, "pg");
                Console.WriteLine($"postgres re-import (all updates): {pgAgain.Seconds:F2} s, {invoices / pgAgain.Seconds:N0} rows/s; updated {pgAgain.Report.Updated:N0}");
            }

            NpgsqlConnection.ClearAllPools();

            if (!args.Contains("--no-sqlite"))
            {
                var sqlite = new DatabaseFactory(DatabaseTarget.Sqlite(Path.Combine(work, "bench.db")));
                await sqlite.MigrateAsync();
                var lite = await ImportAsync(sqlite, csv, "sqlite");
                Console.WriteLine($"sqlite import: {lite.Seconds:F2} s, {invoices / lite.Seconds:N0} rows/s, ratio to postgres COPY {copySeconds / lite.Seconds:F2}x; created {lite.Report.Created:N0}");
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            Console.WriteLine($"peak working set of the benchmark process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {dbName} WITH (FORCE)");
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    private static async Task<(double Seconds, ImportReport Report)> ImportAsync(DatabaseFactory factory, string csv, string label)
    {
        global::Encaisse.Ledger.Tenant tenant;
        await using (var db = factory.Create())
        {
            tenant = db.Tenants.FirstOrDefault() ?? await TenantStore.CreateAsync(db, "bench", "Bench SAS", TimeProvider.System, default);
        }

        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var report = await LedgerImport.RunAsync(factory, tenant, ImportKind.Invoices, csv, new ImportOptions(), TimeProvider.System, default);
        sw.Stop();
        Console.WriteLine($"  ({label}: CPU time of the importing process {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        if (!report.Written)
        {
            throw new InvalidOperationException($"{label}: import rejected: {report.Errors.FirstOrDefault()}");
        }

        return (sw.Elapsed.TotalSeconds, report);
    }

    private static async Task<double> CopyBaselineAsync(string connectionString, string csv)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE copy_baseline (number text, customer_ref text, customer_name text, siren text, issue_date text, due_date text, net text, tax text, gross text, currency text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var sw = Stopwatch.StartNew();
        await using (var writer = await connection.BeginTextImportAsync("COPY copy_baseline FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"))
        {
            using var reader = new StreamReader(csv, Encoding.UTF8);
            var buffer = new char[1 << 16];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                await writer.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        sw.Stop();
        await using (var drop = new NpgsqlCommand("DROP TABLE copy_baseline", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Second baseline: the rows already converted (no parsing), binary-COPied into a table with the columns and
    /// indexes of <c>invoices</c> (no foreign keys): what PostgreSQL itself needs to store them where they go.
    /// </summary>
    private static async Task<double> IndexedCopyBaselineAsync(string connectionString, int invoices, int customers)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE copy_indexed (LIKE invoices INCLUDING DEFAULTS INCLUDING INDEXES)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var tenant = Guid.CreateVersion7();
        var customerIds = Enumerable.Range(0, customers).Select(_ => Guid.CreateVersion7()).ToArray();
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var start = new DateOnly(2024, 1, 1);
        var sw = Stopwatch.StartNew();
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY copy_indexed (id, tenant_id, customer_id, number, kind, issue_date, due_date, currency, net_minor, tax_minor, gross_minor, is_factored, source, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < invoices; i++)
            {
                var issue = start.AddDays(random.Next(0, 700));
                long net = random.Next(5_000, 5_000_000);
                await importer.StartRowAsync();
                await importer.WriteAsync(Guid.CreateVersion7(), NpgsqlTypes.NpgsqlDbType.Uuid);
                await importer.WriteAsync(tenant, NpgsqlTypes.NpgsqlDbType.Uuid);
                await importer.WriteAsync(customerIds[i % customers], NpgsqlTypes.NpgsqlDbType.Uuid);
                await importer.WriteAsync("FA-" + i.ToString("D8", CultureInfo.InvariantCulture), NpgsqlTypes.NpgsqlDbType.Varchar);
                await importer.WriteAsync("Invoice", NpgsqlTypes.NpgsqlDbType.Varchar);
                await importer.WriteAsync(issue, NpgsqlTypes.NpgsqlDbType.Date);
                await importer.WriteAsync(issue.AddDays(30), NpgsqlTypes.NpgsqlDbType.Date);
                await importer.WriteAsync("EUR", NpgsqlTypes.NpgsqlDbType.Varchar);
                await importer.WriteAsync(net, NpgsqlTypes.NpgsqlDbType.Bigint);
                await importer.WriteAsync(net / 5, NpgsqlTypes.NpgsqlDbType.Bigint);
                await importer.WriteAsync(net + net / 5, NpgsqlTypes.NpgsqlDbType.Bigint);
                await importer.WriteAsync(false, NpgsqlTypes.NpgsqlDbType.Boolean);
                await importer.WriteAsync("csv", NpgsqlTypes.NpgsqlDbType.Varchar);
                await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await importer.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
            }

            await importer.CompleteAsync();
        }

        sw.Stop();
        await using (var drop = new NpgsqlCommand("DROP TABLE copy_indexed", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        return sw.Elapsed.TotalSeconds;
    }

    private static long Generate(string path, int invoices, int customers)
    {
        var random = new Random(42);
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16))
        {
            writer.WriteLine("Numéro de facture;Référence client;Raison sociale;SIREN;Date facture;Date d'échéance;Montant HT;TVA;Montant TTC;Devise");
            var start = new DateOnly(2024, 1, 1);
            for (var i = 0; i < invoices; i++)
            {
                var customer = i % customers;
                var issue = start.AddDays(random.Next(0, 700));
                var net = random.Next(5_000, 5_000_000);
                var tax = net / 5;
                var siren = global::Encaisse.Legal.FrenchIdentifiers.CompleteSiren((10_000_000 + customer).ToString(CultureInfo.InvariantCulture));
                writer.Write("FA-");
                writer.Write(i.ToString("D8", CultureInfo.InvariantCulture));
                writer.Write(";C");
                writer.Write(customer.ToString("D6", CultureInfo.InvariantCulture));
                writer.Write(";Client ");
                writer.Write(customer.ToString(CultureInfo.InvariantCulture));
                writer.Write(" SARL;");
                writer.Write(siren);
                writer.Write(';');
                writer.Write(issue.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
                writer.Write(';');
                writer.Write(issue.AddDays(30).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
                writer.Write(';');
                writer.Write((net / 100m).ToString("F2", fr));
                writer.Write(';');
                writer.Write((tax / 100m).ToString("F2", fr));
                writer.Write(';');
                writer.Write(((net + tax) / 100m).ToString("F2", fr));
                writer.WriteLine(";EUR");
            }
        }

        return new FileInfo(path).Length;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int IntArg(string[] args, string name, int fallback) =>
        StringArg(args, name) is { } value ? int.Parse(value.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    private static string? StringArg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
