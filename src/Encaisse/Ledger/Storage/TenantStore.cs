using Encaisse.Storage;

namespace Encaisse.Ledger.Storage;

public static class TenantStore
{
    public static async Task<Tenant> CreateAsync(EncaisseDb db, string code, string name, TimeProvider clock, CancellationToken ct)
    {
        var tenant = new Tenant { Code = code, Name = name, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(ct);
        return tenant;
    }
}
