using Shouldly;
using Xunit.Abstractions;

namespace Encaisse.Tests.Payments;

/// <summary>
/// The matching engine on the labelled evaluation set (Fixtures/Payments/matching-eval): at most one wrong automatic
/// allocation per 1,000 automatic allocations, on the whole set and on the held-out part. Measured data, not timings.
/// </summary>
public sealed class MatchingEvaluationTests(ITestOutputHelper output)
{
    private static readonly string Data = MatchingEvaluation.FindData() ?? throw new DirectoryNotFoundException("matching-eval fixtures");

    [Fact]
    public void Automatic_allocations_are_wrong_at_most_once_per_thousand()
    {
        var dev = MatchingEvaluation.Run(Data, "dev");
        var holdout = MatchingEvaluation.Run(Data, "holdout");
        output.WriteLine(MatchingEvaluation.Table(dev));
        output.WriteLine(MatchingEvaluation.Table(holdout));

        var all = new ScenarioStats([.. dev.Outcomes, .. holdout.Outcomes]);
        all.Credits.ShouldBeGreaterThanOrEqualTo(600);
        (all.AutoWrong * 1000).ShouldBeLessThanOrEqualTo(all.Auto, MatchingEvaluation.Details(dev, includeMissed: false));
        (holdout.Total.AutoWrong * 1000).ShouldBeLessThanOrEqualTo(holdout.Total.Auto, "holdout: wrong automatic allocations");
    }
}
