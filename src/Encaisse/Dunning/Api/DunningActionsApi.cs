using System.Linq.Expressions;
using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Api;

/// <summary>An outbox row without its content (list views).</summary>
public sealed record ActionView(Guid Id, Guid CustomerId, string StepKey, int? StepNumber, int Cycle, DunningChannel Channel, DunningTone Tone,
    DunningActionStatus Status, DateOnly PlannedOn, int Level, string AmountText, string Currency, string? Subject, string? MessageId,
    string? Outcome, string? LastError, int Attempts, string? ContentHash, string? StoragePath, DateTimeOffset? SentAt, string? ApprovedBy)
{
    public static ActionView Of(DunningAction a) => new(a.Id, a.CustomerId, a.StepKey, a.StepNumber, a.Cycle, a.Channel, a.Tone, a.Status,
        a.PlannedOn, a.Level, Currencies.FormatInvariant(a.AmountMinor, a.Currency), a.Currency, a.Subject, a.MessageId, a.Outcome, a.LastError,
        a.Attempts, a.ContentHash, a.StoragePath, a.SentAt, a.ApprovedBy);

    /// <summary>
    /// The same view read in the query: only the listed columns leave the database (not the body nor the letter PDF,
    /// which the list never shows), the amount formatted as the rows arrive.
    /// </summary>
    public static readonly Expression<Func<DunningAction, ActionView>> Projection = a => new ActionView(a.Id, a.CustomerId, a.StepKey, a.StepNumber,
        a.Cycle, a.Channel, a.Tone, a.Status, a.PlannedOn, a.Level, Currencies.FormatInvariant(a.AmountMinor, a.Currency), a.Currency, a.Subject,
        a.MessageId, a.Outcome, a.LastError, a.Attempts, a.ContentHash, a.StoragePath, a.SentAt, a.ApprovedBy);
}

internal static class DunningActionsApi
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/run", async (RunRequest request, EncaisseDb db, RequestTenant rt, DatabaseFactory factory, TimeProvider clock, DunningChannels channels, CancellationToken ct) =>
        {
            if (!DunningApi.TryDate(request.AsOf, out var asOf))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = ["A date yyyy-mm-dd."] });
            }

            var report = await new DunningRunner(factory, clock, channels).RunAsync(rt.Required, new DunningRunOptions { AsOf = asOf, DryRun = request.DryRun }, ct);
            return Results.Ok(report);
        });
        g.MapGet("/actions", async (EncaisseDb db, string? status, string? customer, string? from, string? to, int? limit, CancellationToken ct) =>
        {
            var query = db.Set<DunningAction>().AsNoTracking();
            if (status is not null)
            {
                if (!Enum.TryParse<DunningActionStatus>(status, ignoreCase: true, out var s))
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["planned, awaitingApproval, sending, sent, failed, skipped or cancelled."] });
                }

                query = query.Where(a => a.Status == s);
            }

            if (customer is not null)
            {
                var id = await db.Customers.Where(c => c.ExternalRef == customer).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
                query = query.Where(a => a.CustomerId == id);
            }

            if (!DunningApi.TryDate(from, out var f) || !DunningApi.TryDate(to, out var t))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["from/to"] = ["Dates yyyy-mm-dd."] });
            }

            if (f is { } fromDate)
            {
                query = query.Where(a => a.PlannedOn >= fromDate);
            }

            if (t is { } toDate)
            {
                query = query.Where(a => a.PlannedOn <= toDate);
            }

            // Newest planned first, read along the (tenant, planned on desc, id) index: only the rows returned.
            var rows = await query.OrderByDescending(a => a.PlannedOn).ThenBy(a => a.Id).Take(Math.Clamp(limit ?? 200, 1, 5000))
                .Select(ActionView.Projection).ToListAsync(ct);
            return Results.Ok(rows);
        });
        g.MapGet("/actions/{id:guid}", async (Guid id, EncaisseDb db, CancellationToken ct) =>
            await db.Set<DunningAction>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a
                ? Results.Ok(new { action = ActionView.Of(a), body = a.Body, recipientKnown = a.Recipient is not null })
                : NotFound(id));
        g.MapPost("/actions/{id:guid}/approve", async (Guid id, ApproveRequest? request, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            Decision(id, await DunningApprovals.ApproveAsync(db, id, request?.By ?? "api", clock.GetUtcNow(), ct)));
        g.MapPost("/actions/{id:guid}/reject", async (Guid id, RejectRequest? request, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
            Decision(id, await DunningApprovals.RejectAsync(db, id, request?.By ?? "api", request?.Reason, clock.GetUtcNow(), ct)));
        g.MapGet("/actions/{id:guid}/evidence", async (Guid id, EncaisseDb db, CancellationToken ct) =>
        {
            var a = await db.Set<DunningAction>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
            if (a is null)
            {
                return NotFound(id);
            }

            if (a.Document is { } pdf)
            {
                return Results.File(pdf, "application/pdf", $"relance-{a.PlannedOn:yyyy-MM-dd}-{a.StepKey.Replace(':', '-')}.pdf");
            }

            return a.Body is null
                ? Results.Problem(statusCode: 404, title: "No content", detail: "This action has no stored content (task without body).")
                : Results.Text(a.Channel == DunningChannel.Email ? $"<h1>{System.Net.WebUtility.HtmlEncode(a.Subject)}</h1>{a.Body}" : a.Body,
                    a.Channel == DunningChannel.Email ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
        });
    }

    private static IResult NotFound(Guid id) => Results.Problem(statusCode: 404, title: "Action not found", detail: $"No dunning action {id}.");

    private static IResult Decision(Guid id, ApprovalResult result) => result switch
    {
        ApprovalResult.Done => Results.NoContent(),
        ApprovalResult.NotFound => NotFound(id),
        _ => Results.Problem(statusCode: 409, title: "Not awaiting approval", detail: $"Action {id} is not waiting for approval."),
    };
}
