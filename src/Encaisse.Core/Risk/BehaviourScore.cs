using Encaisse.Ledger;
using Encaisse.Reporting;

namespace Encaisse.Risk;

/// <summary>What the score looks at for one customer, in the tenant's currency.</summary>
public sealed record CustomerHistory(
    Guid CustomerId,
    IReadOnlyList<PortfolioInvoice> Invoices,
    IReadOnlyList<DateOnly> DisputesOpenedOn,
    IReadOnlyList<PromiseOutcome> Promises)
{
    public DateOnly? InsolvencyOpenedOn { get; init; }
    public DateOnly? CeasedOn { get; init; }
}

/// <summary>One reason behind a score, with the points it cost (negative) or earned.</summary>
public sealed record ScoreReason(string Code, string Text, int Points);

public sealed record RiskScore(Guid CustomerId, int Score, string RiskClass, IReadOnlyList<ScoreReason> Reasons,
    decimal? AverageDaysLate, decimal? LateShare, decimal? RecentDaysLate);

/// <summary>
/// Behaviour score of a customer from its own payment history (docs/risk.md, ADR 0600): starts at 100 and loses
/// points for amount-weighted lateness, the share of late invoices, a worsening trend, disputes, broken
/// promises and very old debt. Class A (≥ 85) to E (&lt; 30); a collective procedure or a ceased company is E.
/// </summary>
public static class BehaviourScore
{
    /// <summary>Days of tolerance before an invoice counts as late (bank and processing lag).</summary>
    public const int LateTolerance = 5;

    public static RiskScore Compute(CustomerHistory history, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(history);
        var reasons = new List<ScoreReason>();
        if (history.InsolvencyOpenedOn is { } opened && opened <= asOf)
        {
            reasons.Add(new ScoreReason("insolvency", $"Collective procedure opened on {opened:yyyy-MM-dd}", -100));
            return new RiskScore(history.CustomerId, 0, "E", reasons, null, null, null);
        }

        if (history.CeasedOn is { } ceased && ceased <= asOf)
        {
            reasons.Add(new ScoreReason("ceased", $"Company ceased on {ceased:yyyy-MM-dd}", -100));
            return new RiskScore(history.CustomerId, 0, "E", reasons, null, null, null);
        }

        var yearAgo = asOf.AddMonths(-12);
        var recentStart = asOf.AddMonths(-3);
        var all = Lateness(history.Invoices, yearAgo, asOf);
        var recent = Lateness(history.Invoices, recentStart, asOf);
        var earlier = Lateness(history.Invoices, yearAgo, recentStart);
        if (all.Count == 0)
        {
            reasons.Add(new ScoreReason("no-history", "No invoice due in the last 12 months: no payment history yet", -40));
            return new RiskScore(history.CustomerId, 60, ClassOf(60), reasons, null, null, null);
        }

        var score = 100;
        var averageLate = all.WeightedDays;
        if (averageLate > 0)
        {
            var points = (int)Math.Min(40m, Math.Ceiling(averageLate));
            score -= points;
            reasons.Add(new ScoreReason("days-late", $"Pays on average {averageLate:0.#} days late (amount-weighted, 12 months)", -points));
        }

        var share = (decimal)all.LateCount / all.Count;
        if (all.LateCount > 0)
        {
            var points = (int)Math.Round(share * 20m, MidpointRounding.AwayFromZero);
            score -= points;
            reasons.Add(new ScoreReason("late-share", $"{all.LateCount} of {all.Count} invoices paid or still open more than {LateTolerance} days after due", -points));
        }

        if (recent.Count > 0 && earlier.Count > 0)
        {
            var change = recent.WeightedDays - earlier.WeightedDays;
            if (change > 10)
            {
                score -= 10;
                reasons.Add(new ScoreReason("worsening", $"Lateness worsened by {change:0.#} days over the last 3 months", -10));
            }
            else if (change < -10)
            {
                score += 5;
                reasons.Add(new ScoreReason("improving", $"Lateness improved by {-change:0.#} days over the last 3 months", 5));
            }
        }

        var disputes = history.DisputesOpenedOn.Count(d => d > yearAgo && d <= asOf);
        if (disputes > 0)
        {
            var points = Math.Min(15, disputes * 5);
            score -= points;
            reasons.Add(new ScoreReason("disputes", $"{disputes} dispute(s) opened in 12 months", -points));
        }

        var broken = history.Promises.Count(p => !p.Kept && p.ResolvedOn > yearAgo && p.ResolvedOn <= asOf);
        if (broken > 0)
        {
            var points = Math.Min(24, broken * 8);
            score -= points;
            reasons.Add(new ScoreReason("broken-promises", $"{broken} promise(s) to pay broken in 12 months", -points));
        }

        if (history.Invoices.Any(i => i.Kind == DocumentKind.Invoice && i.OpenOn(asOf) > 0 && asOf.DayNumber - i.DueDate.DayNumber > 90))
        {
            score -= 10;
            reasons.Add(new ScoreReason("over-90", "An invoice is more than 90 days overdue", -10));
        }

        score = Math.Clamp(score, 0, 100);
        return new RiskScore(history.CustomerId, score, ClassOf(score), reasons,
            KpiFormulas.Display(averageLate), KpiFormulas.Display(share * 100m), recent.Count > 0 ? KpiFormulas.Display(recent.WeightedDays) : null);
    }

    public static string ClassOf(int score) => score switch
    {
        >= 85 => "A",
        >= 70 => "B",
        >= 50 => "C",
        >= 30 => "D",
        _ => "E",
    };

    private readonly record struct LatenessSummary(int Count, int LateCount, decimal WeightedDays);

    /// <summary>
    /// Invoices due in (from, to]: each one's amount-weighted days late (payments at their date, the unpaid part
    /// at <paramref name="to"/>), and whether it was more than the tolerance late.
    /// </summary>
    private static LatenessSummary Lateness(IEnumerable<PortfolioInvoice> invoices, DateOnly from, DateOnly to)
    {
        int count = 0, late = 0;
        decimal amountDays = 0, amount = 0;
        foreach (var invoice in invoices)
        {
            if (invoice.Kind != DocumentKind.Invoice || invoice.DueDate <= from || invoice.DueDate > to || !invoice.ExistsOn(to))
            {
                continue;
            }

            count++;
            var worst = int.MinValue;
            foreach (var s in invoice.Settlements.Where(s => !s.ByCreditNote && s.On <= to))
            {
                var days = invoice.EffectivePaidOn(s).DayNumber - invoice.DueDate.DayNumber;
                amountDays += s.AmountMinor * (decimal)days;
                amount += s.AmountMinor;
                worst = Math.Max(worst, days);
            }

            var open = invoice.OpenOn(to);
            if (open > 0)
            {
                var days = to.DayNumber - invoice.DueDate.DayNumber;
                amountDays += open * (decimal)days;
                amount += open;
                worst = Math.Max(worst, days);
            }

            if (worst > LateTolerance)
            {
                late++;
            }
        }

        return new LatenessSummary(count, late, amount == 0 ? 0 : amountDays / amount);
    }
}
