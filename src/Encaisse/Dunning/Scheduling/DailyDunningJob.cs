using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Scheduling;

/// <summary>
/// The daily dunning run inside <c>encaisse serve</c>. Every minute, for each tenant whose local hour has reached
/// its <see cref="DunningSettings.RunHour"/>, one node claims the day with a conditional UPDATE of
/// <see cref="DunningSettings.LastRunOn"/> and runs. Runs are idempotent anyway (outbox keys, row claims), so a
/// missed day is caught up by the next run and two nodes never send the same action.
/// </summary>
/// Before planning, the day's other checks run in order: registry monitoring (a ceased company or an insolvency
/// judgment freezes the customer), then promise and payment-plan checks (a broken promise resumes dunning), so
/// the run plans on today's facts. Each step is isolated: a registry outage does not stop the reminders.
internal sealed class DailyDunningJob(
    DatabaseFactory factory,
    TimeProvider clock,
    ILogger<DailyDunningJob> log,
    Risk.Registries.RegistryMonitor? registries = null,
    Web.ServerOptions? options = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Daily dunning tick failed");
            }

            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
        }
    }

    internal async Task<int> TickAsync(CancellationToken ct)
    {
        List<Tenant> tenants;
        await using (var db = factory.Create())
        {
            tenants = await db.Tenants.AsNoTracking().ToListAsync(ct);
        }

        var runs = 0;
        foreach (var tenant in tenants)
        {
            await using var db = factory.Create(tenant.Id);
            var settings = await DunningSetup.EnsureAsync(db, clock, ct);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone);
            var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
            var today = DateOnly.FromDateTime(local.DateTime);
            if (local.Hour < settings.RunHour || settings.LastRunOn >= today)
            {
                continue;
            }

            var claimed = await db.Set<DunningSettings>()
                .Where(s => s.Id == settings.Id && (s.LastRunOn == null || s.LastRunOn < today))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastRunOn, today), ct);
            if (claimed != 1)
            {
                continue;
            }

            await DailyChecksAsync(tenant, today, ct);
            var report = await new DunningRunner(factory, clock, new DunningChannels()).RunAsync(tenant, new DunningRunOptions { AsOf = today }, ct);
            log.LogInformation("Dunning run for tenant {Tenant} on {Date}: {Stored} stored, {Sent} sent, {Failed} failed",
                tenant.Code, today, report.Stored, report.Sent, report.Failed);
            runs++;
        }

        return runs;
    }

    private async Task DailyChecksAsync(Tenant tenant, DateOnly today, CancellationToken ct)
    {
        if (registries is not null && options?.MonitorRegistries != false)
        {
            try
            {
                await using var db = factory.Create(tenant.Id);
                var outcomes = await registries.RunAsync(db, tenant, today, clock, ct);
                log.LogInformation("Registry monitoring for tenant {Tenant}: {Count} customers checked", tenant.Code, outcomes.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Registry monitoring failed for tenant {Tenant}; dunning goes on", tenant.Code);
            }
        }

        try
        {
            await using var db = factory.Create(tenant.Id);
            await Timeline.CollectionsChecks.RunAsync(new Timeline.CollectionsScope(db, tenant, clock, "scheduler"), today, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Promise and payment-plan checks failed for tenant {Tenant}; dunning goes on", tenant.Code);
        }

        try
        {
            await using var db = factory.Create(tenant.Id);
            await Legal.PrescriptionAlerts.RaiseAsync(db, tenant, today, clock.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Prescription alerts failed for tenant {Tenant}; dunning goes on", tenant.Code);
        }
    }
}
