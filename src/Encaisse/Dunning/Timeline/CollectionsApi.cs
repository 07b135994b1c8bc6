using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Tasks;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Dunning.Timeline;

/// <summary>
/// Collections endpoints under /api/v1: disputes, promises, payment plans, tasks, holds, notes and the customer
/// timeline. Customers are named by their ExternalRef. The acting person may be given in <c>X-Actor</c>
/// (the back office sends the signed-in login); otherwise "api".
/// </summary>
public static class CollectionsApi
{
    public static void MapCollectionsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        DisputesApi.Map(api.MapGroup("/disputes").WithCollectionsErrors().WithTags("Disputes"));
        PromisesApi.Map(api.MapGroup("/promises").WithCollectionsErrors().WithTags("Promises"));
        PaymentPlansApi.Map(api.MapGroup("/payment-plans").WithCollectionsErrors().WithTags("Payment plans"), api.MapGroup("/collections-policy").WithCollectionsErrors().WithTags("Payment plans"));
        TasksApi.Map(api.MapGroup("/tasks").WithCollectionsErrors().WithTags("Tasks"));
        HoldsApi.Map(api.MapGroup("/holds").WithCollectionsErrors().WithTags("Holds"));
        api.MapGroup("/collections").WithCollectionsErrors().WithTags("Timeline").MapPost("/check",
            async (DateOnly? asOf, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
                Results.Ok(await CollectionsChecks.RunAsync(Scope(http, db, tenant, clock), asOf, ct)));
        var customer = api.MapGroup("/customers/{customerRef}").WithCollectionsErrors().WithTags("Timeline");
        customer.MapGet("/timeline", async (string customerRef, int? page, int? pageSize, string? kind, string? lang, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await TimelineQueries.PageAsync(Scope(http, db, tenant, clock), customerRef, page ?? 1, pageSize ?? 50, kind, ct, lang == "en" ? "en" : "fr")));
        customer.MapGet("/notes", async (string customerRef, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await NoteOperations.ListAsync(Scope(http, db, tenant, clock), customerRef, ct)));
        customer.MapPost("/notes", async (string customerRef, NoteRequest body, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var note = await NoteOperations.AddAsync(Scope(http, db, tenant, clock), customerRef, body.Text, ct);
            return Results.Created($"/api/v1/customers/{Uri.EscapeDataString(customerRef)}/notes", note);
        });
        customer.MapGet("/dunning-pauses", async (string customerRef, DateOnly? asOf, HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await DunningHoldOperations.PausesAsync(Scope(http, db, tenant, clock), customerRef, asOf, ct)));
    }

    public sealed record NoteRequest(string? Text);

    /// <summary>The scope of one request: its tenant database, the clock and the actor.</summary>
    internal static CollectionsScope Scope(HttpContext http, EncaisseDb db, RequestTenant tenant, TimeProvider clock)
    {
        var actor = http.Request.Headers["X-Actor"].FirstOrDefault();
        return new CollectionsScope(db, tenant.Required, clock, string.IsNullOrWhiteSpace(actor) ? "api" : actor.Trim()[..Math.Min(actor.Trim().Length, 100)]);
    }

    /// <summary>Maps the collections errors with the one mapping of results: ValidationProblem (400), 404, 409.</summary>
    internal static RouteGroupBuilder WithCollectionsErrors(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Operations.OperationFailedException e)
            {
                return Web.Api.ResultHttp.Problem(e.Error);
            }
        });
        return group;
    }

    /// <summary>Parses an enum from a query value (camelCase, PascalCase, kebab or snake case); null when absent.</summary>
    internal static T? ParseEnum<T>(string? value, string field)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = value.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse<T>(normalized, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new Operations.OperationFailedException(Operations.OperationError.InvalidField(field, value, "request.notOneOf", ("value", value),
                ("allowed", Enum.GetNames<T>().Select(n => char.ToLowerInvariant(n[0]) + n[1..]).ToList())));
    }
}
