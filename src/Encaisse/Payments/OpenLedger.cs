using Encaisse.Ledger;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>The open invoices and known payers of the tenant, loaded once for a matching run.</summary>
public sealed record OpenLedger(IReadOnlyList<OpenInvoice> Invoices, IReadOnlyList<KnownPayer> Payers, IReadOnlyDictionary<string, Guid> CustomerIds)
{
    public static async Task<OpenLedger> LoadAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customers = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.ExternalRef, c.LegalName }).ToListAsync(ct);
        var refById = customers.ToDictionary(c => c.Id, c => c.ExternalRef);
        var nameById = customers.ToDictionary(c => c.Id, c => c.LegalName);
        // What is open today, from the settled totals the ledger keeps (ADR 0610): the allocation operation re-checks under lock.
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.Kind == DocumentKind.Invoice && i.CancelledOn == null && !i.IsFactored && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .Select(i => new { i.Id, i.CustomerId, i.Number, i.IssueDate, i.DueDate, i.Currency, Open = i.GrossMinor - EF.Property<long>(i, "SettledMinor") })
            .ToListAsync(ct);
        var open = invoices
            .Select(i => (i, open: i.Open))
            .Where(x => x.open > 0 && refById.ContainsKey(x.i.CustomerId))
            .Select(x => new OpenInvoice(x.i.Number, refById[x.i.CustomerId], nameById[x.i.CustomerId], x.i.IssueDate, x.i.DueDate, x.open, x.i.Currency)
            {
                InvoiceId = x.i.Id,
                CustomerId = x.i.CustomerId,
            })
            .ToList();
        var aliases = await db.Set<PayerAlias>().AsNoTracking().ToListAsync(ct);
        var payers = aliases.Where(a => refById.ContainsKey(a.CustomerId))
            .Select(a => a.Kind == "iban" ? new KnownPayer(a.Key, null, refById[a.CustomerId]) : new KnownPayer(null, a.Key, refById[a.CustomerId]))
            .ToList();
        var mandates = await db.Set<Sepa.Mandate>().AsNoTracking().Where(m => m.RevokedOn == null).Select(m => new { m.CustomerId, m.DebtorIban }).ToListAsync(ct);
        payers.AddRange(mandates.Where(m => refById.ContainsKey(m.CustomerId)).Select(m => new KnownPayer(m.DebtorIban, null, refById[m.CustomerId])));
        return new OpenLedger(open, payers, customers.ToDictionary(c => c.ExternalRef, c => c.Id, StringComparer.Ordinal));
    }
}
