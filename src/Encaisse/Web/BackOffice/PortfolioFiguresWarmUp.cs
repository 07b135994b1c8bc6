using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// Computes the dashboard's kept figures (<see cref="PortfolioFiguresCache"/>) before anyone asks, inside
/// <c>encaisse serve</c>: at start, then each time a tenant's day changes (checked every minute), for every tenant with an
/// enabled back-office user, one tenant after the other. Otherwise the first request after a start or after midnight waits
/// for the computation (18–22 s at a million invoices, seventh measurement of docs/benchmarks.md). A failure is logged and
/// tried again at the next check; requests still compute for themselves as before.
/// </summary>
internal sealed class PortfolioFiguresWarmUp(DatabaseFactory factory, PortfolioFiguresCache figures, TimeProvider clock, ILogger<PortfolioFiguresWarmUp> log)
    : Operations.PeriodicJob(clock, log)
{
    /// <summary>The day each tenant's figures were last warmed for.</summary>
    private readonly Dictionary<Guid, DateOnly> warmed = [];

    protected override TimeSpan Every => TimeSpan.FromMinutes(1);

    protected override string PassName => "Warming the dashboard figures";

    protected override Task PassAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One check: warms the tenants whose figures of their today were not warmed yet; returns how many it warmed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<(Guid Id, string Currency, string TimeZone)> tenants;
        await using (var db = factory.Create())
        {
            var used = db.Set<User>().IgnoreQueryFilters().Where(u => u.DisabledAt == null).Select(u => u.TenantId);
            tenants = (await db.Set<Tenant>().IgnoreQueryFilters().AsNoTracking().Where(t => used.Contains(t.Id))
                    .OrderBy(t => t.Code).Select(t => new { t.Id, t.Currency, t.TimeZone }).ToListAsync(ct))
                .Select(t => (t.Id, t.Currency, t.TimeZone)).ToList();
        }

        var count = 0;
        foreach (var (id, currency, timeZone) in tenants)
        {
            var today = BusinessCalendar.Today(Clock, timeZone);
            if (warmed.TryGetValue(id, out var day) && day == today)
            {
                continue;
            }

            await figures.WarmAsync(id, currency, today, ct);
            warmed[id] = today;
            count++;
        }

        return count;
    }
}
