using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal;

/// <summary>One open invoice against its limitation period.</summary>
public sealed record PrescriptionItem(string Customer, string Invoice, DateOnly DueDate, long OpenMinor, string Currency, PrescriptionStatus Status);

/// <summary>Prescription of the open invoices of the stored ledger (TimelineEvent kind "acknowledgment" = debt acknowledged).</summary>
public static class PrescriptionReport
{
    public const string AcknowledgmentEvent = "acknowledgment";

    public static async Task<IReadOnlyList<PrescriptionItem>> BuildAsync(EncaisseDb db, Tenant tenant, string? customerRef, DateOnly asOf, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking()
            .Where(c => customerRef == null || c.ExternalRef == customerRef).ToDictionaryAsync(c => c.Id, ct);
        var ids = customers.Keys.ToList();
        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => ids.Contains(i.CustomerId) && i.Kind == DocumentKind.Invoice && i.CancelledOn == null).ToListAsync(ct);
        var invoiceIds = invoices.Select(i => i.Id).ToList();
        var allocations = (await db.Allocations.AsNoTracking().Where(a => invoiceIds.Contains(a.InvoiceId)).ToListAsync(ct))
            .GroupBy(a => a.InvoiceId).ToDictionary(g => g.Key, g => g.ToList());
        var acknowledgments = (await db.Set<TimelineEvent>().AsNoTracking()
                .Where(e => ids.Contains(e.CustomerId) && e.Kind == AcknowledgmentEvent).ToListAsync(ct))
            .Select(e => (e.CustomerId, e.InvoiceId, Date: BusinessCalendar.Today(new FixedClock(e.At), tenant.TimeZone))).ToList();

        var items = new List<PrescriptionItem>();
        foreach (var invoice in invoices)
        {
            var own = allocations.GetValueOrDefault(invoice.Id) ?? [];
            var open = invoice.GrossMinor - own.Where(a => a.AllocatedOn <= asOf).Sum(a => a.AmountMinor);
            if (open <= 0)
            {
                continue;
            }

            var customer = customers[invoice.CustomerId];
            var acks = acknowledgments.Where(a => a.CustomerId == customer.Id && (a.InvoiceId is null || a.InvoiceId == invoice.Id)).Select(a => a.Date);
            items.Add(new PrescriptionItem(customer.ExternalRef, invoice.Number, invoice.DueDate, open, invoice.Currency,
                PrescriptionRules.ForInvoice(customer, invoice, own, acks, asOf)));
        }

        return items.OrderBy(i => i.Status.ExpiresOn).ThenBy(i => i.Invoice, StringComparer.Ordinal).ToList();
    }

    private sealed class FixedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
