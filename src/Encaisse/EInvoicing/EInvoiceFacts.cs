using Encaisse.Formats.EInvoice;
using Encaisse.Legal;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.EInvoicing;

/// <summary>The mentions of an invoice that came as an e-invoice, read from its kept XML (the real notes, lines and
/// VAT breakdown) instead of the ledger's summary, which cannot verify them.</summary>
public static class EInvoiceFacts
{
    public static async Task<InvoiceFacts?> ForInvoiceAsync(EncaisseDb db, Guid invoiceId, bool businessCustomer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var xml = await db.Set<EInvoice>().AsNoTracking().Where(e => e.InvoiceId == invoiceId).Select(e => e.Xml).FirstOrDefaultAsync(ct);
        if (xml is not { Length: > 0 })
        {
            return null;
        }

        var read = EInvoiceReader.Read(xml, validateSchema: false);
        return read.Document is null ? null : EInvoiceMentions.FactsFrom(read.Document, businessCustomer);
    }
}
