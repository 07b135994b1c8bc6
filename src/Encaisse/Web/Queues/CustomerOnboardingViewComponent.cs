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

    /// <summary><paramref name="customer"/> and <paramref name="inputs"/> are what the customer page has read: not read again (ADR 1570).</summary>
    public async Task<IViewComponentResult> InvokeAsync(Customer customer, CustomerRiskInputs inputs, bool canAct, bool canGrant)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var ct = HttpContext.RequestAborted;
        var customerId = customer.Id;
        var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var view = await OnboardingView.LoadAsync(db, tenant.Required, customer, today, ct, inputs);
        var risk = await RiskEvaluation.ForCustomerAsync(db, tenant.Required, customer, inputs, today, ct);
        return View("~/Web/Pages/Shared/Components/CustomerOnboarding/Default.cshtml",
            new Card(customerId, canAct, canGrant, view, risk, tenant.Required.Currency, tenant.Required.TimeZone));
    }
}
