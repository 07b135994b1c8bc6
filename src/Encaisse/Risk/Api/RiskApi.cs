using Encaisse.Ledger;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Api;

/// <summary>
/// Risk endpoints: scores and exposure per customer, alerts, unbilled orders (with the deposit recommendation)
/// and credit-insurer buyer limits.
/// </summary>
public static class RiskApi
{
    public sealed record OrderRequest(string? Reference, DateOnly? OrderedOn, decimal? Amount, string? Currency, string? Status);

    public sealed record BuyerLimitRequest(string? Insurer, string? PolicyNumber, decimal? Amount, string? Currency, DateOnly? StartsOn,
        DateOnly? ExpiresOn, int? DeclarationDays);

    public static void MapRiskApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var risk = api.MapGroup("/risk").WithTags("Risk");
        risk.MapGet("/scores", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await RiskEvaluation.RunAsync(db, tenant.Required, Today(clock, tenant), clock, ct, apply: false)));
        risk.MapPost("/evaluate", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            Results.Ok(await RiskEvaluation.RunAsync(db, tenant.Required, Today(clock, tenant), clock, ct)));
        risk.MapPost("/monitor", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, Registries.RegistryMonitor monitor, string? customer, CancellationToken ct) =>
            Results.Ok(await monitor.RunAsync(db, tenant.Required, Today(clock, tenant), clock, ct, customer)));
        risk.MapGet("/alerts", async (EncaisseDb db, bool? includeResolved, CancellationToken ct) =>
            Results.Ok((await AlertBook.ListAsync(db, ct, includeResolved ?? false))
                .Select(a => new { a.Id, a.Kind, a.Severity, a.Status, a.RaisedOn, a.Message, a.Key })));

        var customers = api.MapGroup("/customers/{customerRef}").WithTags("Risk");
        customers.MapGet("/risk", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok((await RiskEvaluation.RunAsync(db, tenant.Required, Today(clock, tenant), clock, ct, customerRef, apply: false)).Single());
            }
            catch (KeyNotFoundException e)
            {
                return Results.Problem(statusCode: 404, title: "Unknown customer", detail: e.Message);
            }
        });
        customers.MapPost("/orders", PostOrderAsync);
        customers.MapGet("/orders", async (string customerRef, EncaisseDb db, CancellationToken ct) =>
        {
            var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
            return customer is null
                ? NotFound(customerRef)
                : Results.Ok(await db.Set<UnbilledOrder>().AsNoTracking().Where(o => o.CustomerId == customer.Id).OrderBy(o => o.OrderedOn)
                    .Select(o => new { o.Reference, o.OrderedOn, o.AmountMinor, o.Currency, o.Status, o.DepositRequired }).ToListAsync(ct));
        });
        customers.MapPost("/buyer-limits", PostBuyerLimitAsync);
    }

    private static async Task<IResult> PostOrderAsync(string customerRef, OrderRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        (await UnbilledOrders.RecordAsync(db, tenant.Required, clock,
            new RecordOrder(customerRef, body.Reference, body.OrderedOn, body.Amount, body.Currency, body.Status), ct)).ToHttp(recorded =>
        {
            var (order, decision, currency) = (recorded.Order, recorded.Decision, recorded.Order.Currency);
            var result = new
            {
                order.Reference, order.OrderedOn, Amount = body.Amount, order.Currency, order.Status, decision.DepositRequired,
                Reasons = Onboarding.OnboardingApi.Reasons(decision.Reasons),
                DepositToLimit = Currencies.FromMinor(decision.DepositToLimitMinor, currency),
                // The deposit to ask: the class's percentage of the order, or what brings the exposure back under the limit if more.
                DepositAdvised = Currencies.FromMinor(recorded.AdvisedDepositMinor, currency),
                DepositPercent = recorded.Advice?.DepositPercent,
                TermsDays = recorded.Advice?.TermsDays,
                recorded.RiskClass,
                Advice = recorded.Advice is { } advice ? Onboarding.OnboardingApi.Reasons(advice.Reasons) : null,
                Limit = decision.LimitMinor is { } l ? Currencies.FromMinor(l, currency) : (decimal?)null,
                ExposureAfter = Currencies.FromMinor(decision.ExposureAfterMinor, currency),
            };
            return recorded.IsNew ? Results.Created($"/api/v1/customers/{customerRef}/orders", result) : Results.Ok(result);
        });

    /// <summary>The older form of <c>POST /customers/{ref}/insurance/limits</c>: a grant, recorded by the same operation (history, timeline, alerts).</summary>
    private static async Task<IResult> PostBuyerLimitAsync(string customerRef, BuyerLimitRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock,
        CancellationToken ct)
    {
        var recorded = await Insurance.InsuranceOperations.RecordLimitAsync(db, tenant.Required,
            new Insurance.LimitInput(customerRef, LimitDecision.Granted, body.Amount, body.StartsOn, body.ExpiresOn, null, body.Insurer, body.Currency, body.PolicyNumber,
                body.DeclarationDays), "api", clock, Today(clock, tenant), ct);
        if (!recorded.IsOk)
        {
            return ResultHttp.Problem(recorded.Error!);
        }

        // The decisions run by start date, then by when they were recorded: the newest of this start date is this one.
        var granted = recorded.Value.Decisions.Last(d => d.On == (body.StartsOn ?? Today(clock, tenant)));
        var stored = await db.Set<BuyerLimit>().AsNoTracking().SingleAsync(l => l.Id == granted.Id, ct);
        return Results.Created($"/api/v1/customers/{customerRef}/risk",
            new BuyerLimitView(stored.Insurer, stored.PolicyNumber, granted.Amount, stored.Currency, stored.StartsOn, stored.ExpiresOn, stored.DeclarationDays));
    }

    private static DateOnly Today(TimeProvider clock, RequestTenant tenant) => BusinessCalendar.Today(clock, tenant.Required.TimeZone);

    private static IResult NotFound(string customerRef) =>
        Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer with reference '{customerRef}'.");
}
