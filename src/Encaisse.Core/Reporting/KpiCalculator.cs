using Encaisse.Ledger;

namespace Encaisse.Reporting;

/// <summary>A KPI set with its monthly trend (one point per month end, oldest first, the last one being the as-of date).</summary>
public sealed record KpiReport(KpiSet Current, IReadOnlyList<KpiSet> Trend);

/// <summary>
/// In-memory KPI calculation over a loaded portfolio (one scope: the whole portfolio, one collector...).
/// The SQL reports compute the same <see cref="KpiFigures"/> set-based in the database.
/// </summary>
public static class KpiCalculator
{
    /// <summary>The figures of each currency present in the portfolio, in code order.</summary>
    public static IReadOnlyList<KpiFigures> FiguresOf(
        IReadOnlyCollection<PortfolioInvoice> invoices, IReadOnlyCollection<PromiseOutcome> promises, DateOnly asOf, KpiOptions options)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(promises);
        ArgumentNullException.ThrowIfNull(options);
        var currencies = invoices.Select(i => i.Currency).Concat(promises.Select(p => p.Currency))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return currencies
            .Select(c => FiguresOf(invoices.Where(i => i.Currency == c).ToList(), promises.Where(p => p.Currency == c).ToList(), c, asOf, options))
            .Where(f => f.HasActivity)
            .ToList();
    }

    /// <summary>KPI sets per currency on <paramref name="asOf"/>, each with its trend over <paramref name="trendMonths"/> month ends.</summary>
    public static IReadOnlyList<KpiReport> Compute(
        IReadOnlyCollection<PortfolioInvoice> invoices, IReadOnlyCollection<PromiseOutcome> promises, DateOnly asOf, int trendMonths, KpiOptions options)
    {
        var current = FiguresOf(invoices, promises, asOf, options).Select(KpiSet.From).ToList();
        var trend = TrendDates(asOf, trendMonths)
            .SelectMany(d => FiguresOf(invoices, promises, d, options).Select(KpiSet.From))
            .ToList();
        return current
            .Select(k => new KpiReport(k, trend.Where(t => t.Currency == k.Currency).OrderBy(t => t.AsOf).ToList()))
            .ToList();
    }

    /// <summary>The as-of date, then the ends of the previous months: <paramref name="months"/> dates, oldest first.</summary>
    public static IReadOnlyList<DateOnly> TrendDates(DateOnly asOf, int months)
    {
        var dates = new List<DateOnly>();
        var date = asOf;
        for (var i = 0; i < months; i++)
        {
            dates.Add(date);
            date = new DateOnly(date.Year, date.Month, 1).AddDays(-1);
        }

        dates.Reverse();
        return dates;
    }

    private static KpiFigures FiguresOf(
        List<PortfolioInvoice> invoices, List<PromiseOutcome> promises, string currency, DateOnly asOf, KpiOptions options)
    {
        var periods = KpiOptions.MonthsEndingOn(asOf, Math.Max(options.CountbackMonths, options.WindowMonths));
        var windowStart = periods[options.WindowMonths - 1].Start.AddDays(-1);
        long receivables = 0, current = 0, overdue = 0, beginning = 0, beginningOpen = 0, recovered = 0, lateAmount = 0;
        decimal lateDays = 0;
        var sales = new long[periods.Count];
        foreach (var invoice in invoices)
        {
            var sign = invoice.Kind == DocumentKind.CreditNote ? -1 : 1;
            var open = invoice.OpenOn(asOf);
            if (open > 0)
            {
                receivables = checked(receivables + (sign * open));
                if (invoice.Kind == DocumentKind.Invoice)
                {
                    if (invoice.DueDate >= asOf)
                    {
                        current = checked(current + open);
                    }
                    else
                    {
                        overdue = checked(overdue + open);
                        lateAmount = checked(lateAmount + open);
                        lateDays += (decimal)open * (asOf.DayNumber - invoice.DueDate.DayNumber);
                    }
                }
            }

            var openAtStart = invoice.OpenOn(windowStart);
            if (openAtStart > 0)
            {
                beginning = checked(beginning + (sign * openAtStart));
                if (invoice.Kind == DocumentKind.Invoice)
                {
                    beginningOpen = checked(beginningOpen + openAtStart);
                }
            }

            if (invoice.ExistsOn(asOf))
            {
                for (var p = 0; p < periods.Count; p++)
                {
                    if (invoice.IssueDate >= periods[p].Start && invoice.IssueDate <= periods[p].End)
                    {
                        sales[p] = checked(sales[p] + (sign * invoice.GrossMinor));
                        break;
                    }
                }
            }

            if (invoice.Kind == DocumentKind.CreditNote || !invoice.ExistsOn(asOf))
            {
                continue;
            }

            foreach (var s in invoice.Settlements)
            {
                if (s.ByCreditNote || s.On <= windowStart || s.On > asOf)
                {
                    continue;
                }

                if (invoice.ExistsOn(windowStart))
                {
                    recovered = checked(recovered + s.AmountMinor);
                }

                lateAmount = checked(lateAmount + s.AmountMinor);
                lateDays += (decimal)s.AmountMinor * (invoice.EffectivePaidOn(s).DayNumber - invoice.DueDate.DayNumber);
            }
        }

        var window = promises.Where(p => p.ResolvedOn > windowStart && p.ResolvedOn <= asOf).ToList();
        return new KpiFigures
        {
            Currency = currency,
            AsOf = asOf,
            WindowStart = windowStart,
            WindowMonths = options.WindowMonths,
            ReceivablesMinor = receivables,
            CurrentMinor = current,
            OverdueMinor = overdue,
            BeginningReceivablesMinor = beginning,
            BeginningOpenInvoicesMinor = beginningOpen,
            RecoveredMinor = recovered,
            Sales = periods.Select((p, i) => new SalesPeriod(sales[i], p.Days)).ToList(),
            LateAmountDays = lateDays,
            LateAmountMinor = lateAmount,
            PromisesKept = window.Count(p => p.Kept),
            PromisesBroken = window.Count(p => !p.Kept),
        };
    }
}
