using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>
/// Loads the ledger of the context's tenant into the plain records of the pure calculators (forecast,
/// statements, risk scoring, and the cross-checks of the SQL reports). Reports over the whole ledger use the
/// SQL queries instead.
/// </summary>
public static class PortfolioLoader
{
    public static async Task<List<PortfolioInvoice>> LoadAsync(EncaisseDb db, CancellationToken ct, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customers = await db.Customers.AsNoTracking()
            .Where(c => customerId == null || c.Id == customerId)
            .Select(c => new CustomerFacts(c.Id, c.ExternalRef, c.Segment, c.Collector))
            .ToDictionaryAsync(c => c.Id, ct);
        return await LoadAsync(db, customers, customerId, ct);
    }

    /// <summary>The documents of one customer the caller has already read (not read again).</summary>
    public static async Task<List<PortfolioInvoice>> LoadAsync(EncaisseDb db, Customer customer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var customers = new Dictionary<Guid, CustomerFacts> { [customer.Id] = new(customer.Id, customer.ExternalRef, customer.Segment, customer.Collector) };
        return await LoadAsync(db, customers, customer.Id, ct);
    }

    private sealed record CustomerFacts(Guid Id, string ExternalRef, string? Segment, string? Collector);

    private static async Task<List<PortfolioInvoice>> LoadAsync(EncaisseDb db, Dictionary<Guid, CustomerFacts> customers, Guid? customerId, CancellationToken ct)
    {
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => customerId == null || i.CustomerId == customerId)
            .Select(i => new { i.Id, i.CustomerId, i.Kind, i.IssueDate, i.DueDate, i.Currency, i.GrossMinor, i.CancelledOn })
            .ToListAsync(ct);
        var ids = customerId is null ? null : invoices.Select(i => i.Id).ToHashSet();
        var allocations = db.Allocations.AsNoTracking();
        if (customerId is { } one)
        {
            // The customer's allocations only, through the two indexed document columns (one semi-join each): an OR of
            // both would scan every allocation of the tenant.
            var documents = db.Invoices.Where(i => i.CustomerId == one).Select(i => i.Id);
            allocations = allocations.Where(a => documents.Contains(a.InvoiceId))
                .Concat(allocations.Where(a => a.CreditNoteId != null && documents.Contains(a.CreditNoteId.Value)
                    && !documents.Contains(a.InvoiceId)));
        }

        var rows = await allocations
            .Select(a => new { a.InvoiceId, a.CreditNoteId, a.PaymentId, a.AllocatedOn, a.AmountMinor })
            .ToListAsync(ct);
        var byDocument = new Dictionary<Guid, List<Settlement>>();
        foreach (var a in rows)
        {
            if (ids is null || ids.Contains(a.InvoiceId))
            {
                Add(byDocument, a.InvoiceId, new Settlement(a.AllocatedOn, a.AmountMinor, a.PaymentId is null));
            }

            if (a.CreditNoteId is { } note && (ids is null || ids.Contains(note)))
            {
                Add(byDocument, note, new Settlement(a.AllocatedOn, a.AmountMinor, true));
            }
        }

        return invoices.Select(i =>
        {
            var customer = customers.GetValueOrDefault(i.CustomerId);
            return new PortfolioInvoice(i.Id, i.CustomerId, i.Kind, i.IssueDate, i.DueDate, i.Currency, i.GrossMinor, i.CancelledOn,
                byDocument.TryGetValue(i.Id, out var s) ? s : [])
            {
                CustomerRef = customer?.ExternalRef ?? "",
                Segment = customer?.Segment,
                Collector = customer?.Collector,
            };
        }).ToList();
    }

    public static async Task<List<PromiseOutcome>> LoadPromisesAsync(EncaisseDb db, CancellationToken ct, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<PromiseToPay>().AsNoTracking()
            .Where(p => customerId == null || p.CustomerId == customerId)
            .Where(p => (p.Status == PromiseStatus.Kept || p.Status == PromiseStatus.Broken) && p.ResolvedOn != null)
            .Select(p => new PromiseOutcome(p.CustomerId, p.Currency, p.ResolvedOn!.Value, p.Status == PromiseStatus.Kept))
            .ToListAsync(ct);
    }

    /// <summary>The outcomes <see cref="LoadPromisesAsync"/> reads (kept or broken, resolved), from promises the caller has read.</summary>
    public static List<PromiseOutcome> Outcomes(IEnumerable<PromiseToPay> promises) =>
        promises.Where(p => (p.Status == PromiseStatus.Kept || p.Status == PromiseStatus.Broken) && p.ResolvedOn != null)
            .Select(p => new PromiseOutcome(p.CustomerId, p.Currency, p.ResolvedOn!.Value, p.Status == PromiseStatus.Kept)).ToList();

    private static void Add(Dictionary<Guid, List<Settlement>> map, Guid id, Settlement settlement)
    {
        if (!map.TryGetValue(id, out var list))
        {
            map[id] = list = [];
        }

        list.Add(settlement);
    }
}
