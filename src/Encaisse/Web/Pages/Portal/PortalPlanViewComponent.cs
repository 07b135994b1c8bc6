using Encaisse.Web.Portal;
using Encaisse.Ledger;
using Encaisse.Portal;
using Encaisse.Storage;
using Encaisse.Web.Actions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Portal;

/// <summary>The portal's payment-plan card: the current plan and its schedule, or the request form with the tenant's conditions.</summary>
public sealed class PortalPlanViewComponent(EncaisseDb db, PortalVisit visit, TimeProvider clock) : ViewComponent
{
    public sealed record Model(string Token, PortalPlan? Current, Dunning.PaymentPlans.CollectionsPolicy Policy, DateOnly Today, string Currency, string? ErrorKey, int Count, DateOnly? First);

    public async Task<IViewComponentResult> InvokeAsync(string? errorKey = null, int count = 3, DateOnly? first = null)
    {
        if (visit.Link is not { } link)
        {
            return Content("");
        }

        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == link.CustomerId, HttpContext.RequestAborted);
        var scope = await Dunning.Timeline.CollectionsScope.ForAsync(db, clock, PortalPlanRequests.Actor, HttpContext.RequestAborted);
        var current = await PortalPlanRequests.CurrentAsync(db, clock, customer, HttpContext.RequestAborted);
        var policy = current?.Policy ?? await scope.PolicyAsync(HttpContext.RequestAborted);
        return View(new Model(visit.Token, current, policy, scope.Today, scope.Tenant.Currency, errorKey, count, first));
    }
}
