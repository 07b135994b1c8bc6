using Encaisse.Ledger;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Queues;

/// <summary>
/// What every work-queue page shares: the acting user, read-only users refused on any POST (before the handler
/// runs), the page number (queues are read one page at a time, never whole), and the notice after an action.
/// </summary>
public abstract class QueuePageModel(TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [TempData] public string? Notice { get; set; }
    [TempData] public string? Problem { get; set; }
    public bool HasNext { get; protected set; }

    public bool CanAct => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager)) || User.IsInRole(nameof(UserRole.Collector));

    public string Login => UserClaims.LoginOf(User) ?? "user";

    protected TimeProvider Clock { get; } = clock;

    protected int Skip => (Math.Max(1, PageNumber) - 1) * PageSize;

    protected Acting Acting(Tenant tenant) => new(Login, Clock.GetUtcNow(), BusinessCalendar.Today(Clock, tenant.TimeZone));

    /// <summary>Keeps the first <see cref="PageSize"/> rows of a PageSize + 1 read; the extra row says there is a next page.</summary>
    protected IReadOnlyList<T> Paged<T>(IReadOnlyList<T> rows)
    {
        HasNext = rows.Count > PageSize;
        return HasNext ? rows.Take(PageSize).ToList() : rows;
    }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (HttpMethods.IsPost(context.HttpContext.Request.Method) && !CanAct)
        {
            context.Result = Forbid();
            return;
        }

        await next();
    }

    /// <summary>After a POST: back to the same queue page with a notice (done) or a problem (refused, with the reason).</summary>
    protected IActionResult Back(string? notice, string? problem = null)
    {
        Notice = notice;
        Problem = problem;
        return RedirectToPage(RouteValues);
    }

    /// <summary>An operation's error in the reader's language, for <see cref="Back"/>.</summary>
    protected string Explain(Operations.OperationError error) => HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Problem(error);

    /// <summary>The query of the current queue view (page number, filters) kept across a POST.</summary>
    protected virtual object RouteValues => new { p = PageNumber };

    /// <summary>The filters of the current view as a query-string suffix for the pager links ("&amp;show=unmatched").</summary>
    public virtual string PagerQuery => "";
}
