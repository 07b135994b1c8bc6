using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>Reminders waiting for a person's yes, each with the exact stored message; approving sends it at once.</summary>
public sealed class ApprovalsModel(EncaisseDb db, RequestTenant tenant, DunningChannels channels, TimeProvider clock) : QueuePageModel(clock)
{
    public sealed record Row(Guid Id, Guid CustomerId, string CustomerName, string CustomerRef, string StepKey, DunningChannel Channel, DunningTone Tone,
        DateOnly PlannedOn, long AmountMinor, string Currency, string? Recipient, string? Subject, string? Body, bool HasDocument, string InvoiceIds);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string TimeZone => tenant.Required.TimeZone;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await (from a in db.Set<DunningAction>().AsNoTracking()
                          join c in db.Customers on a.CustomerId equals c.Id
                          where a.Status == DunningActionStatus.AwaitingApproval
                          orderby a.PlannedOn, a.Id
                          select new Row(a.Id, c.Id, c.LegalName, c.ExternalRef, a.StepKey, a.Channel, a.Tone, a.PlannedOn, a.AmountMinor, a.Currency,
                              a.Recipient, a.Subject, a.Body, a.Document != null, a.InvoiceIds))
            .Skip(Skip).Take(PageSize + 1).ToListAsync(ct);
        Rows = Paged(rows);
    }

    /// <summary>The letter PDF exactly as it will be posted (inline, so the browser shows it).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid id, CancellationToken ct)
    {
        var action = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Document, a.PlannedOn, a.StepKey }).FirstOrDefaultAsync(ct);
        return action?.Document is { } pdf
            ? File(pdf, "application/pdf", $"relance-{action.PlannedOn:yyyy-MM-dd}-{action.StepKey.Replace(':', '-')}.pdf")
            : NotFound();
    }

    /// <summary>Approves, then sends right away through the daily run's sender (same claim, channel, evidence and timeline).</summary>
    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var decision = await DunningApprovals.ApproveAsync(db, id, Login, Clock.GetUtcNow(), ct);
        if (decision != ApprovalResult.Done)
        {
            return Back(null, "queue.notAwaiting");
        }

        var sent = await DunningDispatch.SendNowAsync(db, tenant.Required, channels, Clock, Login, [id], ct);
        if (sent.Sent == 1)
        {
            return Back("queue.approvedSent");
        }

        var error = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Id == id).Select(a => a.LastError).FirstOrDefaultAsync(ct);
        return Back("queue.approvedNotSent", error);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Back(null, "queue.reasonNeeded");
        }

        var decision = await DunningApprovals.RejectAsync(db, id, Login, reason.Trim().Length > 400 ? reason.Trim()[..400] : reason.Trim(), Clock.GetUtcNow(), ct);
        return decision == ApprovalResult.Done ? Back("queue.rejected") : Back(null, "queue.notAwaiting");
    }
}
