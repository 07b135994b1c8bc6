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
    private readonly int[] _atRiskAges;  // sorted ages at which each observed document left the risk (paid or censored)

    private PaymentCurve(int[] ages, double[] survival, int[] atRiskAges)
    {
        _ages = ages;
        _survival = survival;
        _atRiskAges = atRiskAges;
    }

    /// <summary>Documents observed (invoices only); at least a few are needed before a curve says anything.</summary>
    public int Documents => _atRiskAges.Length;

    /// <summary>
    /// Learns from the invoices that existed on <paramref name="asOf"/> and were due in the
    /// <paramref name="historyDays"/> before it or are still open: only what was known that day counts.
    /// </summary>
    public static PaymentCurve Learn(IEnumerable<PortfolioInvoice> invoices, DateOnly asOf, int historyDays = 730)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var from = asOf.AddDays(-historyDays);
        var observations = new List<(int Age, double Amount, bool Paid)>();
        var leftAt = new List<int>();
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
                observations.Add((age, s.AmountMinor, !s.ByCreditNote));
                last = Math.Max(last, age);
            }

            if (open > 0)
            {
                var age = asOf.DayNumber - invoice.DueDate.DayNumber;
                observations.Add((age, open, false));
                last = Math.Max(last, age);
            }

            if (last != int.MinValue)
            {
                leftAt.Add(last);
            }
        }

        // At one age, payments are counted before the money censored there (it was still at risk when they happened).
        observations.Sort((x, y) => x.Age != y.Age ? x.Age.CompareTo(y.Age) : y.Paid.CompareTo(x.Paid));
        var atRisk = observations.Sum(o => o.Amount);
        var ages = new List<int>();
        var survival = new List<double>();
        var s0 = 1.0;
        var i = 0;
        while (i < observations.Count)
        {
            var age = observations[i].Age;
            double paid = 0, leaving = 0;
            for (; i < observations.Count && observations[i].Age == age; i++)
            {
                leaving += observations[i].Amount;
                if (observations[i].Paid)
                {
                    paid += observations[i].Amount;
                }
            }

            if (paid > 0 && atRisk > 0)
            {
                s0 *= 1 - (paid / atRisk);
                ages.Add(age);
                survival.Add(s0);
            }

            atRisk -= leaving;
        }

        leftAt.Sort();
        return new PaymentCurve([.. ages], [.. survival], [.. leftAt]);
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
        var index = Array.BinarySearch(_atRiskAges, age);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            while (index < _atRiskAges.Length && _atRiskAges[index] == age)
            {
                index++;
            }
        }

        return _atRiskAges.Length - index;
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
