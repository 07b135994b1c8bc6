using Encaisse.Web.BackOffice;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Payments;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>The work queues at a glance: how many rows wait in each (counts on indexed status columns).</summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : QueuePageModel(clock)
{
    public int Approvals { get; private set; }
    public int Calls { get; private set; }
    public int MyCalls { get; private set; }
    public int Failures { get; private set; }
    public int BankReview { get; private set; }
    public int Unidentified { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(Clock, tenant.Required.TimeZone);
        var me = Login;
        Approvals = await db.Set<DunningAction>().CountAsync(a => a.Status == DunningActionStatus.AwaitingApproval, ct);
        var calls = from t in db.Set<CollectionTask>()
                    join c in db.Customers on t.CustomerId equals c.Id
                    where t.Kind == CollectionTaskKind.Call && t.Status == CollectionTaskStatus.Open && t.DueOn <= today
                    select new { t.AssignedTo, c.Collector };
        Calls = await calls.CountAsync(ct);
        MyCalls = await calls.CountAsync(x => x.AssignedTo == me || (x.AssignedTo == null && x.Collector == me), ct);
        Failures = await DashboardFigures.FailedSendsAsync(db, ct);
        BankReview = await db.Set<BankTransaction>().CountAsync(t => t.Status == BankTransactionStatus.Review && t.AmountMinor > 0, ct);
        Unidentified = await db.Set<BankTransaction>().CountAsync(t => t.Status == BankTransactionStatus.Unmatched && t.AmountMinor > 0, ct);
    }
}
