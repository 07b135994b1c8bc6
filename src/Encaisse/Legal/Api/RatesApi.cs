using Encaisse.Legal.Cli;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Legal.Api;

/// <summary>Body of PUT /api/v1/rates/{halfYear}: rates in percent.</summary>
public sealed record RateInput(decimal Ecb, decimal LegalPersonal, decimal LegalOther);

public static class RatesApi
{
    /// <summary>GET /api/v1/rates, GET and PUT /api/v1/rates/{halfYear}.</summary>
    public static void MapRatesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rates", async (EncaisseDb db, CancellationToken ct) =>
            Results.Ok((await ReferenceRateStore.LoadAsync(db, ct)).All.Select(RatesCommands.View).ToList()));

        api.MapGet("/rates/{halfYear}", async (string halfYear, EncaisseDb db, CancellationToken ct) =>
        {
            if (!HalfYear.TryParse(halfYear, out var half))
            {
                return Results.Problem(statusCode: 400, title: "Bad half-year", detail: $"'{halfYear}' is not a half-year such as 2026H2.");
            }

            var table = await ReferenceRateStore.LoadAsync(db, ct);
            return table.Find(half) is { } rate
                ? Results.Ok(RatesCommands.View(rate))
                : Results.Problem(statusCode: 404, title: "No rates for this half-year", detail: new MissingRateException(half).Message);
        });

        api.MapPut("/rates/{halfYear}", async (string halfYear, RateInput input, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            if (!tenant.IsAdministrator)
            {
                // The table is global: one tenant's key must not change every tenant's claims.
                return Results.Problem(statusCode: 403, title: "Administrator key required",
                    detail: "Reference rates are shared by all tenants: only an administrator API key ('encaisse apikey create --admin') may change them. " +
                        $"The operator can also run 'encaisse rates set --half-year {halfYear} ...' on the server.");
            }

            if (!HalfYear.TryParse(halfYear, out var half))
            {
                return Results.Problem(statusCode: 400, title: "Bad half-year", detail: $"'{halfYear}' is not a half-year such as 2026H2.");
            }

            var rate = new ReferenceRate(half, input.Ecb, input.LegalPersonal, input.LegalOther);
            if (ReferenceRateStore.Validate(rate) is { } problem)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["rates"] = [problem] });
            }

            return Results.Ok(RatesCommands.View(await ReferenceRateStore.SetAsync(db, rate, clock.GetUtcNow(), ct)));
        });
    }
}
