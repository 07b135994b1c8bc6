using Encaisse.Demo;
using Encaisse.Ledger;
using Encaisse.Storage;

namespace Encaisse.Demo;

/// <summary>Writes a generated portfolio in batches, with change tracking off, in constant memory.</summary>
internal static class DemoWriter
{
    public sealed record Counts(int Customers, int Invoices, int Payments, int Allocations, int Disputes, int Promises);

    public static async Task<Counts> WriteAsync(DatabaseFactory factory, Tenant tenant, IEnumerable<DemoCustomer> portfolio, Action<int>? progress, CancellationToken ct)
    {
        int customers = 0, invoices = 0, payments = 0, allocations = 0, disputes = 0, promises = 0, pending = 0;
        var db = factory.Create(tenant.Id);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var item in portfolio)
            {
                db.Add(item.Customer);
                db.AddRange(item.Invoices);
                db.AddRange(item.Payments);
                db.AddRange(item.Allocations);
                db.AddRange(item.Disputes);
                db.AddRange(item.Promises);
                customers++;
                invoices += item.Invoices.Count;
                payments += item.Payments.Count;
                allocations += item.Allocations.Count;
                disputes += item.Disputes.Count;
                promises += item.Promises.Count;
                pending += 1 + item.Invoices.Count + item.Payments.Count + item.Allocations.Count;
                if (pending >= 20_000)
                {
                    await db.SaveChangesAsync(ct);
                    await db.DisposeAsync();
                    db = factory.Create(tenant.Id);
                    db.ChangeTracker.AutoDetectChangesEnabled = false;
                    pending = 0;
                    progress?.Invoke(customers);
                }
            }

            await db.SaveChangesAsync(ct);
            progress?.Invoke(customers);
        }
        finally
        {
            await db.DisposeAsync();
        }

        return new Counts(customers, invoices, payments, allocations, disputes, promises);
    }
}
