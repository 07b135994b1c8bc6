using Encaisse.Dunning;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Queues;

/// <summary>The documents card of the customer page: downloads, "send a statement" and "escalate".</summary>
public sealed class CustomerDocumentsViewComponent(EncaisseDb db, RequestTenant tenant) : ViewComponent
{
    public sealed record StoredDocument(Guid Id, CustomerDocumentKind Kind, string FileName, DateTimeOffset CreatedAt, string CreatedBy, bool Sent);

    public sealed record Letter(Guid ActionId, DateOnly PlannedOn, string StepKey, DunningActionStatus Status);

    public sealed record Card(Guid CustomerId, bool CanAct, string TimeZone, IReadOnlyList<StoredDocument> Documents, IReadOnlyList<Letter> Letters,
        string? Notice, string? Problem)
    {
        /// <summary>Opening of the customer's collective procedure: the page offers the proof of claim instead of individual actions.</summary>
        public DateOnly? ProcedureOpenedOn { get; init; }
        public string? ProcedureKind { get; init; }
    }

    /// <summary><paramref name="customer"/>: the customer the page has read (its procedure is not read again).</summary>
    public async Task<IViewComponentResult> InvokeAsync(Ledger.Customer customer, bool canAct)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var ct = HttpContext.RequestAborted;
        var customerId = customer.Id;
        var documents = await db.Set<CustomerDocument>().AsNoTracking().Where(d => d.CustomerId == customerId).OrderByDescending(d => d.Id)
            .Select(d => new StoredDocument(d.Id, d.Kind, d.FileName, d.CreatedAt, d.CreatedBy, d.SentTo != null)).Take(50).ToListAsync(ct);
        var letters = await db.Set<DunningAction>().AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.Document != null && a.Status != DunningActionStatus.Cancelled)
            .OrderByDescending(a => a.PlannedOn).ThenByDescending(a => a.Id)
            .Select(a => new Letter(a.Id, a.PlannedOn, a.StepKey, a.Status)).Take(50).ToListAsync(ct);
        return View("~/Web/Pages/Shared/Components/CustomerDocuments/Default.cshtml", new Card(customerId, canAct, tenant.Required.TimeZone, documents, letters,
            TempData[Pages.Customers.DocumentsModel.NoticeKey] as string, TempData[Pages.Customers.DocumentsModel.ProblemKey] as string)
        {
            ProcedureOpenedOn = customer.InsolvencyOpenedOn,
            ProcedureKind = customer.InsolvencyKind,
        });
    }
}
