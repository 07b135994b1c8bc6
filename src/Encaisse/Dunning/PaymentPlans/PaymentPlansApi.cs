using Encaisse.Dunning.Timeline;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.PaymentPlans;

internal static class PaymentPlansApi
{
    public sealed record Review(bool Accept, string? Comment = null);

    public sealed record CancelRequest(string? Reason = null);

    public static void Map(RouteGroupBuilder g, RouteGroupBuilder policy)
    {
        g.MapPost("/", async (CreatePaymentPlan body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await PaymentPlanOperations.CreateAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/payment-plans/{view.Id}", view);
        });
        // A customer's request: accepted automatically within the tenant's rules, otherwise left for review.
        g.MapPost("/requests", async (CreatePaymentPlan body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var view = await PaymentPlanOperations.RequestAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct);
            return Results.Created($"/api/v1/payment-plans/{view.Id}", view);
        });
        g.MapGet("/", async (string? customer, string? status, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PaymentPlanOperations.ListAsync(CollectionsApi.Scope(http, db, tenant, clock), customer,
                CollectionsApi.ParseEnum<PaymentPlanStatus>(status, "status"), ct)));
        g.MapGet("/{id:guid}", async (Guid id, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PaymentPlanOperations.GetAsync(CollectionsApi.Scope(http, db, tenant, clock), id, ct)));
        g.MapPost("/{id:guid}/review", async (Guid id, Review body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PaymentPlanOperations.ReviewAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body.Accept, body.Comment, ct)));
        g.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest? body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PaymentPlanOperations.CancelAsync(CollectionsApi.Scope(http, db, tenant, clock), id, body?.Reason, ct)));
        g.MapPost("/check", async (DateOnly? asOf, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await PaymentPlanOperations.CheckAsync(CollectionsApi.Scope(http, db, tenant, clock), asOf, ct)));

        policy.MapGet("/", async (HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await CollectionsPolicyOperations.GetAsync(CollectionsApi.Scope(http, db, tenant, clock), ct)));
        policy.MapPut("/", async (CollectionsPolicy body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await CollectionsPolicyOperations.SaveAsync(CollectionsApi.Scope(http, db, tenant, clock), body, ct)));
    }
}
