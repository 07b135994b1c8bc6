using Encaisse.Dunning;
using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>Open call tasks due today or earlier; the signed-in collector's own calls come first.</summary>
public sealed class CallsModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : QueuePageModel(clock)
{
    public sealed record Row(Guid TaskId, Guid CustomerId, string CustomerName, string CustomerRef, string Title, DateOnly DueOn, string? AssignedTo,
        bool Mine, string? Phone, string? ContactName)
    {
        /// <summary>The title as a catalogue message when Encaisse wrote it (<see cref="Dunning.Tasks.TaskTitles"/>).</summary>
        public string? TitleText { get; init; }
    }

    /// <summary>Outcomes that close the call from the queue; a promise or a dispute is recorded on the customer page.</summary>
    public static readonly CallOutcome[] QuickOutcomes = [CallOutcome.Reached, CallOutcome.NoAnswer, CallOutcome.WrongNumber, CallOutcome.CallBack];

    [BindProperty(SupportsGet = true)] public bool MineOnly { get; set; }
    public string? MineOnlyRoute => MineOnly ? "true" : null;
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateOnly Today => BusinessCalendar.Today(Clock, tenant.Required.TimeZone);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Login;
        var today = Today;
        var query = from t in db.Set<CollectionTask>().AsNoTracking()
                    join c in db.Customers on t.CustomerId equals c.Id
                    where t.Kind == CollectionTaskKind.Call && t.Status == CollectionTaskStatus.Open && t.DueOn <= today
                    select new { t, c, Mine = t.AssignedTo == me || (t.AssignedTo == null && c.Collector == me) };
        if (MineOnly)
        {
            query = query.Where(x => x.Mine);
        }

        var rows = await query.OrderBy(x => x.Mine ? 0 : 1).ThenBy(x => x.t.DueOn).ThenBy(x => x.c.LegalName).ThenBy(x => x.t.Id)
            .Select(x => new Row(x.t.Id, x.c.Id, x.c.LegalName, x.c.ExternalRef, x.t.Title, x.t.DueOn, x.t.AssignedTo, x.Mine,
                db.Contacts.Where(k => k.CustomerId == x.c.Id && k.Phone != null).OrderByDescending(k => k.IsPrimary).Select(k => k.Phone).FirstOrDefault(),
                db.Contacts.Where(k => k.CustomerId == x.c.Id && k.Phone != null).OrderByDescending(k => k.IsPrimary).Select(k => k.Name).FirstOrDefault())
            {
                TitleText = x.t.TitleText,
            })
            .Skip(Skip).Take(PageSize + 1).ToListAsync(ct);
        Rows = Paged(rows);
    }

    /// <summary>Logs the call on its task through the shared task operation (closes it; a call-back creates the next call).</summary>
    public async Task<IActionResult> OnPostLogAsync(Guid taskId, CallOutcome outcome, string? comment, DateOnly? callBackOn, CancellationToken ct)
    {
        if (!QuickOutcomes.Contains(outcome))
        {
            return Back(null, "act.invalid");
        }

        var scope = await CollectionsScope.ForAsync(db, Clock, Login, ct);
        try
        {
            await CollectionTaskOperations.LogCallAsync(scope, taskId, new LogCall(outcome, comment, CallBackOn: callBackOn), ct);
        }
        catch (Operations.OperationFailedException e)
        {
            // The refusal's sentence in the reader's language (a call-back day in the past, a task already closed...).
            return Back(null, Explain(e.Error));
        }

        return Back("act.done");
    }

    protected override object RouteValues => new { p = PageNumber, mineOnly = MineOnly ? "true" : null };

    public override string PagerQuery => MineOnly ? "&mineOnly=true" : "";
}
