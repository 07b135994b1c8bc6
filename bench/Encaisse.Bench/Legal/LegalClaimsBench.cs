using System.Diagnostics;
using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;

namespace Encaisse.Bench.Legal;

/// <summary>
/// LegalClaims over a synthetic ledger: N invoices of one business debtor, 0–3 partial payments each, due dates
/// spread over 2016–2025, claimed on 2026-03-31 (so up to ten years late, 20 half-years). Baseline: the naive
/// one-formula interest (amount × rate × days / 365 with the start half-year's rate), same data, same run.
/// </summary>
internal static class LegalClaimsBench
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var random = new Random(42);
        var customer = new Customer { ExternalRef = "BENCH", LegalName = "Bench" };
        var invoices = new List<Invoice>();
        var allocations = new List<Allocation>();
        for (var i = 0; i < count; i++)
        {
            var due = new DateOnly(2016, 1, 1).AddDays(random.Next(0, 3600));
            var gross = random.Next(10_000, 5_000_000);
            var invoice = new Invoice { CustomerId = customer.Id, Number = "B" + i.ToString(CultureInfo.InvariantCulture), IssueDate = due.AddDays(-30), DueDate = due, GrossMinor = gross, NetMinor = gross };
            invoices.Add(invoice);
            for (var p = random.Next(0, 4); p > 0; p--)
            {
                allocations.Add(new Allocation { InvoiceId = invoice.Id, AllocatedOn = due.AddDays(random.Next(1, 400)), AmountMinor = gross / 5 });
            }
        }

        var asOf = new DateOnly(2026, 3, 31);
        var rates = RateTable.Embedded;
        decimal baseline = 0, claimed = 0;
        var naive = Time(() =>
        {
            baseline = 0;
            foreach (var invoice in invoices)
            {
                var days = asOf.DayNumber - invoice.DueDate.DayNumber;
                baseline += Currencies.Round(invoice.GrossMinor / 100m * rates.For(invoice.DueDate.AddDays(1)).DefaultPenaltyRate / 100m * days / 365m, "EUR");
            }
        });
        var legal = Time(() => claimed = LegalClaims.For(customer, invoices, allocations, asOf, rates).Interest);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"legal-claims invoices={count} allocations={allocations.Count} baseline(naive formula)={naive.TotalMilliseconds:0.0} ms legalClaims={legal.TotalMilliseconds:0.0} ms ratio={legal / naive:0.0}x per-invoice={legal.TotalMicroseconds / count:0.0} µs (interest {claimed:0.00} vs naive {baseline:0.00})"));
        return 0;
    }

    private static TimeSpan Time(Action action)
    {
        action(); // warm-up
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }
}
