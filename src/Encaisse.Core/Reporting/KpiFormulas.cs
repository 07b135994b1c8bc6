namespace Encaisse.Reporting;

/// <summary>Sales (invoices minus credit notes, tax included) of one period and its length in days.</summary>
public readonly record struct SalesPeriod(long SalesMinor, int Days);

/// <summary>
/// The credit-management formulas of docs/reporting.md (sources in reference/kpis-and-prediction.md B.1–B.8),
/// on plain figures. Null when a ratio has no meaning (nothing sold, nothing owed).
/// </summary>
public static class KpiFormulas
{
    /// <summary>Simple (accounting) DSO: receivables / sales of the period × days of the period.</summary>
    public static decimal? SimpleDso(long receivablesMinor, long salesMinor, int days) =>
        salesMinor <= 0 ? null : (decimal)receivablesMinor / salesMinor * days;

    /// <summary>
    /// Countback DSO (méthode par épuisement): take each period's sales off the receivables, newest first,
    /// counting whole periods, then the prorata of the period that exhausts them. Stops at a period without
    /// sales (as Oracle HFM does); if the history runs out, the days counted so far are a lower bound.
    /// </summary>
    public static decimal CountbackDso(long receivablesMinor, IEnumerable<SalesPeriod> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        decimal remaining = receivablesMinor;
        var dso = 0m;
        foreach (var period in newestFirst)
        {
            if (remaining <= 0 || period.SalesMinor <= 0)
            {
                break;
            }

            if (remaining >= period.SalesMinor)
            {
                dso += period.Days;
                remaining -= period.SalesMinor;
            }
            else
            {
                dso += remaining / period.SalesMinor * period.Days;
                remaining = 0;
            }
        }

        return dso;
    }

    /// <summary>
    /// Collection effectiveness index, in percent, over <paramref name="months"/> months:
    /// (beginning + monthly sales − ending total) / (beginning + monthly sales − ending current) × 100.
    /// </summary>
    public static decimal? Cei(long beginningMinor, long salesMinor, int months, long endingTotalMinor, long endingCurrentMinor)
    {
        if (months <= 0)
        {
            return null;
        }

        var monthly = (decimal)salesMinor / months;
        var denominator = beginningMinor + monthly - endingCurrentMinor;
        return denominator <= 0 ? null : (beginningMinor + monthly - endingTotalMinor) / denominator * 100m;
    }

    /// <summary><paramref name="part"/> / <paramref name="whole"/> in percent; null when the whole is not positive.</summary>
    public static decimal? Percent(long part, long whole) => whole <= 0 ? null : (decimal)part / whole * 100m;

    /// <summary>Amount-weighted average: Σ amount × days / Σ amount; null without any amount.</summary>
    public static decimal? WeightedDays(decimal amountTimesDays, long amount) => amount <= 0 ? null : amountTimesDays / amount;

    /// <summary>Rounds a KPI for display (days or percent), to <paramref name="decimals"/> places.</summary>
    public static decimal? Display(decimal? value, int decimals = 1) =>
        value is { } v ? Math.Round(v, decimals, MidpointRounding.AwayFromZero) : null;
}
