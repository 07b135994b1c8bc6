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

    public sealed record UnassignmentRequest(IReadOnlyList<string>? Invoices, string? RepurchaseReference);

    public sealed record TransferRequest(IReadOnlyList<string>? Invoices, decimal? Amount, DateOnly? On, string? Reference);

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
        factoring.MapPost("/unassignments", async (UnassignmentRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await FactoringOperations.UnassignAsync(db, body.Invoices ?? [], body.RepurchaseReference, Actor, clock, BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))
                .ToHttp(s => Results.Json(s, JsonShape.Options)))
            .WithSummary("Take invoices back from their factor: before a bordereau, or after one with the factor's repurchase reference");
        factoring.MapPost("/remittances", async (string? factor, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await FactoringOperations.RemitAsync(db, factor, Actor, clock, BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))
                .ToHttp(r => Results.Json(r.Select(x => new { x.Id, x.Reference, x.Factor, x.Sequence, x.RemittedOn, x.Currency,
                    total = Currencies.FromMinor(x.TotalMinor, x.Currency), invoices = x.Lines.Select(l => l.Number),
                    creditNotes = x.Deductions.Select(d => new { creditNote = d.CreditNote, invoice = d.Invoice, amount = Currencies.FromMinor(d.AmountMinor, d.Currency) }),
                    deducted = Currencies.FromMinor(x.DeductionMinor, x.Currency), net = Currencies.FromMinor(x.NetMinor, x.Currency) }), JsonShape.Options)));
        factoring.MapGet("/remittances", async (EncaisseDb db, CancellationToken ct) =>
            Results.Json((await FactoringOperations.RemittancesAsync(db, ct)).Select(r => new { r.Id, r.Reference, r.Factor, r.Sequence, r.RemittedOn, r.InvoiceCount,
                total = Currencies.FromMinor(r.TotalMinor, r.Currency), deducted = Currencies.FromMinor(r.DeductionMinor, r.Currency), r.Currency }), JsonShape.Options));
        factoring.MapGet("/remittances/{id:guid}/{format}", async (Guid id, string format, EncaisseDb db, RequestTenant tenant, CancellationToken ct) =>
        {
            var found = await FactoringOperations.RemittanceAsync(db, id, ct);
            if (found is not { } r || format is not ("csv" or "pdf"))
            {
                return ResultHttp.Problem(OperationError.NotFound("factoring.noRemittance", ("remittance", id.ToString())));
            }

            return format == "csv"
                ? Results.File(await RemittanceDocuments.CsvAsync(r.View, ct), "text/csv", r.View.Reference + ".csv")
                : Results.File(RemittanceDocuments.Pdf(r.View, tenant.Required, r.Factor), "application/pdf", r.View.Reference + ".pdf");
        });
        factoring.MapGet("/assignments", async (EncaisseDb db, CancellationToken ct) =>
            Results.Json((await FactoringOperations.AssignedAsync(db, ct)).Select(a => new { invoice = a.Number, a.CustomerRef, a.Factor, a.Mode, a.AssignedOn, a.DueDate,
                gross = Currencies.FromMinor(a.GrossMinor, a.Currency), open = Currencies.FromMinor(a.OpenMinor, a.Currency), a.Currency, remittance = a.Remittance }),
                JsonShape.Options));
        factoring.MapGet("/transfers", async (bool? all, EncaisseDb db, CancellationToken ct) =>
            Results.Json((await FactoringTransfers.DueAsync(db, ct, includeDone: all == true)).Select(Cli.FactoringCommands.TransferView), JsonShape.Options));
        factoring.MapPost("/transfers", async (TransferRequest body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await FactoringTransfers.RecordAsync(db, body.Invoices ?? [], body.Amount, body.On, body.Reference, Actor, clock,
                BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))
                .ToHttp(done => Results.Json(done.Select(d => new { invoice = d.Invoice, factor = d.Factor, amount = Currencies.FromMinor(d.AmountMinor, d.Currency),
                    currency = d.Currency, transferredOn = d.TransferredOn, reference = d.Reference, left = Currencies.FromMinor(d.LeftMinor, d.Currency) }), JsonShape.Options)));
    }

    private static object View(Factor f) => new { name = f.Name, mode = f.Mode, iban = f.Iban, bic = f.Bic, contractNumber = f.ContractNumber };
}
