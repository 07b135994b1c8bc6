using Encaisse.Dunning;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>Loads what the cash-in forecast needs (ledger, pending promises, active disputes) and runs it per currency.</summary>
public static class ForecastQuery
{
    public static async Task<IReadOnlyList<CashForecastReport>> RunAsync(EncaisseDb db, DateOnly asOf, int weeks, int pastWeeks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var invoices = await PortfolioLoader.LoadAsync(db, ct);
        var promises = await db.Set<PromiseToPay>().AsNoTracking()
            .Where(p => p.Status == PromiseStatus.Pending)
            .Select(p => new PendingPromise(p.CustomerId, p.Currency, p.AmountMinor, p.PromisedDate))
            .ToListAsync(ct);
        var disputed = (await db.Set<Dispute>().AsNoTracking()
                .Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview)
                .SelectMany(d => d.Invoices.Select(i => i.InvoiceId))
                .ToListAsync(ct))
            .ToHashSet();
        return invoices.Select(i => i.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(c => CashForecast.Compute(invoices, promises, disputed, c, asOf, weeks, pastWeeks))
            .ToList();
    }
}
