using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.Tasks;

internal static class TasksApi
{
    public sealed record Completion(string? Comment = null, bool Cancel = false);

    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/", async (CreateTask body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await CollectionTaskOperations.CreateAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/tasks/{view.Id}", view);
        });
        g.MapGet("/", async (string? customer, string? assignedTo, string? status, string? kind, DateOnly? dueBy, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await CollectionTaskOperations.ListAsync(CollectionsApi.Scope(http, db, tenant, clock),
                new TaskFilter(customer, assignedTo, CollectionsApi.ParseEnum<CollectionTaskStatus>(status, "status"), CollectionsApi.ParseEnum<CollectionTaskKind>(kind, "kind"), dueBy), ct)));
        g.MapGet("/calls-of-the-day", async (string? collector, DateOnly? date, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(collector))
            {
                throw new Operations.OperationFailedException(Operations.OperationError.InvalidField("collector", null, "task.collectorRequired"));
            }

            return Results.Ok(await CollectionTaskOperations.CallsOfTheDayAsync(CollectionsApi.Scope(http, db, tenant, clock), collector, date, ct));
        });
        g.MapPost("/{id:guid}/calls", async (Guid id, LogCall body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await CollectionTaskOperations.LogCallAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body, ct)));
        g.MapPost("/{id:guid}/complete", async (Guid id, Completion? body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await CollectionTaskOperations.CompleteAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body?.Comment, body?.Cancel ?? false, ct)));
    }
}
