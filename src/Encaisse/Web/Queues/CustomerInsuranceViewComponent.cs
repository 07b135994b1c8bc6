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

    public async Task<IViewComponentResult> InvokeAsync(Guid customerId, bool canAct)
    {
        var ct = HttpContext.RequestAborted;
        var policy = await InsuranceOperations.PolicyAsync(db, ct);
        var reference = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.ExternalRef).SingleAsync(ct);
        var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var history = (await InsuranceOperations.LimitHistoryAsync(db, reference, today, ct)).Value;
        if (policy is null && history.Decisions.Count == 0)
        {
            return Content("");
        }

        var rows = await InsuranceOperations.DeadlinesAsync(db, tenant.Required, today, ct, approachingOnly: false, customerRef: reference);
        return View("~/Web/Pages/Shared/Components/CustomerInsurance/Default.cshtml", new Card(customerId, canAct, policy, history, rows));
    }
}
