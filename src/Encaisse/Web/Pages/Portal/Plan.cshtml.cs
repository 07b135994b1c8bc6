using Encaisse.Web.Portal;
using Encaisse.Portal;
using Encaisse.Storage;
using Encaisse.Web.Actions;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Portal;

/// <summary><c>/p/{token}/plan</c>: the customer's payment plan, and where the request form posts.</summary>
public sealed class PlanModel(EncaisseDb db, RequestTenant tenant, PortalVisit visit, TimeProvider clock, Ui ui) : PageModel
{
    public string? ErrorKey { get; private set; }
    public int Count { get; private set; } = 3;
    public DateOnly? First { get; private set; }
    public string CustomerName { get; private set; } = "";
    public string Token => visit.Token;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) is null ? Invalid() : Page();

    public async Task<IActionResult> OnPostAsync(int count, DateOnly? first, CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } customer)
        {
            return Invalid();
        }

        var result = await PortalPlanRequests.RequestAsync(db, clock, customer, count, first, ct);
        if (result.ErrorKey is not null)
        {
            (ErrorKey, Count, First) = (result.ErrorKey, count, first);
            return Page();
        }

        return RedirectToPage(new { token = visit.Token });
    }

    private async Task<Ledger.Customer?> LoadAsync(CancellationToken ct)
    {
        if (visit.Link is not { } link)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == link.CustomerId, ct);
        if (string.IsNullOrEmpty(Request.Query["lang"]) && !Request.Cookies.ContainsKey(Ui.CookieName))
        {
            ui.Lang = customer.Language == "en" ? "en" : "fr";
        }

        CustomerName = customer.LegalName;
        ViewData["Creditor"] = tenant.Required.Name;
        return customer;
    }

    private ContentResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Content(ui.T("portal.invalid"), "text/plain; charset=utf-8");
    }
}
