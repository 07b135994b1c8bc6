using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.Disputes;

internal static class DisputesApi
{
    public sealed record StatusChange(DisputeStatus Status, string? Comment = null, string? CreditNoteNumber = null);

    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/", async (OpenDispute body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await DisputeOperations.OpenAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/disputes/{view.Id}", view);
        });
        g.MapGet("/", async (string? status, string? customer, bool? active, int? page, int? pageSize, HttpContext http, EncaisseDb db, RequestTenant tenant,
            TimeProvider clock, CancellationToken ct) =>
        {
            var list = Ledger.Api.ListQuery.From(page, pageSize, null, "opened", ["opened"], out var error);
            if (error is not null)
            {
                return Ledger.Api.ListQuery.BadQuery(error);
            }

            var (items, total, lowerBound) = await DisputeOperations.PageAsync(CollectionsApi.Scope(http, db, tenant, clock),
                CollectionsApi.ParseEnum<DisputeStatus>(status, "status"), customer, active ?? false, list.Skip, list.PageSize, Ledger.Api.ListQuery.CountCap, ct);
            return Results.Ok(new Ledger.Api.ListPage<DisputeView>(items, list.Page, list.PageSize, total, lowerBound));
        });
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await DisputeOperations.GetAsync(CollectionsApi.Scope(http, db, tenant, clock), id, ct)));
        g.MapPost("/{id:guid}/status", async (Guid id, StatusChange body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await DisputeOperations.ChangeStatusAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body.Status, body.Comment, body.CreditNoteNumber, ct)));
    }
}
