using Encaisse.Dunning;
using Encaisse.Dunning.Running;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Queues;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Queues;

/// <summary>
/// Messages that did not reach the customer: failed after their attempts, skipped for want of an address, or
/// bounced (with an open bounce task). Retry puts the row back in the outbox and sends it now; cancel gives it up.
/// </summary>
public sealed class FailuresModel(EncaisseDb db, RequestTenant tenant, DunningChannels channels, TimeProvider clock) : QueuePageModel(clock)
{
    public sealed record Row(Guid Id, Guid CustomerId, string CustomerName, string CustomerRef, string StepKey, DunningChannel Channel, DunningActionStatus Status,
        bool Bounced, DateOnly PlannedOn, int Attempts, string? Error, string? Recipient, long AmountMinor, string Currency);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Two index-driven sets: failed/skipped rows by status, bounced rows through their open bounce tasks (few),
        // rather than a scan of every sent reminder's outcome.
        var actions = db.Set<DunningAction>().AsNoTracking();
        var failedIds = actions.Where(DunningDispatch.Undelivered).Select(a => a.Id);
        var bouncedIds = db.Set<CollectionTask>().AsNoTracking().Where(DunningDispatch.OpenBounces).Select(t => t.DunningActionId!.Value);
        var ids = failedIds.Union(bouncedIds);
        var rows = await (from a in actions
                          join c in db.Customers on a.CustomerId equals c.Id
                          where ids.Contains(a.Id) && (a.Status == DunningActionStatus.Failed || a.Status == DunningActionStatus.Skipped
                              || (a.Status == DunningActionStatus.Sent && a.Outcome != null && a.Outcome.StartsWith("bounced:")))
                          orderby a.PlannedOn descending, a.Id
                          select new Row(a.Id, c.Id, c.LegalName, c.ExternalRef, a.StepKey, a.Channel, a.Status, a.Status == DunningActionStatus.Sent,
                              a.PlannedOn, a.Attempts, a.Status == DunningActionStatus.Sent ? a.Outcome : a.LastError, a.Recipient, a.AmountMinor, a.Currency))
            .Skip(Skip).Take(PageSize + 1).ToListAsync(ct);
        Rows = Paged(rows);
    }

    /// <summary>Back in the outbox (attempts reset, address read again from the contact), then sent at once by the run's sender.</summary>
    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken ct)
    {
        if (await DunningDispatch.RequeueAsync(db, id, Login, Clock.GetUtcNow(), ct) != RequeueResult.Done)
        {
            return Back(null, "queue.notRetryable");
        }

        var sent = await DunningDispatch.SendNowAsync(db, tenant.Required, channels, Clock, Login, [id], ct);
        if (sent.Sent == 1)
        {
            return Back("queue.retriedSent");
        }

        var error = await db.Set<DunningAction>().AsNoTracking().Where(a => a.Id == id).Select(a => a.LastError).FirstOrDefaultAsync(ct);
        return Back("queue.retriedNotSent", error);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) =>
        await DunningDispatch.CancelAsync(db, id, Login, Clock.GetUtcNow(), ct) == RequeueResult.Done
            ? Back("queue.cancelled")
            : Back(null, "queue.notRetryable");
}
