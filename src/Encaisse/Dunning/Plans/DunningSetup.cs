using Encaisse.Dunning.Channels;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Plans;

/// <summary>Creates the default plans and settings of a tenant on first use.</summary>
internal static class DunningSetup
{
    public static async Task<DunningSettings> EnsureAsync(Encaisse.Storage.EncaisseDb db, TimeProvider clock, CancellationToken ct)
    {
        var settings = await db.Set<DunningSettings>().SingleOrDefaultAsync(ct);
        if (settings is not null)
        {
            // Values stored in clear before secrets were sealed (docs/adr/0360) are sealed on first read.
            if (DunningSecretFields.SealClearValues(settings))
            {
                await db.SaveChangesAsync(ct);
            }

            return settings;
        }

        var now = clock.GetUtcNow();
        settings = new DunningSettings { TenantId = db.TenantId };
        db.Add(settings);
        if (!await db.Set<DunningPlan>().AnyAsync(ct))
        {
            db.Add(DefaultPlans.Business(db.TenantId, now));
            db.Add(DefaultPlans.Consumer(db.TenantId, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another runner set the tenant up at the same moment: use its rows.
            db.ChangeTracker.Clear();
            return await db.Set<DunningSettings>().SingleAsync(ct);
        }

        return settings;
    }
}
