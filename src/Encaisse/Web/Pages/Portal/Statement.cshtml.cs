using Encaisse.Web.Portal;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Portal;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Actions;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Portal;

/// <summary>The customer's statement (relevé de compte) as a PDF, through their portal link (same token rules and rate limit).</summary>
public sealed class StatementModel(EncaisseDb db, RequestTenant tenant, PortalVisit visit, TimeProvider clock, Ui ui) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (visit.Link is not { } link)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Content(ui.T("portal.invalid"), "text/plain; charset=utf-8");
        }

        var creditor = tenant.Required;
        var today = BusinessCalendar.Today(clock, creditor.TimeZone);
        var reference = await db.Customers.Where(c => c.Id == link.CustomerId).Select(c => c.ExternalRef).SingleAsync(ct);
        var pdf = await CustomerStatement.RenderAsync(db, creditor, reference, today, ct);
        (await PortalActivity.RecordStatementDownloadAsync(db, new Acting("portal", clock.GetUtcNow(), today), link.CustomerId, ct)).OrThrow();
        return File(pdf!, "application/pdf", CustomerDocuments.StatementFileName(reference, today));
    }
}
