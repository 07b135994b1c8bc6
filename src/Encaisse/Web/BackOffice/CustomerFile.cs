using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>Everything the customer page shows, loaded with bounded queries (open documents only, recent history).</summary>
public sealed record CustomerFile(
    Customer Customer,
    IReadOnlyList<OpenItem> OpenItems,
    IReadOnlyList<CurrencyBalance> Balances,
    IReadOnlyList<TimelineEvent> Timeline,
    IReadOnlyList<Dispute> Disputes,
    IReadOnlyList<PromiseToPay> Promises,
    IReadOnlyList<PaymentPlan> Plans,
    IReadOnlyList<CollectionTask> Tasks,
    IReadOnlyList<DunningHold> Holds,
    IReadOnlySet<Guid> DisputedInvoiceIds)
{
    public const int HistoryLimit = 50;

    /// <summary>
    /// <paramref name="inputs"/> with the customer's disputes and resolved promises when this file holds all of them (fewer than
    /// <see cref="HistoryLimit"/>): the risk evaluation then does not read them again (ADR 1570).
    /// </summary>
    public Risk.CustomerRiskInputs WithHistory(Risk.CustomerRiskInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs with
        {
            DisputeOpenings = Disputes.Count < HistoryLimit ? Disputes.Select(d => d.OpenedOn).ToList() : inputs.DisputeOpenings,
            PromiseOutcomes = Promises.Count < HistoryLimit ? Reporting.PortfolioLoader.Outcomes(Promises) : inputs.PromiseOutcomes,
        };
    }

    public static async Task<CustomerFile?> LoadAsync(EncaisseDb db, Guid customerId, DateOnly today, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
        {
            return null;
        }

        // The ledger's one position (open items, credit notes, unapplied cash, balances).
        var position = await CustomerPositions.LoadOpenAsync(db, customerId, today, ct);
        var openItems = position.OpenItems.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal).ToList();
        var balances = position.Balances;

        // SQLite cannot order by DateTimeOffset: ids are version-7 GUIDs (creation order) there, instants on PostgreSQL.
        var events = db.Set<TimelineEvent>().AsNoTracking().Where(e => e.CustomerId == customerId);
        var timeline = (await (db.Provider == DatabaseProvider.Postgres ? events.OrderByDescending(e => e.At) : events.OrderByDescending(e => e.Id))
            .Take(HistoryLimit).ToListAsync(ct)).OrderByDescending(e => e.At).ToList();
        var disputes = await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices).Where(d => d.CustomerId == customerId)
            .OrderByDescending(d => d.OpenedOn).ThenByDescending(d => d.Id).Take(HistoryLimit).ToListAsync(ct);
        var promises = await db.Set<PromiseToPay>().AsNoTracking().Where(p => p.CustomerId == customerId)
            .OrderByDescending(p => p.PromisedDate).ThenByDescending(p => p.Id).Take(HistoryLimit).ToListAsync(ct);
        var plans = await db.Set<PaymentPlan>().AsNoTracking().Include(p => p.Instalments).Where(p => p.CustomerId == customerId)
            .OrderByDescending(p => p.Id).Take(HistoryLimit).ToListAsync(ct);
        var tasks = await db.Set<CollectionTask>().AsNoTracking().Where(t => t.CustomerId == customerId)
            .OrderBy(t => t.Status).ThenBy(t => t.DueOn).Take(HistoryLimit).ToListAsync(ct);
        var holds = await db.Set<DunningHold>().AsNoTracking().Where(h => h.CustomerId == customerId && (h.Until == null || h.Until >= today))
            .OrderBy(h => h.From).ToListAsync(ct);
        var disputed = disputes.Where(d => d.IsActive).SelectMany(d => d.Invoices).Select(i => i.InvoiceId).ToHashSet();
        return new CustomerFile(customer, openItems, balances, timeline, disputes, promises, plans, tasks, holds, disputed);
    }
}
