using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.Promises;

internal static class PromisesApi
{
    public sealed record CancelRequest(string? Reason = null);

    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/", async (RecordPromise body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await PromiseOperations.RecordAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/promises/{view.Id}", view);
        });
        g.MapGet("/", async (string? customer, string? status, int? page, int? pageSize, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock,
            CancellationToken ct) =>
        {
            var list = Ledger.Api.ListQuery.From(page, pageSize, null, "promised", ["promised"], out var error);
            if (error is not null)
            {
                return Ledger.Api.ListQuery.BadQuery(error);
            }

            var (items, total, lowerBound) = await PromiseOperations.PageAsync(CollectionsApi.Scope(http, db, tenant, clock), customer,
                CollectionsApi.ParseEnum<PromiseStatus>(status, "status"), list.Skip, list.PageSize, Ledger.Api.ListQuery.CountCap, ct);
            return Results.Ok(new Ledger.Api.ListPage<PromiseView>(items, list.Page, list.PageSize, total, lowerBound));
        });
        g.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest? body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PromiseOperations.CancelAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body?.Reason, ct)));
        g.MapPost("/check", async (DateOnly? asOf, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PromiseOperations.CheckAsync(CollectionsApi.Scope(http, db, tenant, clock), asOf, ct)));
    }
}
