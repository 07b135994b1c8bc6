using System.Text.Json;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Audit;

/// <summary>An audit entry as the API and the CLI show it (before/after as JSON objects).</summary>
public sealed record AuditEntryView(Guid Id, DateTimeOffset At, string ActorKind, string ActorId, string? RemoteAddress, string ObjectType, string ObjectId,
    string? ObjectRef, string? CustomerRef, string Action, JsonElement? Before, JsonElement? After, bool Redacted);

/// <summary>Reads the audit trail for the API, the CLI and the customer page (one query path).</summary>
public static class AuditQueries
{
    /// <summary>Entries of the tenant, newest first, of a customer (by reference) and/or an object (type and/or id or reference).</summary>
    public static async Task<Result<IReadOnlyList<AuditEntryView>>> ListAsync(EncaisseDb db, string? customerRef, string? objectType, string? objectIdOrRef,
        int limit, CancellationToken ct)
    {
        Guid? customerId = null;
        if (!string.IsNullOrWhiteSpace(customerRef))
        {
            customerId = await db.Customers.AsNoTracking().Where(c => c.ExternalRef == customerRef.Trim()).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                // A deleted customer's entries are still found by the reference they were recorded with.
                customerId = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.ObjectType == "customer" && e.ObjectRef == customerRef.Trim())
                    .Select(e => e.CustomerId).FirstOrDefaultAsync(ct);
            }

            if (customerId is null)
            {
                return OperationError.NotFound("customer.notFound", ("customer", customerRef));
            }
        }

        var entries = await AuditTrail.ListAsync(db, customerId, objectType?.Trim(), objectIdOrRef?.Trim(), limit, ct);
        var ids = entries.Where(e => e.CustomerId is not null).Select(e => e.CustomerId!.Value).Distinct().ToList();
        var refs = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
        return Result.Ok<IReadOnlyList<AuditEntryView>>(entries.Select(e => new AuditEntryView(e.Id, e.At, e.ActorKind, e.ActorId, e.RemoteAddress, e.ObjectType,
            e.ObjectId, e.ObjectRef, e.CustomerId is { } c && refs.TryGetValue(c, out var r) ? r : e.ObjectType == "customer" ? e.ObjectRef : null, e.Action,
            Parse(e.Before), Parse(e.After), e.RedactedAt is not null)).ToList());
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
