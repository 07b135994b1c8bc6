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
/// Cash-in forecast per week (weeks start on Monday; week 1 holds the as-of date). Each open invoice's amount is spread
/// over the weeks by when money like it got paid (<see cref="PaymentCurve"/>): of what was still unpaid at the
/// invoice's present age, the share paid at each later age — the customer's own history where it knows that age,
/// blended with the whole portfolio's where it knows little (a new customer, an age the customer never reached); without history
/// (fewer than <see cref="MinimumHistory"/> invoices) each invoice is expected on its due date. An
/// invoice 600 days late is expected only as much as invoices that late ever paid; what is not expected within the
/// horizon is <c>later</c>. Pending promises and the instalments of an active payment plan move the promised amount of
/// that customer's oldest invoices to their date; invoices in an active dispute are left out (shown apart). Past weeks
/// compare what the same rule forecast the day before each week began (with only the history, promises and disputes
/// known then) with the payments actually received: the backtest.
/// </summary>
public static class CashForecast
{
    /// <summary>How many documents of the portfolio weigh as much as the customer's own at an age (the blend).</summary>
    public const int PortfolioWeight = 3;

    /// <summary>
    /// Below this many invoices in the currency's history nothing can be learnt: each open invoice is expected on its due
    /// date (overdue ones at once).
    /// </summary>
    public const int MinimumHistory = 5;

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
        // Each customer's documents, due date first, grouped once for the forecast and every past week.
        var byCustomer = own.GroupBy(i => i.CustomerId).Select(c => c.OrderBy(i => i.DueDate).ToList()).ToList();
        var outlook = Outlook.On(own, byCustomer, InForce(ownPromises, asOf), DisputedOn(disputes, asOf), asOf, asOf);
        var futureWeeks = new List<ForecastWeek>();
        long inHorizon = 0;
        for (var w = 0; w < weeks; w++)
        {
            var start = monday.AddDays(7 * w);
            var end = start.AddDays(6);
            var (expected, items) = outlook.Between(start, end);
            inHorizon += expected;
            futureWeeks.Add(new ForecastWeek(start, end, expected, items));
        }

        var later = outlook.OpenMinor - inHorizon;

        var past = new List<RealisedWeek>();
        for (var w = pastWeeks; w >= 1; w--)
        {
            var start = monday.AddDays(-7 * w);
            var end = start.AddDays(6);
            var then = start.AddDays(-1);
            var (forecast, _) = Outlook.On(own, byCustomer, InForce(ownPromises, then), DisputedOn(disputes, then), then, start).Between(start, end);
            var realised = own.Where(i => i.Kind == DocumentKind.Invoice)
                .SelectMany(i => i.Settlements).Where(s => !s.ByCreditNote && s.On >= start && s.On <= end).Sum(s => s.AmountMinor);
            past.Add(new RealisedWeek(start, end, forecast, realised));
        }

        return new CashForecastReport(currency, asOf, futureWeeks, later, outlook.DisputedMinor, past);
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

    /// <summary>What is open on a day and how it is expected to come in: promised amounts on their dates, the rest by the curves.</summary>
    private sealed class Outlook
    {
        private readonly List<(DateOnly On, long AmountMinor)> _promised = [];
        private readonly List<(DateOnly Due, int UnpaidAt, long AmountMinor, PaymentCurve Own)> _open = [];
        private PaymentCurve _portfolio = null!;
        private DateOnly _earliest;

        public long OpenMinor { get; private set; }

        public long DisputedMinor { get; private set; }

        /// <summary>What is open on <paramref name="asOf"/>; nothing is expected before <paramref name="earliest"/>.</summary>
        public static Outlook On(List<PortfolioInvoice> invoices, List<List<PortfolioInvoice>> byCustomer, List<PendingPromise> promises, IReadOnlySet<Guid> disputedInvoices,
            DateOnly asOf, DateOnly earliest)
        {
            var outlook = new Outlook { _portfolio = PaymentCurve.Learn(invoices, asOf), _earliest = earliest };
            // Grouped once: looking each customer's promises up in the whole list cost customers × promises (at 100,000
            // customers and 5,000 promises, most of the dashboard's 106 s).
            var promisesOf = promises.Where(p => p.PromisedDate >= asOf).ToLookup(p => p.CustomerId);
            foreach (var customer in byCustomer)
            {
                var ownCurve = PaymentCurve.Learn(customer, asOf);
                var promised = promisesOf[customer[0].CustomerId].OrderBy(p => p.PromisedDate)
                    .Select(p => (p.PromisedDate, Left: p.AmountMinor)).ToList();
                foreach (var invoice in customer.Where(i => i.Kind == DocumentKind.Invoice))
                {
                    var open = invoice.OpenOn(asOf);
                    if (open <= 0)
                    {
                        continue;
                    }

                    if (disputedInvoices.Contains(invoice.Id))
                    {
                        outlook.DisputedMinor += open;
                        continue;
                    }

                    outlook.OpenMinor += open;
                    for (var p = 0; p < promised.Count && open > 0; p++)
                    {
                        var take = Math.Min(open, promised[p].Left);
                        if (take <= 0)
                        {
                            continue;
                        }

                        outlook._promised.Add((promised[p].PromisedDate < earliest ? earliest : promised[p].PromisedDate, take));
                        promised[p] = (promised[p].PromisedDate, promised[p].Left - take);
                        open -= take;
                    }

                    if (open > 0)
                    {
                        outlook._open.Add((invoice.DueDate, asOf.DayNumber - invoice.DueDate.DayNumber, open, ownCurve));
                    }
                }
            }

            return outlook;
        }

        /// <summary>Expected cash-in between two dates (inclusive), rounded to the minor unit, and the documents contributing.</summary>
        public (long ExpectedMinor, int Items) Between(DateOnly start, DateOnly end)
        {
            double expected = 0;
            var items = 0;
            foreach (var (on, amount) in _promised)
            {
                if (on >= start && on <= end)
                {
                    expected += amount;
                    items++;
                }
            }

            var learnt = _portfolio.Documents >= MinimumHistory;
            foreach (var (due, unpaidAt, amount, own) in _open)
            {
                if (!learnt)
                {
                    var on = due < _earliest ? _earliest : due;
                    if (on >= start && on <= end)
                    {
                        expected += amount;
                        items++;
                    }

                    continue;
                }

                var from = start.DayNumber - due.DayNumber;
                var to = end.DayNumber - due.DayNumber;
                var known = own.DocumentsSeenBeyond(unpaidAt);
                var share = ((known * own.PaidBetween(unpaidAt, from, to)) + (PortfolioWeight * _portfolio.PaidBetween(unpaidAt, from, to)))
                    / (known + PortfolioWeight);
                var part = amount * share;
                if (part >= 0.5)
                {
                    expected += part;
                    items++;
                }
            }

            return ((long)Math.Round(expected, MidpointRounding.AwayFromZero), items);
        }
    }
}

/// <summary>
/// How the forecast did over the last <paramref name="Weeks"/> weeks, each forecast the day before it began: totals,
/// the total's error in percent of what came in, and the mean absolute error per week.
/// </summary>
public sealed record ForecastBacktest(int Weeks, long ForecastMinor, long RealisedMinor, long MeanAbsoluteErrorMinor, decimal? TotalErrorPercent)
{
    /// <summary>The target: the total forecast within ±15 % of what came in.</summary>
    public const decimal TargetPercent = 15m;

    public bool WithinTarget => TotalErrorPercent is { } e && Math.Abs(e) <= TargetPercent;

    /// <summary>Over the last <paramref name="weeks"/> of <paramref name="past"/> (oldest first, as the report lists them).</summary>
    public static ForecastBacktest Of(IReadOnlyList<RealisedWeek> past, int weeks)
    {
        ArgumentNullException.ThrowIfNull(past);
        var last = past.Skip(Math.Max(0, past.Count - weeks)).ToList();
        var forecast = last.Sum(w => w.ForecastMinor);
        var realised = last.Sum(w => w.RealisedMinor);
        var mae = last.Count == 0 ? 0 : (long)Math.Round(last.Average(w => (decimal)Math.Abs(w.ForecastMinor - w.RealisedMinor)), MidpointRounding.AwayFromZero);
        decimal? error = realised == 0 ? null : Math.Round(100m * (forecast - realised) / realised, 1, MidpointRounding.AwayFromZero);
        return new ForecastBacktest(last.Count, forecast, realised, mae, error);
    }
}
