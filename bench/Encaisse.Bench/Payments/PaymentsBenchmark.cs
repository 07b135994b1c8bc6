using System.Diagnostics;
using System.Globalization;
using Encaisse.Payments.Matching;

namespace Encaisse.Bench.Payments;

/// <summary>
/// Matching benchmark: labelled statements generated against a portfolio (see <see cref="MatchScenario"/>), scored for
/// auto-match rate and precision; then throughput of the indexed engine against a naive scan baseline.
/// Usage: payments [--invoices 1000000] [--transactions 10000] [--seed 42] [--repeat N]
/// With --repeat, index and matching are run N more times once warm and the smallest CPU time of each is printed
/// (less sensitive to other processes on a shared machine than the wall time of the first, cold run).
/// </summary>
internal static class PaymentsBenchmark
{
    public static int Run(string[] args)
    {
        var invoices = Option(args, "--invoices", 1_000_000);
        var transactions = Option(args, "--transactions", 10_000);
        var seed = Option(args, "--seed", 42);
        var ci = CultureInfo.InvariantCulture;

        var generate = Stopwatch.StartNew();
        var portfolio = Portfolio.Generate(invoices, seed);
        var labelled = MatchScenario.Generate(portfolio, transactions, seed + 1);
        generate.Stop();
        Console.WriteLine(string.Create(ci, $"dataset: {portfolio.Invoices.Count:N0} open invoices, {portfolio.CustomerCount:N0} customers, {labelled.Count:N0} transactions (generated in {generate.Elapsed.TotalSeconds:F1} s)"));

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var index = Stopwatch.StartNew();
        var engine = new MatchingEngine(portfolio.Invoices, portfolio.KnownPayers);
        index.Stop();
        var afterIndex = GC.GetTotalMemory(forceFullCollection: true);
        var match = Stopwatch.StartNew();
        var run = engine.Match(labelled.Select(l => l.Input));
        match.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;

        var quality = Quality.Of(labelled, run);
        Console.WriteLine(string.Create(ci, $"matchable: {quality.Matchable:N0}; applied automatically: {quality.AutoOnMatchable:N0} = {quality.AutoRate:P2} (target >= 95%)"));
        Console.WriteLine(string.Create(ci, $"automatic matches: {quality.Auto:N0}, correct {quality.AutoCorrect:N0} = precision {quality.Precision:P2} (target >= 99.5%)"));
        Console.WriteLine(string.Create(ci, $"review queue: {quality.Review:N0}; unmatched: {run.Unmatched.Count:N0} (of which unrelated credits {quality.UnrelatedUnmatched:N0}/{quality.Unrelated:N0})"));
        foreach (var (scenario, stats) in quality.ByScenario.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(ci, $"  {scenario,-22} n={stats.Count,6:N0} auto={stats.Auto,6:N0} correct-auto={stats.Correct,6:N0}"));
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine(string.Create(ci, $"engine: index {index.Elapsed.TotalSeconds:F2} s, match {match.Elapsed.TotalSeconds:F2} s, total {(index.Elapsed + match.Elapsed).TotalSeconds:F2} s for {labelled.Count:N0} x {portfolio.Invoices.Count:N0} (target < 10 s); CPU time {cpu.TotalSeconds:F2} s; load average {LoadAverage()}"));
        Console.WriteLine(string.Create(ci, $"memory: index {(afterIndex - before) / 1048576.0:F0} MiB managed; peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB; GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MiB"));

        // Baseline: the O(transactions x invoices) approach (look for every invoice number in every remittance text), timed on a sample.
        var sample = labelled.Take(Math.Min(20, labelled.Count)).ToList();
        var naive = Stopwatch.StartNew();
        var naiveHits = 0;
        foreach (var l in sample)
        {
            var text = (l.Input.RemittanceInformation ?? "").ToUpperInvariant();
            foreach (var invoice in portfolio.Invoices)
            {
                if (text.Contains(invoice.Number, StringComparison.Ordinal))
                {
                    naiveHits++;
                }
            }
        }

        naive.Stop();
        var naivePerTx = naive.Elapsed.TotalMilliseconds / sample.Count;
        var enginePerTx = match.Elapsed.TotalMilliseconds / labelled.Count;
        Console.WriteLine(string.Create(ci, $"baseline naive scan: {naivePerTx:F1} ms per transaction ({naiveHits} hits on a {sample.Count}-transaction sample) -> {naivePerTx * labelled.Count / 1000:F0} s extrapolated for {labelled.Count:N0}"));
        Console.WriteLine(string.Create(ci, $"engine: {enginePerTx:F3} ms per transaction = {naivePerTx / enginePerTx:F0}x faster than the baseline"));

        var repeat = Option(args, "--repeat", 0);
        if (repeat > 0)
        {
            var bestIndex = TimeSpan.MaxValue;
            var bestMatch = TimeSpan.MaxValue;
            var inputs = labelled.Select(l => l.Input).ToList();
            for (var r = 0; r < repeat; r++)
            {
                GC.Collect();
                var t0 = Process.GetCurrentProcess().TotalProcessorTime;
                var again = new MatchingEngine(portfolio.Invoices, portfolio.KnownPayers);
                var t1 = Process.GetCurrentProcess().TotalProcessorTime;
                again.Match(inputs);
                var t2 = Process.GetCurrentProcess().TotalProcessorTime;
                bestIndex = t1 - t0 < bestIndex ? t1 - t0 : bestIndex;
                bestMatch = t2 - t1 < bestMatch ? t2 - t1 : bestMatch;
            }

            Console.WriteLine(string.Create(ci, $"warm, smallest CPU time of {repeat} runs: index {bestIndex.TotalSeconds:F2} s, match {bestMatch.TotalSeconds:F2} s, total {(bestIndex + bestMatch).TotalSeconds:F2} s; load average {LoadAverage()}"));
        }

        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
