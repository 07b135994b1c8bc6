using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

/// <summary>The invoices under an active dispute (open or in review): left out of claims, reminders and automatic credit.</summary>
public static class DisputedInvoices
{
    public static async Task<IReadOnlySet<Guid>> OfCustomerAsync(EncaisseDb db, Guid customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = await (
            from d in db.Set<Dispute>().AsNoTracking()
            where d.CustomerId == customerId && (d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview)
            from di in d.Invoices
            select di.InvoiceId).ToListAsync(ct);
        return ids.ToHashSet();
    }
}
