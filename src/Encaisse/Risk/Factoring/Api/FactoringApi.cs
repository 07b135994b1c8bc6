using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Risk.Factoring.Api;

/// <summary>/api/v1/factoring: factors, invoices sold to them, bordereaux (the same operations as the <c>factoring</c> verbs).</summary>
public static class FactoringApi
{
    public sealed record FactorRequest(string? Iban, string? Bic, string? ContractNumber, string? Mode);

    public sealed record AssignmentRequest(string? Factor, IReadOnlyList<string>? Invoices);

    private const string Actor = "api";

    public static void MapFactoringApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var factoring = api.MapGroup("/factoring").WithTags("Factoring");
        factoring.MapGet("/factors", async (EncaisseDb db, CancellationToken ct) => Results.Json((await FactoringOperations.FactorsAsync(db, ct)).Select(View), JsonShape.Options));
        factoring.MapPut("/factors/{name}", async (string name, FactorRequest body, EncaisseDb db, TimeProvider clock, CancellationToken ct) =>
        {
            FactoringMode mode = FactoringMode.Notified;
            if (body.Mode is { Length: > 0 } text && (!Enum.TryParse(text, ignoreCase: true, out mode) || !Enum.IsDefined(mode)))
            {
                return ResultHttp.Problem(OperationError.InvalidField("mode", text, "factoring.mode", ("value", text)));
            }

            return (await FactoringOperations.SetFactorAsync(db, new FactorInput(name, body.Iban, body.Bic, body.ContractNumber, mode), clock, ct))
                .ToHttp(f => Results.Json(View(f), JsonShape.Options));
        });
        factoring.MapPost("/assignments", async (AssignmentRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await FactoringOperations.AssignAsync(db, body.Factor, body.Invoices ?? [], Actor, clock, BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))
                .ToHttp(s => Results.Json(s, JsonShape.Options)));
        factoring.MapPost("/remittances", async (string? factor, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await FactoringOperations.RemitAsync(db, factor, Actor, clock, BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))
                .ToHttp(r => Results.Json(r.Select(x => new { x.Id, x.Reference, x.Factor, x.Sequence, x.RemittedOn, x.Currency,
                    total = Currencies.FromMinor(x.TotalMinor, x.Currency), invoices = x.Lines.Select(l => l.Number) }), JsonShape.Options)));
    }

    private static object View(Factor f) => new { name = f.Name, mode = f.Mode, iban = f.Iban, bic = f.Bic, contractNumber = f.ContractNumber };
}
