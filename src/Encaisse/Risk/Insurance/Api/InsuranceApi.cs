using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Risk.Insurance.Api;

/// <summary>/api/v1/insurance and /api/v1/customers/{ref}/insurance: the same operations as the <c>insurance</c> verbs.</summary>
public static class InsuranceApi
{
    public sealed record PolicyRequest(string? Insurer, string? PolicyNumber, int? DeclarationDays, int? MaxCreditDays, decimal? IndemnityPercent,
        decimal? DiscretionaryLimit, string? Currency, bool? KeepDunningAfterClaim);

    public sealed record LimitDecisionRequest(string? Decision, decimal? Amount, DateOnly? On, DateOnly? ExpiresOn, string? DecisionReference, string? Insurer,
        string? Currency);

    private const string Actor = "api";

    public static void MapInsuranceApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var insurance = api.MapGroup("/insurance").WithTags("Insurance");
        insurance.MapGet("/policy", async (EncaisseDb db, CancellationToken ct) =>
            await InsuranceOperations.PolicyAsync(db, ct) is { } policy
                ? Results.Json(Cli.InsuranceCommands.View(policy), JsonShape.Options)
                : ResultHttp.Problem(OperationError.NotFound("insurance.noPolicy")));
        insurance.MapPut("/policy", async (PolicyRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await InsuranceOperations.SetPolicyAsync(db, tenant.Required, new PolicyInput(body.Insurer, body.PolicyNumber, body.DeclarationDays, body.MaxCreditDays,
                body.IndemnityPercent, body.DiscretionaryLimit, body.Currency, body.KeepDunningAfterClaim), clock, ct))
            .ToHttp(p => Results.Json(Cli.InsuranceCommands.View(p), JsonShape.Options)));
        insurance.MapGet("/deadlines", async (bool? all, string? customer, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Json(await InsuranceOperations.DeadlinesAsync(db, tenant.Required, Today(clock, tenant), ct, !(all ?? false), customer), JsonShape.Options));

        var customers = api.MapGroup("/customers/{customerRef}/insurance").WithTags("Insurance");
        customers.MapGet("/limits", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await InsuranceOperations.LimitHistoryAsync(db, customerRef, Today(clock, tenant), ct)).ToHttp(h => Results.Json(h, JsonShape.Options)));
        customers.MapPost("/limits", async (string customerRef, LimitDecisionRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var decision = LimitDecision.Granted;
            if (body.Decision is { Length: > 0 } text && (!Enum.TryParse(text, ignoreCase: true, out decision) || !Enum.IsDefined(decision)))
            {
                return ResultHttp.Problem(OperationError.InvalidField("decision", text, "insurance.decision", ("value", text)));
            }

            return (await InsuranceOperations.RecordLimitAsync(db, tenant.Required, new LimitInput(customerRef, decision, body.Amount, body.On, body.ExpiresOn,
                body.DecisionReference, body.Insurer, body.Currency), Actor, clock, Today(clock, tenant), ct)).ToHttp(h => Results.Json(h, JsonShape.Options));
        });
        customers.MapPost("/claims", async (string customerRef, string? format, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await InsuranceOperations.ClaimAsync(db, tenant.Required, customerRef, Actor, clock, Today(clock, tenant), ct))
            .ToHttp(c => format == "pdf" ? Results.File(c.Pdf, "application/pdf", c.FileName) : Results.Json(c, JsonShape.Options, statusCode: 201)));
    }

    private static DateOnly Today(TimeProvider clock, RequestTenant tenant) => BusinessCalendar.Today(clock, tenant.Required.TimeZone);
}
