using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>
/// Loads a <see cref="CustomerPosition"/> — the one answer to "what does this customer owe and hold on this date"
/// for pages, API, CLI, dunning letters, legal documents and collections. <see cref="LoadAsync"/> reads the whole
/// customer (documents, allocations and payments; a legal file needs every settled invoice too);
/// <see cref="LoadOpenAsync"/> reads only the documents still open today (and the payments with unapplied cash),
/// which is all a page or a balance needs. Both compute the figures with the same pure rule.
/// </summary>
public static class CustomerPositions
{
    public static async Task<CustomerPosition> LoadAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var documents = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => i.CustomerId == customerId && i.IssueDate <= asOf).ToListAsync(ct);
        var ids = documents.Select(d => d.Id).ToList();
        var allocations = await AllocationsOfAsync(db, ids, asOf, ct);
        var payments = await db.Payments.AsNoTracking().Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf).ToListAsync(ct);
        var paymentIds = payments.Select(p => p.Id).ToList();
        var paymentAllocations = await PaymentAllocationsAsync(db, paymentIds, asOf, allocations, ct);
        return CustomerPosition.Compute(customerId, asOf, documents, allocations.Concat(paymentAllocations), payments);
    }

    /// <summary>
    /// The position read from the documents that are not fully settled (by their settled totals, ADR 0610) and the
    /// payments not fully allocated: open items, credits and balances are those of <see cref="LoadAsync"/>; settled
    /// documents are not in <see cref="CustomerPosition.Documents"/>.
    /// </summary>
    public static async Task<CustomerPosition> LoadOpenAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // A document settled today may have been open on an earlier date: past dates read the whole customer.
        var latest = await db.Allocations.Where(a => a.TenantId == db.TenantId).MaxAsync(a => (DateOnly?)a.AllocatedOn, ct);
        if (latest is { } last && last > asOf)
        {
            return await LoadAsync(db, customerId, asOf, ct);
        }

        var documents = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => i.CustomerId == customerId && i.IssueDate <= asOf && (i.CancelledOn == null || i.CancelledOn > asOf)
                && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .ToListAsync(ct);
        var ids = documents.Select(d => d.Id).ToList();
        var allocations = await AllocationsOfAsync(db, ids, asOf, ct);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf
                && p.AmountMinor > (db.Allocations.Where(a => a.PaymentId == p.Id).Sum(a => (long?)a.AmountMinor) ?? 0))
            .ToListAsync(ct);
        var paymentAllocations = await PaymentAllocationsAsync(db, payments.Select(p => p.Id).ToList(), asOf, allocations, ct);
        return CustomerPosition.Compute(customerId, asOf, documents, allocations.Concat(paymentAllocations), payments);
    }

    /// <summary>The position of the customer with this reference, or null when there is none.</summary>
    public static async Task<(Customer Customer, CustomerPosition Position)?> ForRefAsync(EncaisseDb db, string customerRef, DateOnly asOf, bool open, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return null;
        }

        return (customer, open ? await LoadOpenAsync(db, customer.Id, asOf, ct) : await LoadAsync(db, customer.Id, asOf, ct));
    }

    private static async Task<List<Allocation>> AllocationsOfAsync(EncaisseDb db, List<Guid> documentIds, DateOnly asOf, CancellationToken ct)
    {
        var result = new List<Allocation>();
        foreach (var chunk in documentIds.Chunk(2000))
        {
            result.AddRange(await db.Allocations.AsNoTracking()
                .Where(a => a.AllocatedOn <= asOf && (chunk.Contains(a.InvoiceId) || (a.CreditNoteId != null && chunk.Contains(a.CreditNoteId.Value))))
                .ToListAsync(ct));
        }

        return result;
    }

    /// <summary>Allocations of these payments not already read with the documents (allocations to settled invoices).</summary>
    private static async Task<List<Allocation>> PaymentAllocationsAsync(EncaisseDb db, List<Guid> paymentIds, DateOnly asOf, List<Allocation> known,
        CancellationToken ct)
    {
        var seen = known.Select(a => a.Id).ToHashSet();
        var result = new List<Allocation>();
        foreach (var chunk in paymentIds.Chunk(2000))
        {
            result.AddRange((await db.Allocations.AsNoTracking().Where(a => a.AllocatedOn <= asOf && a.PaymentId != null && chunk.Contains(a.PaymentId.Value))
                .ToListAsync(ct)).Where(a => !seen.Contains(a.Id)));
        }

        return result;
    }
}
