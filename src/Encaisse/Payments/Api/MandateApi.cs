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

    private static async Task<IResult> CreateAsync(NewMandate body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Mandate.IsValidReference(body.Reference))
        {
            errors["reference"] = ["1 to 35 characters among A-Z a-z 0-9 + ? / - : ( ) . , ' and space."];
        }

        if (!Iban.IsValid(body.Iban))
        {
            errors["iban"] = ["Not a valid IBAN (check digits)."];
        }

        var customer = await db.Customers.FirstOrDefaultAsync(c => c.ExternalRef == body.CustomerRef, ct);
        if (customer is null)
        {
            errors["customerRef"] = [$"No customer '{body.CustomerRef}'."];
        }

        if (errors.Count == 0 && await db.Set<Mandate>().AnyAsync(m => m.Reference == body.Reference, ct))
        {
            errors["reference"] = [$"A mandate '{body.Reference}' already exists."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var mandate = new Mandate
        {
            TenantId = tenant.TenantId, CustomerId = customer!.Id, Reference = body.Reference, SignedOn = body.SignedOn, DebtorIban = Iban.Normalize(body.Iban)!,
            DebtorBic = body.Bic, DebtorName = body.DebtorName ?? customer.LegalName, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(mandate);
        customer.PaysByDirectDebit = true;
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/v1/sepa/mandates/{Uri.EscapeDataString(mandate.Reference)}", new { reference = mandate.Reference, nextSequence = "FRST" });
    }
}
