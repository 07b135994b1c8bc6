using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>
/// The one write of the company's identity (name, identifiers, address, bank details, currency, time zone, terms) after
/// <see cref="TenantIdentity.Check"/>: the settings page calls it. Error <c>company.invalid</c>: its fields carry the
/// catalogue's English reason, its data the reason code of each field (<c>settings.err.{code}</c>) for the page.
/// </summary>
public static class TenantIdentityOperations
{
    public static async Task<Result<Tenant>> SaveAsync(EncaisseDb db, TenantIdentityInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var problems = TenantIdentity.Check(input, IsTimeZone);
        if (problems.Count > 0)
        {
            var fields = problems.Select(p => new FieldError(p.Field, null, Catalogue.Text(Catalogue.English, "settings.err." + p.Code))).ToList();
            return OperationError.InvalidFields(fields, "company.invalid") with
            {
                Data = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => (object?)g.First().Code, StringComparer.Ordinal),
            };
        }

        var tenant = await db.Tenants.SingleAsync(t => t.Id == db.TenantId, ct);
        TenantIdentity.Apply(tenant, input);
        await db.SaveChangesAsync(ct);
        return Result.Ok(tenant);
    }

    public static bool IsTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
