namespace Encaisse.Reporting;

/// <summary>A period of a report: first and last day, both included.</summary>
public readonly record struct ReportPeriod(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;
}

/// <summary>What a KPI run looks at: the as-of date, the window of the flow KPIs and the countback history.</summary>
public sealed record KpiOptions
{
    /// <summary>Months of the window of simple DSO, CEI, recovery, lateness and promises (the current month counts as one).</summary>
    public int WindowMonths { get; init; } = 3;

    /// <summary>Months of sales history the countback may consume.</summary>
    public int CountbackMonths { get; init; } = 24;

    public static KpiOptions Default { get; } = new();

    /// <summary>
    /// Calendar months ending on <paramref name="asOf"/>, newest first: the month of the as-of date up to that
    /// day, then whole previous months.
    /// </summary>
    public static IReadOnlyList<ReportPeriod> MonthsEndingOn(DateOnly asOf, int count)
    {
        var periods = new List<ReportPeriod>(count);
        var end = asOf;
        for (var i = 0; i < count; i++)
        {
            var start = new DateOnly(end.Year, end.Month, 1);
            periods.Add(new ReportPeriod(start, end));
            end = start.AddDays(-1);
        }

        return periods;
    }
}

/// <summary>
/// The aggregates every KPI is computed from, for one currency and one scope. Both the in-memory calculator
/// and the SQL reports produce these; <see cref="KpiSet.From"/> turns them into the KPIs, so the two paths can
/// only differ in the sums, never in the formulas.
/// </summary>
public sealed record KpiFigures
{
    public required string Currency { get; init; }
    public required DateOnly AsOf { get; init; }
    /// <summary>Day before the window: the "beginning" of CEI and recovery.</summary>
    public required DateOnly WindowStart { get; init; }
    public int WindowMonths { get; init; }
    /// <summary>Open invoices minus unused credit notes on the as-of date.</summary>
    public long ReceivablesMinor { get; init; }
    /// <summary>Open invoices not yet due (due date on or after the as-of date).</summary>
    public long CurrentMinor { get; init; }
    /// <summary>Open invoices past due.</summary>
    public long OverdueMinor { get; init; }
    /// <summary>Receivables (net of credit notes) at the window start.</summary>
    public long BeginningReceivablesMinor { get; init; }
    /// <summary>Open invoices (without credit notes) at the window start: what remained to collect.</summary>
    public long BeginningOpenInvoicesMinor { get; init; }
    /// <summary>Payments received in the window on invoices that existed at the window start.</summary>
    public long RecoveredMinor { get; init; }
    /// <summary>Sales per month, newest first (the first <see cref="WindowMonths"/> are the window).</summary>
    public IReadOnlyList<SalesPeriod> Sales { get; init; } = [];
    /// <summary>Σ amount × days late: payments in the window, and open overdue amounts at the as-of date.</summary>
    public decimal LateAmountDays { get; init; }
    public long LateAmountMinor { get; init; }
    public int PromisesKept { get; init; }
    public int PromisesBroken { get; init; }

    /// <summary>False when the currency has nothing to show on this date (all sums zero): such sets are left out.</summary>
    public bool HasActivity =>
        ReceivablesMinor != 0 || CurrentMinor != 0 || OverdueMinor != 0 || BeginningReceivablesMinor != 0 ||
        BeginningOpenInvoicesMinor != 0 || RecoveredMinor != 0 || Sales.Any(s => s.SalesMinor != 0) ||
        LateAmountMinor != 0 || PromisesKept != 0 || PromisesBroken != 0;
}

/// <summary>The KPI set of one currency and scope; days and percents, rounded to one decimal.</summary>
public sealed record KpiSet(
    string Currency,
    DateOnly AsOf,
    decimal? DsoSimple,
    decimal DsoCountback,
    decimal BestPossibleDso,
    decimal AverageDaysDelinquent,
    decimal? Cei,
    decimal? RecoveryRate,
    decimal? OverdueRate,
    decimal? AverageDaysLate,
    decimal? PromiseKeptRate,
    long ReceivablesMinor,
    long CurrentMinor,
    long OverdueMinor,
    long WindowSalesMinor)
{
    public static KpiSet From(KpiFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var window = f.Sales.Take(f.WindowMonths).ToList();
        var windowSales = window.Sum(p => p.SalesMinor);
        var windowDays = window.Sum(p => p.Days);
        var dso = KpiFormulas.CountbackDso(f.ReceivablesMinor, f.Sales);
        var best = KpiFormulas.CountbackDso(f.CurrentMinor, f.Sales);
        var promises = f.PromisesKept + f.PromisesBroken;
        return new KpiSet(
            f.Currency,
            f.AsOf,
            KpiFormulas.Display(KpiFormulas.SimpleDso(f.ReceivablesMinor, windowSales, windowDays)),
            KpiFormulas.Display(dso)!.Value,
            KpiFormulas.Display(best)!.Value,
            KpiFormulas.Display(dso - best)!.Value,
            KpiFormulas.Display(KpiFormulas.Cei(f.BeginningReceivablesMinor, windowSales, f.WindowMonths, f.ReceivablesMinor, f.CurrentMinor)),
            KpiFormulas.Display(KpiFormulas.Percent(f.RecoveredMinor, f.BeginningOpenInvoicesMinor)),
            KpiFormulas.Display(KpiFormulas.Percent(f.OverdueMinor, f.CurrentMinor + f.OverdueMinor)),
            KpiFormulas.Display(KpiFormulas.WeightedDays(f.LateAmountDays, f.LateAmountMinor)),
            KpiFormulas.Display(promises == 0 ? null : (decimal)f.PromisesKept / promises * 100m),
            f.ReceivablesMinor,
            f.CurrentMinor,
            f.OverdueMinor,
            windowSales);
    }
}
