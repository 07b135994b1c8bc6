using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;

namespace Encaisse.Web.Pages.Queues;

/// <summary>
/// Invoices to declare to the credit insurer: covered, not declared yet, whose declaration deadline is within 30 days or
/// missed (the same list as <c>encaisse insurance deadlines</c>, kept a little while: <see cref="KeptDeclarationDeadlines"/>), most
/// urgent first. The claim is made from the customer page.
/// </summary>
public sealed class DeclarationsModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, KeptDeclarationDeadlines deadlines) : QueuePageModel(clock)
{
    public IReadOnlyList<Deadline> Rows { get; private set; } = [];

    /// <summary>When the list was computed (it is kept, ADR 1594; the invoices declared since are left out).</summary>
    public DateTimeOffset ComputedAt { get; private set; }

    public string TimeZone => tenant.Required.TimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = BusinessCalendar.Today(Clock, tenant.Required.TimeZone);
        var list = await deadlines.GetAsync(db, tenant.Required, today, ct);
        ComputedAt = list.ComputedAt;
        Rows = Paged(list.Deadlines.Skip(Skip).Take(PageSize + 1).ToList());
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
