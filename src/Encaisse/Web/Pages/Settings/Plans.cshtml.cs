using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>Dunning plans: who gets which plan (default per kind, segment, risk class, customer overrides).</summary>
public sealed class PlansModel(EncaisseDb db, TimeProvider clock) : SettingsPageModel
{
    public sealed record Line(DunningPlan Plan, int Overrides);

    public override bool MayChange => SettingsAccess.CanEditDunning(User);
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    [TempData] public string? Refusal { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await DunningSetup.EnsureAsync(db, clock, ct);
        var plans = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).OrderBy(p => p.Name).ToListAsync(ct);
        var overrides = await db.Set<DunningPlanOverride>().GroupBy(o => o.PlanId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        Lines = plans.Select(p => new Line(p, overrides.FirstOrDefault(o => o.Key == p.Id)?.Count ?? 0)).ToList();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid planId, CancellationToken ct) =>
        Done(await DunningPlanOperations.DeleteAsync(db, planId, ct), "deleted");

    /// <summary>Gives one customer a plan of its own (or back to the automatic choice with an empty plan).</summary>
    public async Task<IActionResult> OnPostAssignAsync(string? customer, Guid? planId, CancellationToken ct) =>
        Done(await DunningPlanOperations.AssignAsync(db, customer, planId, ct), "saved");

    /// <summary>The notice on success; the refusal the operation's code names otherwise (last plan, unknown customer or plan).</summary>
    private RedirectToPageResult Done<T>(Result<T> result, string notice)
    {
        if (result.IsOk)
        {
            Notice = notice;
        }
        else
        {
            Refusal = result.Error!.Code == "plan.lastPlan" ? "lastPlan" : "unknownCustomer";
        }

        return RedirectToPage();
    }
}
