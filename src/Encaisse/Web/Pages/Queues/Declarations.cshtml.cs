using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>
/// Invoices to declare to the credit insurer: covered, not declared yet, whose declaration deadline is within 30 days or
/// missed (the same list as <c>encaisse insurance deadlines</c>), most urgent first. The claim is made from the customer page.
/// </summary>
public sealed class DeclarationsModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : QueuePageModel(clock)
{
    public IReadOnlyList<DeadlineRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, Guid> CustomerIds { get; private set; } = new Dictionary<string, Guid>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(Clock, tenant.Required.TimeZone);
        var all = await InsuranceOperations.DeadlinesAsync(db, tenant.Required, today, ct);
        Rows = Paged(all.Skip(Skip).Take(PageSize + 1).ToList());
        var refs = Rows.Select(r => r.CustomerRef).Distinct().ToList();
        CustomerIds = await db.Customers.AsNoTracking().Where(c => refs.Contains(c.ExternalRef)).ToDictionaryAsync(c => c.ExternalRef, c => c.Id, ct);
    }

    /// <summary>The badge of a stage: ≤ 30 days, ≤ 15 days, ≤ 7 days, missed.</summary>
    public static string Badge(DeadlineStage stage) => stage switch
    {
        DeadlineStage.Missed => "bad",
        DeadlineStage.Within7 => "bad",
        DeadlineStage.Within15 => "warn",
        _ => "info",
    };
}
