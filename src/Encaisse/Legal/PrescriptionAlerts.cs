using Encaisse.Dunning.Tasks;
using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal;

/// <summary>
/// Turns prescription alerts (three months before the limitation period ends, french-law.md §6) into collection
/// tasks for the customer's collector, once per invoice and expiry date: run by the daily job and by
/// <c>encaisse legal prescription --tasks</c>.
/// </summary>
public static class PrescriptionAlerts
{
    /// <summary>Creates the missing tasks; returns how many were created.</summary>
    public static async Task<int> RaiseAsync(EncaisseDb db, Tenant tenant, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var alerts = (await PrescriptionReport.BuildAsync(db, tenant, null, today, ct))
            .Where(i => i.Status.State == PrescriptionState.Alert).ToList();
        if (alerts.Count == 0)
        {
            return 0;
        }

        var refs = alerts.Select(a => a.Customer).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => refs.Contains(c.ExternalRef))
            .Select(c => new { c.Id, c.ExternalRef, c.Collector }).ToDictionaryAsync(c => c.ExternalRef, ct);
        var ids = customers.Values.Select(c => c.Id).ToList();
        var existing = (await db.Set<CollectionTask>().AsNoTracking().Where(t => ids.Contains(t.CustomerId) && t.Kind == CollectionTaskKind.Review)
            .Select(t => new { t.CustomerId, t.Title }).ToListAsync(ct)).Select(t => (t.CustomerId, t.Title)).ToHashSet();
        var created = 0;
        foreach (var alert in alerts)
        {
            var customer = customers[alert.Customer];
            var title = TitleOf(alert);
            if (existing.Add((customer.Id, title.French)))
            {
                db.Add(new CollectionTask
                {
                    TenantId = tenant.Id,
                    CustomerId = customer.Id,
                    Kind = CollectionTaskKind.Review,
                    Title = title.French,
                    TitleText = title.Stored,
                    DueOn = today,
                    AssignedTo = customer.Collector,
                    CreatedAt = now,
                });
                created++;
            }
        }

        await db.SaveChangesAsync(ct);
        return created;
    }

    /// <summary>The task's title: the invoice and its expiry date (a restarted period gives a new task).</summary>
    public static TaskTitle TitleOf(PrescriptionItem item) => TaskTitles.Of("prescription", ("invoice", item.Invoice), ("on", item.Status.ExpiresOn));
}
