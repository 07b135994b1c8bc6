using Encaisse.Payments.Sepa;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments.Api;

/// <summary>/api/v1/sepa/mandates: record and list SEPA direct-debit mandates.</summary>
public static class MandateApi
{
    public sealed record NewMandate(string CustomerRef, string Reference, DateOnly SignedOn, string Iban, string? Bic, string? DebtorName);

    public static void MapMandateApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/sepa/mandates", ListAsync);
        api.MapPost("/sepa/mandates", CreateAsync);
    }

    private static async Task<IResult> ListAsync(EncaisseDb db, CancellationToken ct)
    {
        var refs = await db.Customers.AsNoTracking().Select(c => new { c.Id, c.ExternalRef }).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
        var mandates = await db.Set<Mandate>().AsNoTracking().OrderBy(m => m.Reference).ToListAsync(ct);
        return Results.Json(mandates.Select(m => new
        {
            reference = m.Reference,
            customerRef = refs.GetValueOrDefault(m.CustomerId),
            signedOn = m.SignedOn,
            nextSequence = m.NextSequence == SequenceType.First ? "FRST" : "RCUR",
            revokedOn = m.RevokedOn,
        }), Encaisse.Operations.JsonShape.Options);
    }

    private static async Task<IResult> CreateAsync(NewMandate body, EncaisseDb db, TimeProvider clock, CancellationToken ct)
    {
        var added = await MandateOperations.AddAsync(db, new MandateInput(body.CustomerRef, body.Reference, body.SignedOn, body.Iban, body.Bic, body.DebtorName), clock, ct);
        return added.ToHttp(m => Results.Created($"/api/v1/sepa/mandates/{Uri.EscapeDataString(m.Reference)}", new { reference = m.Reference, nextSequence = "FRST" }));
    }
}
