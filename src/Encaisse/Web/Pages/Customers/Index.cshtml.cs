using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Customers;

public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, CustomerRankings rankings) : PageModel
{
    /// <summary>Sending statements: everyone who may act (not read-only users), as on the customer page.</summary>
    public bool CanSendStatements => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager)) || User.IsInRole(nameof(UserRole.Collector));

    /// <summary>Giving customers to a collector is a manager's decision: administrators and credit managers.</summary>
    public bool CanAssign => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager));

    /// <summary>Users with the collector role, the choices of "assign a collector".</summary>
    public IReadOnlyList<(string Login, string Name)> CollectorUsers { get; private set; } = [];

    [TempData] public string? BulkSummary { get; set; }
    [TempData] public string? BulkFailures { get; set; }
    [TempData] public string? BulkProblem { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Risk { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    /// <summary>Collector filter: a login, "*" for everybody; empty = the default (a collector's own portfolio).</summary>
    [BindProperty(SupportsGet = true)] public string? Collector { get; set; }
    [BindProperty(SupportsGet = true)] public string? Segment { get; set; }
    [BindProperty(SupportsGet = true)] public CustomerSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    /// <summary>
    /// The page number, read from <c>?page=</c> by hand: Razor Pages keeps the route value "page" (the page's own path)
    /// under that name, so a bound property named "page" always received the path and fell back to 1.
    /// </summary>
    public int PageNumber { get; private set; } = 1;

    public CustomerPage Result { get; private set; } = new([], false);
    public IReadOnlyList<string> Collectors { get; private set; } = [];
    public IReadOnlyList<string> Segments { get; private set; } = [];
    public string? Me { get; private set; }
    public string? EffectiveCollector { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = tenant.Required;
        var today = BusinessCalendar.Today(clock, t.TimeZone);
        Me = UserClaims.LoginOf(User);
        // Collectors see their own portfolio first: it is their default filter, "all" is one click away.
        EffectiveCollector = string.IsNullOrEmpty(Collector)
            ? (User.IsInRole(nameof(UserRole.Collector)) ? Me : null)
            : Collector == "*" ? null : Collector;
        PageNumber = int.TryParse(Request.Query["page"], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page)
            ? Math.Clamp(page, 1, 100_000) : 1;
        Result = await CustomerDirectory.SearchAsync(db, t.Id, t.Currency, today,
            new CustomerQuery(Search, Risk, Overdue, EffectiveCollector, Segment, Sort, Desc, PageNumber), rankings, ct);
        (Collectors, Segments) = await CustomerDirectory.ChoicesAsync(db, ct);
        CollectorUsers = CanAssign ? await Actions.CustomerBulkActions.CollectorsAsync(db, ct) : [];
    }

    /// <summary>Gives the ticked customers to a collector (one operation per customer, <see cref="Actions.CustomerBulkActions"/>).</summary>
    public async Task<IActionResult> OnPostAssignAsync(string[]? customers, string? assignTo, string? back, CancellationToken ct)
    {
        if (!CanAssign)
        {
            return Forbid();
        }

        var result = await Actions.CustomerBulkActions.AssignCollectorAsync(db, Acting(), assignTo, customers ?? [], ct);
        return Done(result.Map(r => (r.Items.Count(i => i.Result.IsOk), r.Failed.Select(f => Ui.Problem(f.Result.Error!)).ToList())), "assigned", back);
    }

    /// <summary>E-mails today's statement to each ticked customer (the customer page's operation, once per customer).</summary>
    public async Task<IActionResult> OnPostStatementsAsync(string[]? customers, string? back, CancellationToken ct)
    {
        if (!CanSendStatements)
        {
            return Forbid();
        }

        var channels = HttpContext.RequestServices.GetRequiredService<Encaisse.Dunning.Running.DunningChannels>();
        var result = await Actions.CustomerBulkActions.SendStatementsAsync(db, tenant.Required, channels, clock, Acting(), customers ?? [], ct);
        return Done(result.Map(r => (r.Items.Count(i => i.Result.IsOk), r.Failed.Select(f => Ui.Problem(f.Result.Error!)).ToList())), "statements", back);
    }

    private Encaisse.Dunning.Timeline.Acting Acting() =>
        new(UserClaims.LoginOf(User) ?? "user", clock.GetUtcNow(), BusinessCalendar.Today(clock, tenant.Required.TimeZone));

    private Ui Ui => HttpContext.RequestServices.GetRequiredService<Ui>();

    private IActionResult Done(Encaisse.Operations.Result<(int Done, List<string> Failures)> result, string part, string? back)
    {
        if (result.IsOk)
        {
            BulkSummary = Queues.ApprovalsModel.Summary(Ui, (part, result.Value.Done), ("failed", result.Value.Failures.Count));
            BulkFailures = result.Value.Failures.Count == 0 ? null : string.Join("\n", result.Value.Failures);
        }
        else
        {
            BulkProblem = Ui.Problem(result.Error!);
        }

        // Back to the same view of the list (filters, sort, page), never elsewhere.
        return Redirect(back is not null && back.StartsWith("/customers", StringComparison.Ordinal) && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/customers");
    }

    /// <summary>The current query string with some values replaced (sorting and paging links).</summary>
    public string Link(CustomerSort? sort = null, bool? desc = null, int? page = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search, ["risk"] = Risk, ["overdue"] = Overdue ? "true" : null, ["collector"] = Collector, ["segment"] = Segment,
            ["sort"] = (sort ?? Sort).ToString(), ["desc"] = (desc ?? Desc) ? "true" : null, ["page"] = (page ?? PageNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return "/customers" + Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>When the order comes from the kept ranking: the time it was computed, in the tenant's time zone.</summary>
    public string? RankedAtLocal => Result.RankedAt is { } at
        ? TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(tenant.Required.TimeZone)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
        : null;

    public string SortLink(CustomerSort column) => Link(column, column == Sort ? !Desc : column is CustomerSort.Open or CustomerSort.Overdue, 1);

    public string Arrow(CustomerSort column) => column != Sort ? "" : Desc ? " ▼" : " ▲";

    public string AriaSort(CustomerSort column) => column != Sort ? "none" : Desc ? "descending" : "ascending";
}
