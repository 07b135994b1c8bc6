using Encaisse.Dunning.Promises;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

/// <summary>One customer's documents and what is still open on them on a date.</summary>
public sealed record CustomerPosition(
    IReadOnlyList<Invoice> Documents,
    IReadOnlyDictionary<Guid, long> AllocatedByDocument,
    IReadOnlyList<OpenItem> OpenItems,
    IReadOnlyList<CurrencyBalance> Balances)
{
    /// <summary>Open amount of one invoice (all its instalments), 0 when paid or cancelled.</summary>
    public long OpenOf(Guid invoiceId) => OpenItems.Where(i => i.DocumentId == invoiceId && i.OpenMinor > 0).Sum(i => i.OpenMinor);

    /// <summary>Net balance owed in <paramref name="currency"/> (open invoices minus credits).</summary>
    public long BalanceIn(string currency) => Balances.FirstOrDefault(b => b.Currency == currency)?.BalanceMinor ?? 0;
}

/// <summary>Reads the ledger the way collections needs it (one customer at a time).</summary>
public static class CustomerLedger
{
    public static async Task<CustomerPosition> PositionAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => i.CustomerId == customerId).ToListAsync(ct);
        var ids = documents.Select(d => d.Id).ToList();
        var byInvoice = await db.Allocations.AsNoTracking()
            .Where(a => ids.Contains(a.InvoiceId) && a.AllocatedOn <= asOf)
            .GroupBy(a => a.InvoiceId).Select(g => new { g.Key, Sum = g.Sum(a => a.AmountMinor) }).ToListAsync(ct);
        var byCreditNote = await db.Allocations.AsNoTracking()
            .Where(a => a.CreditNoteId != null && ids.Contains(a.CreditNoteId.Value) && a.AllocatedOn <= asOf)
            .GroupBy(a => a.CreditNoteId!.Value).Select(g => new { g.Key, Sum = g.Sum(a => a.AmountMinor) }).ToListAsync(ct);
        var allocated = new Dictionary<Guid, long>();
        foreach (var row in byInvoice.Concat(byCreditNote))
        {
            allocated[row.Key] = allocated.GetValueOrDefault(row.Key) + row.Sum;
        }

        var openItems = documents
            .SelectMany(d => Balances.OpenItemsOf(d, allocated.GetValueOrDefault(d.Id), asOf))
            .ToList();
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf)
            .Select(p => new { p.AmountMinor, p.Currency, Allocated = db.Allocations.Where(a => a.PaymentId == p.Id).Sum(a => (long?)a.AmountMinor) ?? 0 })
            .ToListAsync(ct);
        var balances = CustomerBalance.PerCurrency(openItems, payments.Select(p => (p.AmountMinor - p.Allocated, p.Currency)));
        return new CustomerPosition(documents, allocated, openItems, balances);
    }

    /// <summary>Payments received by these customers from <paramref name="from"/> on, per customer.</summary>
    public static async Task<Dictionary<Guid, List<ReceivedPayment>>> PaymentsAsync(
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
