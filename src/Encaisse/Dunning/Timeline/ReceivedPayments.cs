using Encaisse.Dunning.Promises;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

/// <summary>
/// The payments customers made from a date on: what promises and payment plans are measured against (a payment counts
/// when received, whatever it was allocated to). What a customer owes is the ledger's <see cref="Ledger.CustomerPositions"/>.
/// </summary>
public static class ReceivedPayments
{
    public static async Task<Dictionary<Guid, List<ReceivedPayment>>> ForCustomersAsync(
        EncaisseDb db, IReadOnlyCollection<Guid> customerIds, DateOnly from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Payments.AsNoTracking()
            .Where(p => p.CustomerId != null && customerIds.Contains(p.CustomerId.Value) && p.ReceivedOn >= from)
            .Select(p => new { CustomerId = p.CustomerId!.Value, p.ReceivedOn, p.AmountMinor, p.Currency })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.CustomerId)
            .ToDictionary(g => g.Key, g => g.Select(r => new ReceivedPayment(r.ReceivedOn, r.AmountMinor, r.Currency)).ToList());
    }
}
