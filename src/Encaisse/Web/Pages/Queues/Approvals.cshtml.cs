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
        var result = await ApprovalDecisions.ApproveAndSendAsync(db, tenant.Required, channels, Clock, id, Login, ct);
        if (!result.IsOk)
        {
            return Back(null, result.Error!.Code == "approval.notAwaiting" || result.Error.Code == "approval.notFound" ? "queue.notAwaiting" : Explain(result.Error));
        }

        return result.Value.Outcome == ApprovalOutcome.Sent ? Back("queue.approvedSent") : Back("queue.approvedNotSent", result.Value.SendError);
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct)
    {
        var result = await ApprovalDecisions.RejectAsync(db, Clock, id, Login, reason, ct);
        return result.IsOk ? Back("queue.rejected")
            : Back(null, result.Error!.Code == "approval.reasonNeeded" ? "queue.reasonNeeded" : "queue.notAwaiting");
    }

    /// <summary>The ticked reminders, each through the single button's operation; the summary says what became of each.</summary>
    public async Task<IActionResult> OnPostBulkApproveAsync(Guid[]? ids, CancellationToken ct)
    {
        if (ids is not { Length: > 0 })
        {
            return BackWith(null, Ui.Text("error.bulk.nothingSelected"));
        }

        var result = await ApprovalDecisions.ApproveAndSendManyAsync(db, tenant.Required, channels, Clock, ids, Login, ct);
        return BackWith(result, null);
    }

    public async Task<IActionResult> OnPostBulkRejectAsync(Guid[]? ids, string? reason, CancellationToken ct)
    {
        if (ids is not { Length: > 0 })
        {
            return BackWith(null, Ui.Text("error.bulk.nothingSelected"));
        }

        var result = await ApprovalDecisions.RejectManyAsync(db, Clock, ids, Login, reason, ct);
        return result.IsOk ? BackWith(result.Value, null) : BackWith(null, Ui.Problem(result.Error!));
    }

    [TempData] public string? BulkSummary { get; set; }
    [TempData] public string? BulkFailures { get; set; }

    private BackOffice.Ui Ui => HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>();

    private IActionResult BackWith(Encaisse.Operations.BulkResult<ApprovalDecision>? result, string? problem)
    {
        if (result is not null)
        {
            var done = result.Done.Select(i => i.Result.Value).ToList();
            BulkSummary = Summary(Ui, ("sent", done.Count(d => d.Outcome == ApprovalOutcome.Sent)), ("pending", done.Count(d => d.Outcome == ApprovalOutcome.ApprovedNotSent)),
                ("cancelled", done.Count(d => d.Outcome == ApprovalOutcome.NoLongerDue)), ("rejected", done.Count(d => d.Outcome == ApprovalOutcome.Rejected)),
                ("failed", result.Failed.Count));
            var failures = result.Failed.Select(i => Ui.Problem(i.Result.Error!))
                .Concat(done.Where(d => d.Outcome is ApprovalOutcome.ApprovedNotSent or ApprovalOutcome.NoLongerDue)
                    .Select(d => Ui.Text("page.bulk.approvals.notSent", ("customer", d.CustomerName), ("error", d.SendError))))
                .ToList();
            BulkFailures = failures.Count == 0 ? null : string.Join("\n", failures);
        }

        Problem = problem;
        return RedirectToPage(RouteValues);
    }

    /// <summary>"3 validées et envoyées, 1 en échec": the non-zero counts, each from <c>page.bulk.{part}.one|other</c>.</summary>
    public static string Summary(BackOffice.Ui ui, params (string Part, int Count)[] parts)
    {
        ArgumentNullException.ThrowIfNull(ui);
        var said = parts.Where(p => p.Count > 0).Select(p => ui.Text($"page.bulk.{p.Part}.{(p.Count == 1 ? "one" : "other")}", ("n", p.Count))).ToList();
        return said.Count == 0 ? ui.Text("page.bulk.nothingDone") : string.Join(", ", said) + ".";
    }
}
