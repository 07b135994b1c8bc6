using Encaisse.Ledger;

namespace Encaisse.Reporting;

public enum AgedBalanceGrouping
{
    Customer = 0,
    Segment = 1,
    Collector = 2,
}

/// <summary>
/// One line of an aged balance: open invoice amounts per lateness bucket, unused credit notes apart, in one
/// currency (currencies are never mixed).
/// </summary>
public sealed record AgedBalanceRow(string Key, string Currency, IReadOnlyList<long> BucketsMinor, long CreditsMinor)
{
    public long OpenInvoicesMinor => BucketsMinor.Sum();

    public long OverdueMinor => BucketsMinor.Skip(1).Sum();

    /// <summary>Net balance: open invoices minus unused credit notes.</summary>
    public long BalanceMinor => OpenInvoicesMinor - CreditsMinor;
}

public sealed record AgedBalanceReport(
    DateOnly AsOf,
    AgedBalanceGrouping GroupBy,
    IReadOnlyList<string> Buckets,
    IReadOnlyList<AgedBalanceRow> Rows,
    IReadOnlyList<AgedBalanceRow> Totals);

/// <summary>
/// The aged balance of a whole portfolio in one currency (<see cref="Totals"/>: buckets and unused credit notes),
/// with the number of open invoices and of customers with something overdue.
/// </summary>
public sealed record AgedBalanceSummary(DateOnly AsOf, IReadOnlyList<string> Buckets, AgedBalanceRow Totals, long OpenInvoices, long OverdueCustomers);

/// <summary>Balance âgée as of any date, from the documents and the settlements effective by then.</summary>
public static class AgedBalance
{
    /// <summary>Name of the group for customers without a segment or collector.</summary>
    public const string Unassigned = "(none)";

    public static string KeyOf(PortfolioInvoice invoice, AgedBalanceGrouping groupBy) => groupBy switch
    {
        AgedBalanceGrouping.Segment => invoice.Segment ?? Unassigned,
        AgedBalanceGrouping.Collector => invoice.Collector ?? Unassigned,
        _ => invoice.CustomerRef,
    };

    public static AgedBalanceReport Compute(
        IEnumerable<PortfolioInvoice> invoices, DateOnly asOf, AgingBuckets buckets, AgedBalanceGrouping groupBy)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(buckets);
        var rows = new Dictionary<(string Key, string Currency), (long[] Buckets, long Credits)>();
        foreach (var invoice in invoices)
        {
            var open = invoice.OpenOn(asOf);
            if (open <= 0)
            {
                continue;
            }

            var key = (KeyOf(invoice, groupBy), invoice.Currency);
            if (!rows.TryGetValue(key, out var row))
            {
                row = (new long[buckets.Count], 0);
            }

            if (invoice.Kind == DocumentKind.CreditNote)
            {
                row.Credits = checked(row.Credits + open);
            }
            else
            {
                var index = buckets.IndexOf(Balances.DaysOverdue(invoice.DueDate, asOf));
                row.Buckets[index] = checked(row.Buckets[index] + open);
            }

            rows[key] = row;
        }

        var lines = rows
            .OrderBy(kv => kv.Key.Currency, StringComparer.Ordinal).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal)
            .Select(kv => new AgedBalanceRow(kv.Key.Key, kv.Key.Currency, kv.Value.Buckets, kv.Value.Credits))
            .ToList();
        return new AgedBalanceReport(asOf, groupBy, buckets.Labels, lines, TotalsOf(lines, buckets.Count));
    }

    /// <summary>One total line per currency.</summary>
    public static IReadOnlyList<AgedBalanceRow> TotalsOf(IEnumerable<AgedBalanceRow> rows, int bucketCount) =>
        rows.GroupBy(r => r.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var sums = new long[bucketCount];
                var credits = 0L;
                foreach (var r in g)
                {
                    for (var i = 0; i < bucketCount; i++)
                    {
                        sums[i] = checked(sums[i] + r.BucketsMinor[i]);
                    }

                    credits = checked(credits + r.CreditsMinor);
                }

                return new AgedBalanceRow("total", g.Key, sums, credits);
            })
            .ToList();
}
