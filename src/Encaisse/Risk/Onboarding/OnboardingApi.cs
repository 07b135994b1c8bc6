using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Risk.Registries;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Risk.Onboarding;

/// <summary>
/// Onboarding checks, credit grants and the credit policy (ADR 1830): <c>POST /customers/{ref}/risk/check</c>,
/// <c>GET /customers/{ref}/risk/onboarding</c>, <c>POST /customers/{ref}/credit</c>, <c>GET|PUT /risk/policy</c>.
/// </summary>
public static class OnboardingApi
{
    public sealed record GrantRequest(decimal? CreditLimit, string? PaymentTerms, string? OverrideReason);

    public sealed record PolicyRequest(Dictionary<string, ClassTerms>? Classes, int? YoungCompanyMonths, int? EstablishedCompanyMonths, int? RecentProcedureMonths);

    /// <summary>A reason as the API gives it: its code and data (for programs) and its text (French, the product's first language).</summary>
    public sealed record ReasonView(string Code, IReadOnlyDictionary<string, object?> Data, string Text);

    public static IReadOnlyList<ReasonView> Reasons(IEnumerable<AdviceReason> reasons, string language = "fr") =>
        reasons.Select(r => new ReasonView(r.Code, r.Data, Localization.Catalogue.Text(language, r.Key, r.Data))).ToList();

    /// <summary>The onboarding view with its reasons written out.</summary>
    public static object Shape(OnboardingView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new
        {
            view.CustomerRef, view.Status, view.Pending, view.Latest, view.History, view.Overrides, view.CreditRefusal,
            Advice = view.Advice is { } a
                ? new { a.RiskClass, a.CreditRefused, a.StartingLimit, a.TermsDays, a.DepositPercent, Reasons = Reasons(a.Reasons) }
                : null,
        };
    }

    public static void MapOnboardingApi(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var customers = api.MapGroup("/customers/{customerRef}").WithTags("Risk");
        customers.MapPost("/risk/check", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock, RegistryMonitor registries, CancellationToken ct) =>
        {
            var result = await new OnboardingChecks(db, tenant.Required, clock, registries).CheckNowAsync(customerRef, "manual", db.Actor?.Id, ct);
            if (!result.IsOk)
            {
                return result.ToHttp(_ => Results.Ok());
            }

            var view = await OnboardingView.LoadAsync(db, tenant.Required, customerRef, Today(clock, tenant), ct);
            var body = new { result.Value.Status, result.Value.Error, result.Value.NextAttemptAt, Onboarding = Shape(view!) };
            // Pending is not a failure: the registry did not answer, the check is queued and retried.
            return result.Value.Status == CheckOutcome.Pending ? Results.Json(body, JsonShape.Options, statusCode: 202) : Results.Json(body, JsonShape.Options);
        }).WithSummary("Check the customer against the company registry and BODACC now (queued when a registry is unavailable: 202)");
        customers.MapGet("/risk/onboarding", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            await OnboardingView.LoadAsync(db, tenant.Required, customerRef, Today(clock, tenant), ct) is { } view
                ? Results.Json(Shape(view), JsonShape.Options)
                : Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer with reference '{customerRef}'."))
            .WithSummary("The customer's registry checks (latest, history, pending), the starting advice and the credit overrides");
        customers.MapPost("/credit", async (string customerRef, GrantRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await CreditGrants.GrantAsync(db, tenant.Required, clock, customerRef, new CreditGrant(body.CreditLimit, body.PaymentTerms, body.OverrideReason), ct))
                .ToHttp(c => Results.Json(new
                {
                    c.ExternalRef, CreditLimit = c.CreditLimitMinor is { } l ? Currencies.FromMinor(l, tenant.Required.Currency) : (decimal?)null, c.PaymentTerms,
                }, JsonShape.Options)))
            .WithSummary("Grant a credit limit and / or payment terms (409 risk.creditRefused for a ceased company or one in a procedure, unless overrideReason)");

        var risk = api.MapGroup("/risk").WithTags("Risk");
        risk.MapGet("/policy", async (EncaisseDb db, CancellationToken ct) => Results.Json(await RiskPolicies.LoadAsync(db, ct), JsonShape.Options))
            .WithSummary("Deposit, terms and starting limit per risk class; onboarding thresholds");
        risk.MapPut("/policy", async (PolicyRequest body, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var current = await RiskPolicies.LoadAsync(db, ct);
            var policy = current with
            {
                Classes = body.Classes ?? new Dictionary<string, ClassTerms>(),
                YoungCompanyMonths = body.YoungCompanyMonths ?? current.YoungCompanyMonths,
                EstablishedCompanyMonths = body.EstablishedCompanyMonths ?? current.EstablishedCompanyMonths,
                RecentProcedureMonths = body.RecentProcedureMonths ?? current.RecentProcedureMonths,
            };
            return (await RiskPolicies.SaveAsync(db, policy, clock.GetUtcNow(), ct)).ToHttp(p => Results.Json(p, JsonShape.Options));
        }).WithSummary("Change the credit policy (classes left out keep their values)");
    }

    private static DateOnly Today(TimeProvider clock, RequestTenant tenant) => BusinessCalendar.Today(clock, tenant.Required.TimeZone);
}
