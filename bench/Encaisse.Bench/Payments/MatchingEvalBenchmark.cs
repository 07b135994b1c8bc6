using System.Globalization;
using Encaisse.Payments.Matching;
using Encaisse.Tests.Payments;

namespace Encaisse.Bench.Payments;

/// <summary>
/// The matching engine on the labelled evaluation set (tests/Encaisse.Tests/Fixtures/Payments/matching-eval): a table
/// per scenario of matchable credits, automatic rate, precision, review and wrong-in-review.
/// Usage: matching-eval [--holdout] [--data DIR] [--details] [--missed] [--only CREDIT-ID] [--threshold 0.85]
/// The held-out part is printed only with --holdout; its per-credit details only with --details as well.
/// </summary>
internal static class MatchingEvalBenchmark
{
    public static int Run(string[] args)
    {
        var data = Value(args, "--data") ?? MatchingEvaluation.FindData();
        if (data is null)
        {
            Console.Error.WriteLine("matching-eval: the evaluation folder was not found; give it with --data DIR");
            return 2;
        }

        var settings = new MatchSettings();
        if (Value(args, "--threshold") is { } threshold)
        {
            settings = settings with { AutoApplyThreshold = decimal.Parse(threshold, CultureInfo.InvariantCulture) };
        }

        var part = args.Contains("--holdout") ? "holdout" : "dev";
        var result = MatchingEvaluation.Run(data, part, settings);
        var total = result.Total;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matching-eval {part}: {total.Credits} credits, {total.Matchable} matchable; automatic {total.AutoCorrectMatchable}/{total.Matchable} = {Rate(total.AutoCorrectMatchable, total.Matchable)} (target >= 95 %); wrong automatic {total.AutoWrong}/{total.Auto} = {PerThousand(total.AutoWrong, total.Auto)} per 1,000 (target <= 1); engine {result.EngineTime.TotalMilliseconds:F0} ms"));
        Console.WriteLine();
        Console.Write(MatchingEvaluation.Table(result));
        if (args.Contains("--details") || args.Contains("--missed") || Value(args, "--only") is not null)
        {
            Console.WriteLine();
            Console.Write(MatchingEvaluation.Details(result, includeMissed: args.Contains("--missed"), Value(args, "--only")));
        }

        return 0;
    }

    private static string Rate(int part, int whole) => whole == 0 ? "—" : (part / (decimal)whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string PerThousand(int part, int whole) => whole == 0 ? "—" : (part * 1000m / whole).ToString("F1", CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
