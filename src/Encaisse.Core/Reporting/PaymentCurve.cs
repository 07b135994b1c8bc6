using Encaisse.Ledger;

namespace Encaisse.Reporting;

/// <summary>
/// When invoices get paid, learnt from history known on a date: the share of invoiced money still unpaid after each
/// age (days after the due date; negative: before it). Money paid is an event at the age it was paid; money still open
/// on the date is known to be unpaid up to its age then and nothing more (censored), so a portfolio whose old invoices
/// never pay says so (a Kaplan–Meier estimate, amount-weighted). Money settled by a credit note left the risk at that
/// age without being paid. The forecast asks it: of an amount unpaid at age x, what share is paid between ages a and b.
/// </summary>
public sealed class PaymentCurve
{
    private readonly int[] _ages;        // distinct ages at which money was paid, ascending
    private readonly double[] _survival; // share unpaid after each of those ages
    private readonly int[] _leftAges;    // distinct ages at which observed documents left the risk (paid or censored), ascending
    private readonly int[] _leftFrom;    // documents that left the risk at each of those ages or later

    private PaymentCurve(int[] ages, double[] survival, int[] leftAges, int[] leftFrom)
    {
        _ages = ages;
        _survival = survival;
        _leftAges = leftAges;
        _leftFrom = leftFrom;
    }

    /// <summary>Documents observed (invoices only); at least a few are needed before a curve says anything.</summary>
    public int Documents => _leftFrom.Length == 0 ? 0 : _leftFrom[0];

    /// <summary>
    /// Learns from the invoices that existed on <paramref name="asOf"/> and were due in the
    /// <paramref name="historyDays"/> before it or are still open: only what was known that day counts.
    /// </summary>
    public static PaymentCurve Learn(IEnumerable<PortfolioInvoice> invoices, DateOnly asOf, int historyDays = 730)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var from = asOf.AddDays(-historyDays);
        // Per age, the money paid there and all the money that left the risk there (paid, settled by a credit note, or
        // still open: censored). Amounts are whole minor units, so these sums are exact whatever their order, and no list
        // of every observation is kept and sorted.
        var byAge = new Dictionary<int, (double Paid, double Leaving)>();
        double atRisk = 0;
        var leftAt = new Dictionary<int, int>(); // documents per age at which they left the risk
        foreach (var invoice in invoices)
        {
            if (invoice.Kind != DocumentKind.Invoice || !invoice.ExistsOn(asOf) || invoice.GrossMinor <= 0)
            {
                continue;
            }

            var open = invoice.OpenOn(asOf);
            if (invoice.DueDate < from && open <= 0)
            {
                continue;
            }

            var last = int.MinValue;
            foreach (var s in invoice.Settlements)
            {
                if (s.On > asOf || s.AmountMinor <= 0)
                {
                    continue;
                }

                var age = invoice.EffectivePaidOn(s).DayNumber - invoice.DueDate.DayNumber;
                Observe(byAge, age, s.AmountMinor, paid: !s.ByCreditNote);
                atRisk += s.AmountMinor;
                last = Math.Max(last, age);
            }

            if (open > 0)
            {
                var age = asOf.DayNumber - invoice.DueDate.DayNumber;
                Observe(byAge, age, open, paid: false);
                atRisk += open;
                last = Math.Max(last, age);
            }

            if (last != int.MinValue)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(leftAt, last, out _)++;
            }
        }

        // Age by age; at one age, the payments are counted before the money censored there (it was still at risk when
        // they happened).
        var observedAges = byAge.Keys.ToArray();
        Array.Sort(observedAges);
        var ages = new List<int>();
        var survival = new List<double>();
        var s0 = 1.0;
        foreach (var age in observedAges)
        {
            var (paid, leaving) = byAge[age];
            if (paid > 0 && atRisk > 0)
            {
                s0 *= 1 - (paid / atRisk);
                ages.Add(age);
                survival.Add(s0);
            }

            atRisk -= leaving;
        }

        // Per-age counts rather than one entry per document (a million at a million invoices, once per forecast day).
        var leftAges = leftAt.Keys.ToArray();
        Array.Sort(leftAges);
        var leftFrom = new int[leftAges.Length];
        for (int k = leftAges.Length - 1, sum = 0; k >= 0; k--)
        {
            sum += leftAt[leftAges[k]];
            leftFrom[k] = sum;
        }

        return new PaymentCurve([.. ages], [.. survival], leftAges, leftFrom);
    }

    private static void Observe(Dictionary<int, (double Paid, double Leaving)> byAge, int age, long amountMinor, bool paid)
    {
        ref var at = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byAge, age, out _);
        at = (at.Paid + (paid ? amountMinor : 0), at.Leaving + amountMinor);
    }

    /// <summary>Share of the money still unpaid after <paramref name="age"/> days.</summary>
    public double UnpaidAfter(int age)
    {
        var index = Array.BinarySearch(_ages, age);
        if (index < 0)
        {
            index = ~index - 1; // last event at or before the age
        }

        return index < 0 ? 1.0 : _survival[index];
    }

    /// <summary>
    /// Documents of the history observed unpaid beyond <paramref name="age"/> days: how much the curve knows about what
    /// happens after that age (a document open at exactly that age tells nothing about its future).
    /// </summary>
    public int DocumentsSeenBeyond(int age)
    {
        // The first age later than the one asked (ages are distinct): the documents that left the risk from there on.
        var index = Array.BinarySearch(_leftAges, age);
        index = index < 0 ? ~index : index + 1;
        return index < _leftFrom.Length ? _leftFrom[index] : 0;
    }

    /// <summary>
    /// Of an amount unpaid at age <paramref name="unpaidAt"/>, the share paid at ages <paramref name="from"/> to
    /// <paramref name="to"/> (inclusive; both after <paramref name="unpaidAt"/>). Zero where nothing in the history was
    /// ever still unpaid that late.
    /// </summary>
    public double PaidBetween(int unpaidAt, int from, int to)
    {
        var unpaid = UnpaidAfter(unpaidAt);
        if (unpaid <= 0 || to < from)
        {
            return 0;
        }

        var start = Math.Max(from, unpaidAt + 1);
        return Math.Clamp((UnpaidAfter(start - 1) - UnpaidAfter(to)) / unpaid, 0, 1);
    }
}
