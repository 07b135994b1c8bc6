using Encaisse.Ledger;
using Encaisse.Risk.Registries;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Onboarding;

/// <summary>
/// Does the queued onboarding checks inside <c>encaisse serve</c> (ADR 1830): every <see cref="Interval"/>, for each tenant,
/// the checks whose next attempt is due (new customers at once; after a registry outage 1, 5, 15 minutes, 1, 3 hours, then
/// every 6 hours). Several nodes share the queue: each check is claimed by a conditional update.
/// </summary>
internal sealed class OnboardingCheckJob(DatabaseFactory factory, TimeProvider clock, RegistryMonitor registries, ILogger<OnboardingCheckJob> log)
    : Operations.PeriodicJob(clock, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    /// <summary>Checks done per tenant and pass (the registries' rate limits apply anyway).</summary>
    public const int PerPass = 50;

    private readonly string runner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override TimeSpan Every => Interval;

    protected override string PassName => "Onboarding checks tick";

    protected override Task PassAsync(CancellationToken ct) => TickAsync(ct);

    internal async Task TickAsync(CancellationToken ct)
    {
        List<Tenant> tenants;
        await using (var db = factory.Create())
        {
            tenants = await db.Tenants.AsNoTracking().ToListAsync(ct);
        }

        foreach (var tenant in tenants)
        {
            try
            {
                await using var db = factory.Create(tenant.Id);
                var report = await new OnboardingChecks(db, tenant, Clock, registries).ProcessDueAsync(runner, PerPass, ct);
                if (report.Done + report.StillPending > 0)
                {
                    Log.LogInformation("Onboarding checks for tenant {Tenant}: {Done} done, {Pending} still pending (registry unavailable)",
                        tenant.Code, report.Done, report.StillPending);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.LogError(e, "Onboarding checks failed for tenant {Tenant}; retried next pass", tenant.Code);
            }
        }
    }
}
