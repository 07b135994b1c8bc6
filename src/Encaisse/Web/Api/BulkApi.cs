using Encaisse.Dunning.Running;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Dunning.Timeline;
using Encaisse.Web.Actions;

namespace Encaisse.Web.Api;

/// <summary>One item of a bulk answer: the item as asked, done or not, its value or its coded error (English message).</summary>
public sealed record BulkItemView(string Item, bool Ok, object? Value, string? Code, string? Message, IReadOnlyDictionary<string, object?>? Data);

/// <summary>A bulk answer: how many were done, how many refused, and each item.</summary>
public sealed record BulkView(int Done, int Failed, IReadOnlyList<BulkItemView> Items)
{
    public static BulkView Of<T>(BulkResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = result.Items.Select(i => i.Result.IsOk
            ? new BulkItemView(i.Item, true, i.Result.Value, null, null, null)
            : new BulkItemView(i.Item, false, null, i.Result.Error!.Code, i.Result.Error.Message(Catalogue.English),
                i.Result.Error.Data.ToDictionary(d => d.Key, d => (object?)Catalogue.Format(d.Value, Catalogue.English), StringComparer.Ordinal))).ToList();
        return new BulkView(items.Count(i => i.Ok), items.Count(i => !i.Ok), items);
    }
}

public sealed record BulkActionsRequest(IReadOnlyList<Guid>? Ids, string? Reason);

public sealed record BulkCustomersRequest(IReadOnlyList<string>? Customers, string? Collector);

/// <summary>
/// The back office's bulk actions over the API, through the same operations: <c>POST /dunning/actions/approve</c> and
/// <c>/reject</c> (approve and send, or reject with one reason, each reminder as the approvals queue does),
/// <c>POST /customers/assign-collector</c> and <c>/customers/send-statements</c> (the CLI's <c>dunning approve-many|reject-many</c>,
/// <c>customers assign-collector|send-statements</c>). The answer is 200 with each item's
/// result (a partial success is not an error); a request refused as a whole (nothing selected, unknown collector,
/// no reason) is the usual ProblemDetails with its code. The actor is the <c>X-Actor</c> header, else "api".
/// </summary>
public static class BulkApi
{
    public static void MapBulkApi(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/dunning/actions/approve", async (BulkActionsRequest body, HttpContext http, EncaisseDb db, RequestTenant tenant, DunningChannels channels,
            TimeProvider clock, CancellationToken ct) =>
        {
            if (Ids(body) is { } refused)
            {
                return ResultHttp.Problem(refused);
            }

            var result = await ApprovalDecisions.ApproveAndSendManyAsync(db, tenant.Required, channels, clock, body.Ids!, Actor(http), ct);
            return Results.Ok(BulkView.Of(result));
        }).WithTags("Dunning");
        api.MapPost("/dunning/actions/reject", async (BulkActionsRequest body, HttpContext http, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            if (Ids(body) is { } refused)
            {
                return ResultHttp.Problem(refused);
            }

            return (await ApprovalDecisions.RejectManyAsync(db, clock, body.Ids!, Actor(http), body.Reason, ct)).ToHttp(r => Results.Ok(BulkView.Of(r)));
        }).WithTags("Dunning");
        api.MapPost("/customers/assign-collector", async (BulkCustomersRequest body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock,
            CancellationToken ct) =>
            (await CustomerBulkActions.AssignCollectorAsync(db, Acting(http, tenant, clock), body.Collector, body.Customers ?? [], ct))
            .ToHttp(r => Results.Ok(BulkView.Of(r)))).WithTags("Customers");
        api.MapPost("/customers/send-statements", async (BulkCustomersRequest body, HttpContext http, EncaisseDb db, RequestTenant tenant, DunningChannels channels,
            TimeProvider clock, CancellationToken ct) =>
            (await CustomerBulkActions.SendStatementsAsync(db, tenant.Required, channels, clock, Acting(http, tenant, clock), body.Customers ?? [], ct))
            .ToHttp(r => Results.Ok(BulkView.Of(r)))).WithTags("Customers");
    }

    private static OperationError? Ids(BulkActionsRequest body) => CheckIds(body.Ids);

    /// <summary>A bulk decision on reminders is refused whole when it names none or more than the maximum (API and CLI).</summary>
    public static OperationError? CheckIds(IReadOnlyCollection<Guid>? ids) =>
        ids is not { Count: > 0 } ? OperationError.InvalidField("ids", null, "bulk.nothingSelected")
        : ids.Count > CustomerBulkActions.MaxItems ? OperationError.InvalidField("ids", null, "bulk.tooMany", ("max", CustomerBulkActions.MaxItems))
        : null;

    private static string Actor(HttpContext http)
    {
        var actor = http.Request.Headers["X-Actor"].FirstOrDefault()?.Trim();
        return string.IsNullOrEmpty(actor) ? "api" : actor[..Math.Min(actor.Length, 100)];
    }

    private static Acting Acting(HttpContext http, RequestTenant tenant, TimeProvider clock) =>
        new(Actor(http), clock.GetUtcNow(), BusinessCalendar.Today(clock, tenant.Required.TimeZone));
}
