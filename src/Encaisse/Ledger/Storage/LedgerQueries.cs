using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Storage;

// Query shapes use init properties (not positional records): EF composes filters through member-init
// projections, not through constructor calls.

/// <summary>An invoice with the total allocated to it (or, for a credit note, from it) by a date.</summary>
public sealed class InvoiceWithAllocated
{
    public required Invoice Invoice { get; init; }
    public long AllocatedMinor { get; init; }
}

/// <summary>A payment with what is not yet allocated to any invoice (customer credit or unidentified receipt).</summary>
public sealed class PaymentWithUnallocated
{
    public required Payment Payment { get; init; }
    public long UnallocatedMinor { get; init; }
}

/// <summary>
/// Reads the ledger with allocation totals computed in the database (one correlated sum per document, served by
/// the allocation indexes), so open amounts are always derived, never stored.
/// </summary>
public static class LedgerQueries
{
    /// <summary>Invoices and credit notes with what has been allocated by <paramref name="asOf"/>.</summary>
    public static IQueryable<InvoiceWithAllocated> DocumentsWithAllocated(EncaisseDb db, DateOnly asOf) =>
        db.Invoices.AsNoTracking()
            .Where(i => i.IssueDate <= asOf)
            .Select(i => new InvoiceWithAllocated
            {
                Invoice = i,
                AllocatedMinor = i.Kind == DocumentKind.CreditNote
                    ? db.Allocations.Where(a => a.CreditNoteId == i.Id && a.AllocatedOn <= asOf).Sum(a => unchecked((long?)a.AmountMinor)) ?? 0
                    : db.Allocations.Where(a => a.InvoiceId == i.Id && a.AllocatedOn <= asOf).Sum(a => unchecked((long?)a.AmountMinor)) ?? 0,
            });

    /// <summary>
    /// Invoices and credit notes with everything allocated to them so far: the maintained settled total (ADR 0610), so
    /// a filter on what is open or paid today is served by the index of open documents, with no sum per row.
    /// </summary>
    public static IQueryable<InvoiceWithAllocated> DocumentsAllocatedToDate(EncaisseDb db) =>
        db.Invoices.AsNoTracking()
            .Select(i => new InvoiceWithAllocated { Invoice = i, AllocatedMinor = EF.Property<long>(i, SettledTotals.Property) });

    /// <summary>Documents still open on <paramref name="asOf"/> (not cancelled, not fully allocated).</summary>
    public static IQueryable<InvoiceWithAllocated> OpenDocuments(EncaisseDb db, DateOnly asOf) =>
        DocumentsWithAllocated(db, asOf)
            .Where(x => (x.Invoice.CancelledOn == null || x.Invoice.CancelledOn > asOf) && x.Invoice.GrossMinor > x.AllocatedMinor);

    /// <summary>Payments received by <paramref name="asOf"/> with their unallocated remainder.</summary>
    public static IQueryable<PaymentWithUnallocated> PaymentsWithUnallocated(EncaisseDb db, DateOnly asOf) =>
        db.Payments.AsNoTracking()
            .Where(p => p.ReceivedOn <= asOf)
            .Select(p => new PaymentWithUnallocated
            {
                Payment = p,
                UnallocatedMinor = unchecked(p.AmountMinor - (db.Allocations.Where(a => a.PaymentId == p.Id && a.AllocatedOn <= asOf).Sum(a => (long?)a.AmountMinor) ?? 0)),
            });

    /// <summary>Open items (per instalment where there are several) of the documents given.</summary>
    public static async Task<List<OpenItem>> OpenItemsAsync(EncaisseDb db, IQueryable<InvoiceWithAllocated> documents, DateOnly asOf, CancellationToken ct)
    {
        var rows = await documents.ToListAsync(ct);
        var withInstalments = rows.Where(r => r.Invoice.Kind == DocumentKind.Invoice).Select(r => r.Invoice.Id).ToList();
        var instalments = withInstalments.Count == 0
            ? []
            : await db.Instalments.AsNoTracking().Where(i => withInstalments.Contains(i.InvoiceId)).ToListAsync(ct);
        var byInvoice = instalments.ToLookup(i => i.InvoiceId);
        var items = new List<OpenItem>(rows.Count);
        foreach (var row in rows)
        {
            row.Invoice.Instalments = byInvoice[row.Invoice.Id].ToList();
            items.AddRange(Balances.OpenItemsOf(row.Invoice, row.AllocatedMinor, asOf));
        }

        return items;
    }

    /// <summary>Balances per currency of one customer on <paramref name="asOf"/>, from the per-customer totals (<see cref="PositionTotals"/>).</summary>
    public static Task<IReadOnlyList<CurrencyBalance>> BalancesAsync(EncaisseDb db, Guid customerId, DateOnly asOf, CancellationToken ct) =>
        PositionTotals.BalancesAsync(db, customerId, asOf, ct);
}
