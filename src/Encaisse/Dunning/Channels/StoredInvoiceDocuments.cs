using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Channels;

/// <summary>The invoice PDFs stored in the ledger (<see cref="InvoiceDocument"/>), in the order asked.</summary>
public sealed class StoredInvoiceDocuments : IInvoiceDocuments
{
    public async Task<IReadOnlyList<InvoiceAttachment>> ForAsync(EncaisseDb db, IReadOnlyList<Guid> invoiceIds, CancellationToken ct)
    {
        if (invoiceIds.Count == 0)
        {
            return [];
        }

        var ids = invoiceIds.ToList();
        var found = await (from d in db.Set<InvoiceDocument>().AsNoTracking()
                           join i in db.Invoices.AsNoTracking() on d.InvoiceId equals i.Id
                           where ids.Contains(d.InvoiceId)
                           select new { d.InvoiceId, i.Number, d.FileName, d.Content, d.Sha256 }).ToListAsync(ct);
        var byId = found.ToDictionary(f => f.InvoiceId);
        return invoiceIds.Where(byId.ContainsKey).Select(id => byId[id])
            .Select(f => new InvoiceAttachment(f.Number, f.FileName, f.Content, f.Sha256)).ToList();
    }
}
