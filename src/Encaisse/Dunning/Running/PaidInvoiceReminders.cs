using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>
/// The reaction of dunning to a settlement (called by <see cref="LedgerAllocations"/> inside its transaction): a
/// reminder still planned or waiting for approval whose invoices are all settled now is cancelled with the reason,
/// so the approval queue never shows a formal notice for an invoice paid an hour ago. A reminder that still lists an
/// open invoice stays; approving it re-plans the customer first (<see cref="DunningApprovals"/>). The same reaction
/// follows the sale of invoices under notified factoring (<see cref="Risk.Factoring.FactoringOperations"/>): an invoice
/// the factor collects is no longer the seller's to claim; and the declaration of invoices to the credit insurer
/// (<see cref="Risk.Insurance.InsuranceOperations.ClaimAsync"/>, <paramref name="declared"/>): the insurer collects them.
/// </summary>
internal static class PaidInvoiceReminders
{
    public static async Task<int> CancelAsync(EncaisseDb db, Guid customerId, IReadOnlyCollection<Guid> settledInvoiceIds, string actor, DateTimeOffset now,
        CancellationToken ct, bool factored = false, bool declared = false)
    {
        var pending = await db.Set<DunningAction>().AsNoTracking()
            .Where(a => a.CustomerId == customerId && (a.Status == DunningActionStatus.Planned || a.Status == DunningActionStatus.AwaitingApproval))
            .Select(a => new { a.Id, a.InvoiceIds, a.StepKey, a.Cycle })
            .ToListAsync(ct);
        var concerned = pending.Where(a => a.InvoiceIds.Length > 0 && a.InvoiceIds.Split(',').Select(Guid.Parse).Any(settledInvoiceIds.Contains)).ToList();
        if (concerned.Count == 0)
        {
            return 0;
        }

        var listed = concerned.SelectMany(a => a.InvoiceIds.Split(',').Select(Guid.Parse)).Distinct().ToList();
        var stillOpen = (await db.Invoices.AsNoTracking()
            .Where(i => listed.Contains(i.Id) && i.CancelledOn == null && !i.IsFactored && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        if (declared)
        {
            // Declared to the insurer: still open, but no longer the seller's to remind.
            stillOpen.ExceptWith(settledInvoiceIds);
        }

        var numbers = await db.Invoices.AsNoTracking().Where(i => listed.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        var count = 0;
        foreach (var action in concerned.Where(a => !a.InvoiceIds.Split(',').Select(Guid.Parse).Any(stillOpen.Contains)))
        {
            var invoices = action.InvoiceIds.Split(',').Select(id => numbers.GetValueOrDefault(Guid.Parse(id), id)).Order(StringComparer.Ordinal).ToList();
            var reason = Catalogue.Text(Catalogue.English,
                declared ? "dunning.cancelReason.declared" : factored ? "dunning.cancelReason.factored" : "dunning.cancelReason.paid", ("invoices", invoices));
            var changed = await db.Set<DunningAction>()
                .Where(a => a.Id == action.Id && (a.Status == DunningActionStatus.Planned || a.Status == DunningActionStatus.AwaitingApproval))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, DunningActionStatus.Cancelled).SetProperty(a => a.LastError, "cancelled: " + reason), ct);
            if (changed == 1)
            {
                count++;
                db.Add(TimelineText.Entry(db.TenantId, customerId, now, "dunning.cancelled", actor,
                    TimelineText.Of(declared ? "dunning.cancelledDeclared" : factored ? "dunning.cancelledFactored" : "dunning.cancelledPaid", ("step", action.StepKey),
                        ("cycle", action.Cycle), ("invoices", invoices)),
                    data: new { dunningActionId = action.Id }));
            }
        }

        return count;
    }
}
