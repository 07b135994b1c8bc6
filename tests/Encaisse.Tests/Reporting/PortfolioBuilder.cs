using Encaisse.Ledger;
using Encaisse.Reporting;

namespace Encaisse.Tests.Reporting;

/// <summary>Small readable portfolios for the reporting tests (amounts in whole units, stored ×100).</summary>
internal static class PortfolioBuilder
{
    public static readonly Guid CustomerId = Guid.Parse("00000000-0000-0000-0000-0000000000c1");

    public static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    public static PortfolioInvoice Invoice(string issue, string due, long amount, params (string On, long Amount)[] paid) =>
        new(Guid.NewGuid(), CustomerId, DocumentKind.Invoice, D(issue), D(due), "EUR", amount * 100, null,
            paid.Select(p => new Settlement(D(p.On), p.Amount * 100)).ToList())
        { CustomerRef = "411C1", Segment = "retail", Collector = "alice" };

    public static PortfolioInvoice CreditNote(string issue, long amount, params (string On, long Amount)[] used) =>
        new(Guid.NewGuid(), CustomerId, DocumentKind.CreditNote, D(issue), D(issue), "EUR", amount * 100, null,
            used.Select(p => new Settlement(D(p.On), p.Amount * 100)).ToList())
        { CustomerRef = "411C1", Segment = "retail", Collector = "alice" };

    /// <summary>
    /// Worked example 3 of B.2 as a real ledger on 30 June 2026: receivables 150,000, of which 80,000 not yet due;
    /// sales June 60,000, May 70,000, April 50,000, nothing before.
    /// </summary>
    public static List<PortfolioInvoice> Example3() =>
    [
        Invoice("2026-04-10", "2026-05-10", 50_000, ("2026-05-15", 30_000)),
        Invoice("2026-05-05", "2026-06-04", 50_000),
        Invoice("2026-05-31", "2026-06-30", 20_000),
        Invoice("2026-06-15", "2026-07-15", 60_000),
    ];
}
