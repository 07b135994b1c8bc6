using Encaisse.Dunning.Planning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Running;

/// <summary>An outbox row as the runner needs it to reconcile (no content).</summary>
internal sealed record StoredAction(Guid Id, Guid CustomerId, string StepKey, int? StepNumber, int Cycle, DateOnly PlannedOn,
    DunningActionStatus Status, string InvoiceIds)
{
    /// <summary>Not sent and not decided: the runner re-checks it against today's plan.</summary>
    public bool Pending => Status is DunningActionStatus.Planned or DunningActionStatus.AwaitingApproval;
}

/// <summary>What one run loaded: the planner's snapshot plus the rows the runner acts on.</summary>
internal sealed record LoadedSnapshot(DunningSnapshot Snapshot, IReadOnlyDictionary<Guid, Customer> Customers, IReadOnlyList<StoredAction> Stored);

/// <summary>Reads the tenant's ledger and dunning state into a <see cref="DunningSnapshot"/> (one query per table, no N+1).</summary>
internal static class DunningSnapshotLoader
{
    public static async Task<LoadedSnapshot> LoadAsync(EncaisseDb db, DunningSettings settings, DateOnly asOf, CancellationToken ct)
    {
        // Two flat reads instead of a correlated sum per invoice: what was paid by the as-of date, then the invoices
        // (narrow projection, no tracking); fully paid ones are dropped in memory.
        var paidByInvoice = await db.Allocations.AsNoTracking()
            .Where(a => a.AllocatedOn <= asOf)
            .GroupBy(a => a.InvoiceId)
            .Select(g => new { InvoiceId = g.Key, Paid = g.Sum(a => a.AmountMinor) })
            .ToDictionaryAsync(x => x.InvoiceId, x => x.Paid, ct);
        var open = new List<(Invoice Invoice, long Paid)>();
        await foreach (var i in db.Invoices.AsNoTracking()
            .Where(i => i.CancelledOn == null || i.CancelledOn > asOf)
            .Select(i => new { i.Id, i.CustomerId, i.Number, i.Kind, i.IssueDate, i.DueDate, i.Currency, i.GrossMinor, i.IsFactored, i.CancelledOn })
            .AsAsyncEnumerable().WithCancellation(ct))
        {
            var paid = paidByInvoice.GetValueOrDefault(i.Id);
            if (i.GrossMinor > paid)
            {
                open.Add((new Invoice
                {
                    Id = i.Id, TenantId = db.TenantId, CustomerId = i.CustomerId, Number = i.Number, Kind = i.Kind, IssueDate = i.IssueDate,
                    DueDate = i.DueDate, Currency = i.Currency, GrossMinor = i.GrossMinor, IsFactored = i.IsFactored, CancelledOn = i.CancelledOn,
                }, paid));
            }
        }

        var instalments = (await db.Instalments.AsNoTracking().ToListAsync(ct)).ToLookup(i => i.InvoiceId);
        var itemsByCustomer = new Dictionary<Guid, List<DunnableItem>>();
        foreach (var row in open)
        {
            row.Invoice.Instalments = instalments[row.Invoice.Id].ToList();
            foreach (var item in Balances.OpenItemsOf(row.Invoice, row.Paid, asOf))
            {
                if (!itemsByCustomer.TryGetValue(item.CustomerId, out var list))
                {
                    itemsByCustomer[item.CustomerId] = list = [];
                }

                list.Add(new DunnableItem(item, row.Invoice.IsFactored));
            }
        }

        var stored = await db.Set<DunningAction>().AsNoTracking()
            .Select(a => new StoredAction(a.Id, a.CustomerId, a.StepKey, a.StepNumber, a.Cycle, a.PlannedOn, a.Status, a.InvoiceIds))
            .ToListAsync(ct);
        var history = stored.Where(s => s.Status != DunningActionStatus.Planned).ToLookup(s => s.CustomerId);
        var customerIds = itemsByCustomer.Keys.Concat(stored.Select(s => s.CustomerId)).ToHashSet();

        var customers = (await db.Customers.AsNoTracking().Include(c => c.Contacts).ToListAsync(ct))
            .Where(c => customerIds.Contains(c.Id)).ToDictionary(c => c.Id);
        var plans = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).ToListAsync(ct);
        var overrides = await db.Set<DunningPlanOverride>().AsNoTracking().ToDictionaryAsync(o => o.CustomerId, o => o.PlanId, ct);
        var disputed = (await (
            from d in db.Set<Dispute>().AsNoTracking()
            where d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview
            from di in d.Invoices
            select new { d.CustomerId, di.InvoiceId }).ToListAsync(ct)).ToLookup(x => x.CustomerId, x => x.InvoiceId);
        var promises = (await db.Set<PromiseToPay>().AsNoTracking().Where(p => p.Status == PromiseStatus.Pending).ToListAsync(ct)).ToLookup(p => p.CustomerId);
        var paymentPlans = (await db.Set<PaymentPlan>().AsNoTracking().Include(p => p.Instalments)
            .Where(p => p.Status == PaymentPlanStatus.Active).ToListAsync(ct)).ToLookup(p => p.CustomerId);
        var holds = (await db.Set<DunningHold>().AsNoTracking().Where(h => h.Until == null || h.Until >= asOf).ToListAsync(ct)).ToLookup(h => h.CustomerId);

        var snapshots = new List<CustomerSnapshot>(customers.Count);
        foreach (var c in customers.Values.OrderBy(c => c.ExternalRef, StringComparer.Ordinal))
        {
            var profile = new PlanProfile(c.Id, c.Kind, c.Segment, c.RiskClass);
            var past = history[c.Id]
                .Select(s => new PastAction(s.StepKey, s.StepNumber, s.Cycle, s.PlannedOn, s.Status == DunningActionStatus.Sent, Ids(s.InvoiceIds),
                    s.Status == DunningActionStatus.AwaitingApproval))
                .ToList();
            snapshots.Add(new CustomerSnapshot
            {
                Profile = profile,
                InsolvencyOpenedOn = c.InsolvencyOpenedOn,
                CeasedOn = c.CeasedOn,
                Plan = PlanChoice.For(profile, plans, overrides.TryGetValue(c.Id, out var o) ? o : null),
                Items = itemsByCustomer.TryGetValue(c.Id, out var items) ? items : [],
                History = past,
                DisputedInvoices = disputed[c.Id].ToHashSet(),
                Promises = promises[c.Id].ToList(),
                PaymentPlans = paymentPlans[c.Id].ToList(),
                Holds = holds[c.Id].ToList(),
                LastContactOn = past.Where(p => p.Delivered).Select(p => (DateOnly?)p.PlannedOn).Max(),
            });
        }

        var planning = new PlanningSettings(settings.PromiseGraceDays, settings.ThankYouMessages);
        return new LoadedSnapshot(new DunningSnapshot(asOf, planning, snapshots), customers, stored);
    }

    private static List<Guid> Ids(string csv) => csv.Length == 0 ? [] : csv.Split(',').Select(Guid.Parse).ToList();
}
