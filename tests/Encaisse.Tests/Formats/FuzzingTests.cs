using System.Text;
using Encaisse.EInvoicing;
using Encaisse.Formats;
using Encaisse.Formats.EInvoice;
using Encaisse.Formats.Fec;
using Encaisse.Payments;
using Encaisse.Payments.BankFormats;
using Encaisse.Tests.Support;
using Shouldly;
using Xunit.Abstractions;

namespace Encaisse.Tests.Formats;

/// <summary>
/// Issue 16, fuzzing in CI: deterministic mutations (seeded) of the real files (the shared corpus when present, the test fixtures
/// always) fed to every parser and import. Each case must end in a parse or a clear refusal within a generous time, never an
/// unhandled exception; a refused import must leave the database as it was.
/// </summary>
public sealed class FuzzingTests(ITestOutputHelper output)
{
    /// <summary>Fixed so CI is repeatable; <c>ENCAISSE_FUZZ_SEED</c> explores other mutations by hand.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("ENCAISSE_FUZZ_SEED"), out var seed) ? seed : 20261216;
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private static readonly string FixtureRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures");
    private const string CorpusRoot = "/work/shared/corpus";

    private const string InvoicesCsv = """
        Numéro de facture;Référence client;Raison sociale;SIREN;Date facture;Date d'échéance;Montant HT;TVA montant;Montant TTC;Devise
        F-001;C1;Dupont SARL;732 829 320;01/10/2026;31/10/2026;1 000,00;200,00;1 200,00;EUR
        F-002;C2;Martin & Fils;;02/10/2026;30/11/2026;;;500,00;EUR
        F-003;C2;Martin & Fils;;03/10/2026;30/11/2026;;;75,10;EUR
        """;

    private enum Kind { Bank, EInvoice, Fec, Csv }

    private static IEnumerable<(Kind Kind, string Name, byte[] Bytes)> Seeds()
    {
        IEnumerable<(Kind, string)> Files(string root) =>
            !Directory.Exists(root) ? [] : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("LICENSES", StringComparison.Ordinal) && !f.Contains("/xsd/", StringComparison.Ordinal) &&
                            !f.Contains("/validation/", StringComparison.Ordinal) && !f.Contains("schematron", StringComparison.Ordinal) &&
                            !f.Contains("matching-eval", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal))
                .Select(f => f.Contains("/bank/", StringComparison.Ordinal) ? (Kind.Bank, f)
                    : f.Contains("/fec/", StringComparison.Ordinal) ? (Kind.Fec, f)
                    : f.Contains("inv", StringComparison.OrdinalIgnoreCase) || f.Contains("sepa", StringComparison.Ordinal) ? (Kind.EInvoice, f)
                    : (Kind.Csv, f))
                .Where(x => x.Item1 != Kind.Csv)
                .OrderBy(x => x.f, StringComparer.Ordinal);

        foreach (var (kind, file) in Files(FixtureRoot).Concat(Files(CorpusRoot)))
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length <= 2_000_000)
            {
                yield return (kind, file, bytes);
            }
        }

        yield return (Kind.Csv, "invoices.csv", Encoding.UTF8.GetBytes(InvoicesCsv));
    }

    /// <summary>One seeded mutation of <paramref name="bytes"/>: truncation, byte flips, re-encoding, huge numbers, duplicated or removed lines.</summary>
    internal static (string What, byte[] Bytes) Mutate(byte[] bytes, Random random)
    {
        var kind = random.Next(7);
        switch (kind)
        {
            case 0:
                return ("truncated", bytes[..random.Next(Math.Max(1, bytes.Length))]);
            case 1:
            {
                var copy = (byte[])bytes.Clone();
                for (var i = 0; i < 1 + random.Next(8) && copy.Length > 0; i++)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return ("flipped", copy);
            }

            case 2:
            {
                var text = Encoding.UTF8.GetString(bytes);
                return random.Next(3) switch
                {
                    0 => ("utf16", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray()),
                    1 => ("latin1", Encoding.Latin1.GetBytes(text)),
                    _ => ("bom+cp1252-bytes", Encoding.UTF8.GetPreamble().Concat(Encoding.Latin1.GetBytes(text)).ToArray()),
                };
            }

            case 3:
            {
                var text = Encoding.Latin1.GetString(bytes);
                var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
                if (digits.Count == 0)
                {
                    return ("no digits", bytes);
                }

                var at = digits[random.Next(digits.Count)];
                var huge = random.Next(3) switch { 0 => "99999999999999999999999999999999", 1 => "-9223372036854775809", _ => "1e308" };
                return ("huge number", Encoding.Latin1.GetBytes(text[..at] + huge + text[(at + 1)..]));
            }

            case 4:
            case 5:
            {
                var text = Encoding.Latin1.GetString(bytes);
                var lines = text.Split('\n').ToList();
                var line = random.Next(lines.Count);
                if (kind == 4)
                {
                    lines.Insert(line, lines[line]);
                }
                else if (lines.Count > 1)
                {
                    lines.RemoveAt(line);
                }

                return (kind == 4 ? "duplicated line" : "removed line", Encoding.Latin1.GetBytes(string.Join('\n', lines)));
            }

            default:
            {
                // Bytes spliced from elsewhere in the file: out-of-order records, tags opened twice.
                if (bytes.Length < 4)
                {
                    return ("spliced", bytes);
                }

                var from = random.Next(bytes.Length - 1);
                var length = random.Next(1, Math.Min(4096, bytes.Length - from));
                var at = random.Next(bytes.Length);
                return ("spliced", [.. bytes[..at], .. bytes.AsSpan(from, length).ToArray(), .. bytes[at..]]);
            }
        }
    }

    /// <summary>Runs <paramref name="parse"/> off the test thread; a parse still running after <see cref="PerCase"/> is a failure.</summary>
    private static async Task<string?> WithinLimitAsync(Func<Task> parse)
    {
        try
        {
            await Task.Run(parse).WaitAsync(PerCase);
            return null;
        }
        catch (TimeoutException)
        {
            return $"still running after {PerCase.TotalSeconds} s";
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message.Split('\n')[0];
        }
    }

    /// <summary>The pure parsers, a few hundred mutations: a result, or the refusal each parser documents.</summary>
    [Fact]
    public async Task Every_parser_ends_mutated_files_in_a_parse_or_a_clear_refusal()
    {
        var random = new Random(Seed);
        var seeds = Seeds().ToList();
        seeds.Count.ShouldBeGreaterThan(50);
        var failures = new List<string>();
        var cases = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        // Every seed gets mutations until ~600 cases; bank and e-invoice bytes are also fed to the other readers (hostile input).
        for (var round = 0; cases < 600 && round < 10; round++)
        {
            foreach (var (kind, name, bytes) in seeds)
            {
                var (what, mutated) = Mutate(bytes, random);
                cases++;
                var failure = await WithinLimitAsync(() =>
                {
                    switch (kind)
                    {
                        case Kind.Bank:
                            try
                            {
                                BankStatementReader.Read(new MemoryStream(mutated));
                            }
                            catch (StatementFormatException)
                            {
                                // the documented refusal, with its line and reason
                            }

                            break;
                        case Kind.EInvoice:
                            EInvoiceFiles.Read(Path.GetFileName(name), mutated, validateSchema: round == 0);
                            CdarMessage.Read(mutated);
                            break;
                        case Kind.Fec:
                            var issues = new ImportIssues();
                            using (var reader = new StreamReader(new MemoryStream(mutated), TabularFile.DetectEncoding(new MemoryStream(mutated))))
                            {
                                _ = FecReader.Read(reader, issues).Count();
                            }

                            break;
                        case Kind.Csv:
                            try
                            {
                                using var file = TabularFile.Open("invoices.csv", new MemoryStream(mutated));
                                _ = file.Rows.Count();
                            }
                            catch (TabularFormatException)
                            {
                                // the documented refusal, with its line
                            }

                            break;
                    }

                    return Task.CompletedTask;
                });
                if (failure is not null)
                {
                    failures.Add($"{Path.GetRelativePath("/", name)} [{what}, round {round}]: {failure}");
                }
            }
        }

        output.WriteLine($"{cases} cases from {seeds.Count} files in {started.Elapsed.TotalSeconds:F1} s");
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
    }

    /// <summary>Imports on both databases: a refused import (bank statement, FEC, invoices CSV, e-invoice) changes nothing.</summary>
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refused_import_of_a_mutated_file_leaves_the_database_as_it_was(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var tenant = await database.AddTenantAsync();
        var clock = TimeProvider.System;
        // A ledger to protect: the original invoices.
        var first = await LedgerImport.RunAsync(database.Factory, tenant, ImportKind.Invoices, "invoices.csv", new MemoryStream(Encoding.UTF8.GetBytes(InvoicesCsv)),
            new ImportOptions(), clock, default);
        first.Written.ShouldBeTrue();

        var random = new Random(Seed + provider.Length);
        var seeds = Seeds().GroupBy(s => s.Kind).SelectMany(g => g.Take(6)).ToList();
        var failures = new List<string>();
        var refused = 0;
        foreach (var (kind, name, bytes) in seeds)
        {
            for (var i = 0; i < 3; i++)
            {
                var (what, mutated) = Mutate(bytes, random);
                var before = await SnapshotAsync(database);
                bool written = false;
                var failure = await WithinLimitAsync(async () =>
                {
                    switch (kind)
                    {
                        case Kind.Bank:
                            await using (var db = database.For(tenant))
                            {
                                written = (await StatementImport.ImportFileAsync(db, new MemoryStream(mutated), Path.GetFileName(name), null, false, clock, default)).IsOk;
                            }

                            break;
                        case Kind.EInvoice:
                            var report = await EInvoiceImport.RunAsync(database.Factory, tenant, [(Path.GetFileName(name), mutated)], "fuzz", clock, default);
                            written = report.Imported > 0 || report.Unchanged > 0;
                            break;
                        case Kind.Fec:
                        case Kind.Csv:
                            var ledger = await LedgerImport.RunAsync(database.Factory, tenant, kind == Kind.Fec ? ImportKind.Fec : ImportKind.Invoices,
                                kind == Kind.Fec ? "fec.txt" : "invoices.csv", new MemoryStream(mutated), new ImportOptions(), clock, default);
                            written = ledger.Written;
                            break;
                    }
                });
                if (failure is not null)
                {
                    failures.Add($"{Path.GetRelativePath("/", name)} [{what}]: {failure}");
                    continue;
                }

                if (!written)
                {
                    refused++;
                    var after = await SnapshotAsync(database);
                    if (after != before)
                    {
                        failures.Add($"{Path.GetRelativePath("/", name)} [{what}]: refused but the database changed");
                    }
                }
            }
        }

        output.WriteLine($"{seeds.Count * 3} import cases, {refused} refused");
        refused.ShouldBeGreaterThan(0);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(30)));
    }

    private static readonly string[] Tables =
    [
        "customers", "contacts", "invoices", "instalments", "payments", "allocations", "bank_statement", "bank_transaction", "einvoices",
        "invoice_document", "timeline_event", "payer_alias",
    ];

    /// <summary>Every row of the tables an import writes, as text (the ledger's contents, not only its counts).</summary>
    private static async Task<string> SnapshotAsync(TestDatabase database)
    {
        var text = new StringBuilder();
        await using var connection = database.Factory.OpenRawConnection();
        foreach (var table in Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            await using (var reader = await command.ExecuteReaderAsync())
            {
                text.Append(table).Append('\n');
                while (await reader.ReadAsync())
                {
                    for (var c = 0; c < reader.FieldCount; c++)
                    {
                        text.Append(reader.IsDBNull(c) ? "∅" : reader.GetValue(c) is byte[] b ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(b)) : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                    }

                    text.Append('\n');
                }
            }
        }

        return text.ToString();
    }
}
