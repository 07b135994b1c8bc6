using Encaisse.Ledger;

namespace Encaisse.Reporting;

/// <summary>
/// A promise to pay: the amount is expected on its date while it is in force, from the day it was recorded
/// (null: always) until the day it was found kept, broken or cancelled (null: still pending).
/// </summary>
public sealed record PendingPromise(Guid CustomerId, string Currency, long AmountMinor, DateOnly PromisedDate,
    DateOnly? RecordedOn = null, DateOnly? ResolvedOn = null)
{
    public bool InForceOn(DateOnly day) => (RecordedOn is null || RecordedOn <= day) && (ResolvedOn is null || ResolvedOn > day);
}

/// <summary>An invoice under dispute from <paramref name="OpenedOn"/> until <paramref name="ClosedOn"/> (null: still open).</summary>
public sealed record DisputePeriod(Guid InvoiceId, DateOnly OpenedOn, DateOnly? ClosedOn)
{
    public bool InForceOn(DateOnly day) => OpenedOn <= day && (ClosedOn is null || ClosedOn > day);
}

public sealed record ForecastWeek(DateOnly Start, DateOnly End, long ExpectedMinor, int Items);

public sealed record RealisedWeek(DateOnly Start, DateOnly End, long ForecastMinor, long RealisedMinor);

public sealed record CashForecastReport(
    string Currency,
    DateOnly AsOf,
    IReadOnlyList<ForecastWeek> Weeks,
    long LaterMinor,
    long DisputedMinor,
    IReadOnlyList<RealisedWeek> Past);

/// <summary>
/// Cash-in forecast per week (weeks start on Monday; week 1 holds the as-of date): each open invoice is expected on
/// its due date plus its customer's own amount-weighted average lateness over the last 12 months (never before
/// the as-of date); pending promises move the promised amount of that customer's oldest invoices to the promised
/// date; invoices in an active dispute are left out (shown apart). Past weeks compare what the same rule forecast
/// at the start of each week (with the promises and disputes in force then) with the payments actually received.
/// </summary>
public static class CashForecast
{
    /// <summary>With the disputes active today, whatever their dates (past weeks then use them too).</summary>
    public static CashForecastReport Compute(
        IReadOnlyCollection<PortfolioInvoice> invoices, IReadOnlyCollection<PendingPromise> promises, IReadOnlySet<Guid> disputedInvoices,
        string currency, DateOnly asOf, int weeks = 13, int pastWeeks = 8)
    {
        ArgumentNullException.ThrowIfNull(disputedInvoices);
        return Compute(invoices, promises, disputedInvoices.Select(id => new DisputePeriod(id, DateOnly.MinValue, null)).ToList(),
            currency, asOf, weeks, pastWeeks);
    }

    /// <summary>
    /// The forecast on <paramref name="asOf"/> with the promises and disputes in force that day; each past week is
    /// forecast with the ledger, promises and disputes as they stood the day before it began.
    /// </summary>
    public static CashForecastReport Compute(
        IReadOnlyCollection<PortfolioInvoice> invoices, IReadOnlyCollection<PendingPromise> promises, IReadOnlyCollection<DisputePeriod> disputes,
        string currency, DateOnly asOf, int weeks = 13, int pastWeeks = 8)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(promises);
        ArgumentNullException.ThrowIfNull(disputes);
        var own = invoices.Where(i => i.Currency == currency).ToList();
        var ownPromises = promises.Where(p => p.Currency == currency).ToList();
        var monday = asOf.AddDays(-(((int)asOf.DayOfWeek + 6) % 7));
        var (expected, disputed) = Expected(own, InForce(ownPromises, asOf), DisputedOn(disputes, asOf), asOf, asOf);
        var futureWeeks = new List<ForecastWeek>();
        for (var w = 0; w < weeks; w++)
        {
            var start = monday.AddDays(7 * w);
            var end = start.AddDays(6);
            var items = expected.Where(e => e.On >= start && e.On <= end).ToList();
            futureWeeks.Add(new ForecastWeek(start, end, items.Sum(e => e.AmountMinor), items.Count));
        }

        var horizon = monday.AddDays(7 * weeks);
        var later = expected.Where(e => e.On >= horizon).Sum(e => e.AmountMinor);

        var past = new List<RealisedWeek>();
        for (var w = pastWeeks; w >= 1; w--)
        {
            var start = monday.AddDays(-7 * w);
            var end = start.AddDays(6);
            var then = start.AddDays(-1);
            var (forecastThen, _) = Expected(own, InForce(ownPromises, then), DisputedOn(disputes, then), then, start);
            var forecast = forecastThen.Where(e => e.On >= start && e.On <= end).Sum(e => e.AmountMinor);
            var realised = own.Where(i => i.Kind == DocumentKind.Invoice)
                .SelectMany(i => i.Settlements).Where(s => !s.ByCreditNote && s.On >= start && s.On <= end).Sum(s => s.AmountMinor);
            past.Add(new RealisedWeek(start, end, forecast, realised));
        }

        return new CashForecastReport(currency, asOf, futureWeeks, later, disputed, past);
    }

    private static List<PendingPromise> InForce(List<PendingPromise> promises, DateOnly day) => promises.Where(p => p.InForceOn(day)).ToList();

    private static HashSet<Guid> DisputedOn(IEnumerable<DisputePeriod> disputes, DateOnly day) =>
        disputes.Where(d => d.InForceOn(day)).Select(d => d.InvoiceId).ToHashSet();

    /// <summary>Amount-weighted days late of the customer's payments over the 12 months before <paramref name="asOf"/>; 0 without history.</summary>
    public static decimal AverageDaysLate(IEnumerable<PortfolioInvoice> customerInvoices, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(customerInvoices);
        decimal amountDays = 0, amount = 0;
        var from = asOf.AddMonths(-12);
        foreach (var invoice in customerInvoices.Where(i => i.Kind == DocumentKind.Invoice))
        {
            foreach (var s in invoice.Settlements.Where(s => !s.ByCreditNote && s.On > from && s.On <= asOf))
            {
                amountDays += s.AmountMinor * (decimal)(invoice.EffectivePaidOn(s).DayNumber - invoice.DueDate.DayNumber);
                amount += s.AmountMinor;
            }
        }

        return amount == 0 ? 0 : amountDays / amount;
    }

    private static (List<(DateOnly On, long AmountMinor)> Items, long Disputed) Expected(
        List<PortfolioInvoice> invoices, List<PendingPromise> promises, IReadOnlySet<Guid> disputedInvoices, DateOnly asOf, DateOnly earliest)
    {
        var items = new List<(DateOnly, long)>();
        long disputed = 0;
        foreach (var customer in invoices.GroupBy(i => i.CustomerId))
        {
            var lateness = (int)Math.Round(AverageDaysLate(customer, asOf), MidpointRounding.AwayFromZero);
            var promised = promises.Where(p => p.CustomerId == customer.Key && p.PromisedDate >= earliest).OrderBy(p => p.PromisedDate)
                .Select(p => (p.PromisedDate, Left: p.AmountMinor)).ToList();
            foreach (var invoice in customer.Where(i => i.Kind == DocumentKind.Invoice).OrderBy(i => i.DueDate))
            {
                var open = invoice.OpenOn(asOf);
                if (open <= 0)
                {
                    continue;
                }

                if (disputedInvoices.Contains(invoice.Id))
                {
                    disputed += open;
                    continue;
                }

                for (var p = 0; p < promised.Count && open > 0; p++)
                {
                    var take = Math.Min(open, promised[p].Left);
                    if (take <= 0)
                    {
                        continue;
                    }

                    items.Add((promised[p].PromisedDate, take));
                    promised[p] = (promised[p].PromisedDate, promised[p].Left - take);
                    open -= take;
                }

                if (open > 0)
                {
                    var on = invoice.DueDate.AddDays(lateness);
                    items.Add((on < earliest ? earliest : on, open));
                }
            }
        }

        return (items, disputed);
    }
}
