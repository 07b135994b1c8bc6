using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Onboarding;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Queues;

/// <summary>
/// The onboarding card of the customer page (ADR 1830): the latest registry check with its date (or "check pending" while the
/// registries are unavailable), the differences of name and address, BODACC procedures and publications, published accounts,
/// the starting advice and the class's deposit and terms with their reasons, the own and recommended limits (who set the
/// higher), the credit overrides, the earlier checks, and the "check now" and "grant credit" forms.
/// </summary>
public sealed class CustomerOnboardingViewComponent(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : ViewComponent
{
    public sealed record Card(Guid CustomerId, bool CanAct, bool CanGrant, OnboardingView View, CustomerRisk Risk, string Currency, string TimeZone);

    public async Task<IViewComponentResult> InvokeAsync(Guid customerId, bool canAct, bool canGrant)
    {
        var ct = HttpContext.RequestAborted;
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId, ct);
        var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var view = await OnboardingView.LoadAsync(db, tenant.Required, customer, today, ct);
        var risk = (await RiskEvaluation.RunAsync(db, tenant.Required, today, clock, ct, customer.ExternalRef, apply: false)).Single();
        return View("~/Web/Pages/Shared/Components/CustomerOnboarding/Default.cshtml",
            new Card(customerId, canAct, canGrant, view, risk, tenant.Required.Currency, tenant.Required.TimeZone));
    }
}
