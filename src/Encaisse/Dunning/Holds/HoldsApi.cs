using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.Holds;

internal static class HoldsApi
{
    public sealed record LiftRequest(string? Comment = null);

    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/", async (CreateHold body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await DunningHoldOperations.CreateAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/holds/{view.Id}", view);
        });
        g.MapGet("/", async (string? customer, bool? all, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await DunningHoldOperations.ListAsync(CollectionsApi.Scope(http, db, tenant, clock), customer, !(all ?? false), ct)));
        g.MapPost("/{id:guid}/lift", async (Guid id, LiftRequest? body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await DunningHoldOperations.LiftAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body?.Comment, ct)));
    }
}
