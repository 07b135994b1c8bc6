using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Queues;

/// <summary>
/// The credit-insurance card of the customer page: the limit in force and its history, each open invoice with its declaration
/// deadline and covered / uncovered parts, and the "declare to the insurer" button (the claim file). Shown when the tenant has a
/// policy or the customer a limit.
/// </summary>
public sealed class CustomerInsuranceViewComponent(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : ViewComponent
{
    public sealed record Card(Guid CustomerId, bool CanAct, InsurancePolicy? Policy, LimitHistory History, IReadOnlyList<DeadlineRow> Invoices);

    /// <summary>
    /// <paramref name="customer"/> and <paramref name="inputs"/> are what the customer page has read (the policy and the
    /// customer's buyer limits among them): nothing is read again, and nothing at all when there is neither policy nor limit.
    /// </summary>
    public async Task<IViewComponentResult> InvokeAsync(Customer customer, CustomerRiskInputs inputs, bool canAct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(inputs);
        var ct = HttpContext.RequestAborted;
        var policy = inputs.Insurance;
        if (policy is null && inputs.BuyerLimits.Count == 0)
        {
            return Content("");
        }

        var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var history = await InsuranceOperations.LimitHistoryAsync(db, customer, today, ct, inputs.BuyerLimits);
        var customerId = customer.Id;
        var rows = await InsuranceOperations.DeadlinesAsync(db, tenant.Required, today, customer, policy, inputs.BuyerLimits, ct);
        return View("~/Web/Pages/Shared/Components/CustomerInsurance/Default.cshtml", new Card(customerId, canAct, policy, history, rows));
    }
}
