using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages;

public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    public DateOnly Today { get; private set; }
    public AgedBalance Aged { get; private set; } = new();
    public IReadOnlyList<WorkItem> Tasks { get; private set; } = [];
    public IReadOnlyList<WorkItem> Promises { get; private set; } = [];
    public IReadOnlyList<WorkItem> Disputes { get; private set; } = [];
    public string TenantName => tenant.Required.Name;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = tenant.Required;
        Today = BusinessCalendar.Today(clock, t.TimeZone);
        Aged = await DashboardFigures.AgedAsync(db, t.Id, t.Currency, Today, ct);
        var mine = User.IsInRole(nameof(UserRole.Collector)) ? UserClaims.LoginOf(User) : null;
        Tasks = await DashboardFigures.TasksDueAsync(db, Today, mine, ct);
        Promises = await DashboardFigures.PromisesDueAsync(db, Today, ct);
        Disputes = await DashboardFigures.DisputesWaitingAsync(db, ct);
    }
}
