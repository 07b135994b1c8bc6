using System.Text.Json;
using System.Text.Json.Serialization;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Encaisse.Audit;

/// <summary>
/// Records the audit trail (ADR 1610). The recording point is the unit of work: when a context carrying an
/// <see cref="AuditActor"/> saves, every added, changed or deleted object of an audited type becomes one
/// <see cref="AuditEntry"/> with the changed values before and after, written in the same transaction. Operations that
/// change rows with one set-based statement (approvals, revocations, deletions) record their entry explicitly with
/// <see cref="Record"/>; an operation names a more precise action with <see cref="EncaisseDb.AuditAction"/>.
/// </summary>
public static class AuditTrail
{
    /// <summary>The objects people and keys change (by CLR type name). Imports' bulk rows (invoices, payments) are not in it.</summary>
    private static readonly HashSet<string> Audited =
    [
        "Customer", "Contact", "Tenant", "DunningSettings", "DunningPlan", "DunningStep", "DunningTemplate", "DunningPlanOverride",
        "CollectionsPolicy", "LegalPolicy", "User", "ReferenceRateRow", "Allocation", "Dispute", "PromiseToPay",
        "DunningHold", "PaymentPlan", "BuyerLimit", "ApiKey", "PortalLink", "EInvoiceSettings", "Factor", "FactoringTransfer", "CustomerNote", "Mandate",
        "PayerAlias", "CustomerDocument", "PrivacySettings",
        "CreditOverride", "RiskPolicy", "FactoringRepurchase",
    ];

    /// <summary>
    /// Recorded only when the operation names its action (<see cref="EncaisseDb.AuditAction"/>): a manual allocation or an
    /// accepted bank suggestion is a person's decision, the matcher's automatic allocations during an import are not.
    /// </summary>
    private static readonly HashSet<string> NamedOnly = ["Allocation"];

    /// <summary>Values never written to the trail, whatever the object: secrets and their hashes.</summary>
    private static bool IsSecret(string property) =>
        property.Contains("Password", StringComparison.Ordinal) || property.Contains("Token", StringComparison.Ordinal) ||
        property.Contains("Hash", StringComparison.Ordinal) || property.Contains("Secret", StringComparison.Ordinal) ||
        property.Contains("Stamp", StringComparison.Ordinal);

    /// <summary>Bookkeeping columns whose change alone is not worth an entry (a sign-out renews the security stamp).</summary>
    private static bool IsNoise(string property) =>
        property is "UpdatedAt" or "SecurityStamp" or "LastSignInAt" or "Version" or "RowVersion" || property.StartsWith("Settled", StringComparison.Ordinal);

    private static readonly string[] RefProperties = ["ExternalRef", "Number", "Prefix", "Login", "Key", "Code", "Name", "Iban"];

    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Adds the entries of the pending changes of <paramref name="db"/> (called by <see cref="EncaisseDb"/> before it saves).</summary>
    internal static void Capture(EncaisseDb db)
    {
        if (db.Actor is null)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();
        var now = DateTimeOffset.UtcNow;
        // Keyed by the tracked object: the change tracker hands out a new EntityEntry wrapper on every call.
        var changes = new Dictionary<object, (EntityEntry Entry, Dictionary<string, object?> Before, Dictionary<string, object?> After)>(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity is AuditEntry)
            {
                continue;
            }

            // An owned value (a customer's billing address) is reported as its owner's change, "BillingAddress.City".
            var owner = entry;
            var prefix = "";
            if (entry.Metadata.IsOwned())
            {
                owner = OwnerOf(db, entry);
                if (owner is null)
                {
                    continue;
                }

                prefix = entry.Metadata.FindOwnership()!.PrincipalToDependent?.Name + ".";
            }

            if (!Audited.Contains(owner.Metadata.ClrType.Name) || (NamedOnly.Contains(owner.Metadata.ClrType.Name) && db.AuditAction is null))
            {
                continue;
            }

            if (!changes.TryGetValue(owner.Entity, out var values))
            {
                values = (owner, new Dictionary<string, object?>(StringComparer.Ordinal), new Dictionary<string, object?>(StringComparer.Ordinal));
                changes[owner.Entity] = values;
            }

            foreach (var property in entry.Properties)
            {
                var meta = property.Metadata;
                if (meta.IsShadowProperty() && !meta.IsForeignKey() || (meta.IsKey() && entry.Metadata.IsOwned()))
                {
                    continue;
                }

                var name = prefix + meta.Name;
                // An erasure keeps which fields changed, never the values (they are what is being erased).
                var masked = db.AuditAction == ErasureAction;
                switch (entry.State)
                {
                    case EntityState.Added:
                        values.After[name] = masked ? "***" : Value(meta.Name, property.CurrentValue);
                        break;
                    case EntityState.Deleted:
                        values.Before[name] = masked ? "***" : Value(meta.Name, property.OriginalValue);
                        break;
                    default:
                        if (property.IsModified && !Equals(property.OriginalValue, property.CurrentValue) && !IsNoise(meta.Name))
                        {
                            values.Before[name] = masked ? "***" : Value(meta.Name, property.OriginalValue);
                            values.After[name] = masked ? "***" : Value(meta.Name, property.CurrentValue);
                        }

                        break;
                }
            }
        }

        foreach (var values in changes.Values)
        {
            var entry = values.Entry;
            var state = entry.State;
            if (state == EntityState.Modified && values.After.Count == 0 || state == EntityState.Unchanged && values.After.Count == 0)
            {
                continue;
            }

            var type = EncaisseDb.SnakeCase(entry.Metadata.ClrType.Name);
            var verb = state switch { EntityState.Added => "created", EntityState.Deleted => "deleted", _ => "updated" };
            db.Add(NewEntry(db, db.Actor, now, type, KeyOf(entry), RefOf(entry), CustomerOf(db, entry),
                db.AuditAction ?? type + "." + verb,
                state == EntityState.Added ? null : values.Before, state == EntityState.Deleted ? null : values.After));
        }
    }

    /// <summary>
    /// Records one entry explicitly, for a change made by a set-based statement the change tracker does not see. Saved with the
    /// context's next save; nothing when the context has no actor.
    /// </summary>
    public static void Record(EncaisseDb db, string objectType, string objectId, string? objectRef, Guid? customerId, string action,
        object? before, object? after)
    {
        if (db.Actor is null)
        {
            return;
        }

        db.Add(NewEntry(db, db.Actor, DateTimeOffset.UtcNow, objectType, objectId, objectRef, customerId, action, before, after));
    }

    /// <summary>
    /// Records the deletion of the rows of <paramref name="rows"/> that a set-based DELETE is about to remove (their values as
    /// "before"). Saved with the context's next save; call it before the DELETE.
    /// </summary>
    public static async Task RecordDeletionAsync<T>(EncaisseDb db, IQueryable<T> rows, CancellationToken ct) where T : class
    {
        if (db.Actor is null)
        {
            return;
        }

        var type = db.Model.FindEntityType(typeof(T))!;
        foreach (var row in await rows.AsNoTracking().ToListAsync(ct))
        {
            var before = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in type.GetProperties().Where(p => p.PropertyInfo is not null))
            {
                before[p.Name] = Value(p.Name, p.PropertyInfo!.GetValue(row));
            }

            var name = EncaisseDb.SnakeCase(typeof(T).Name);
            var id = string.Join("/", type.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(p.PropertyInfo?.GetValue(row), System.Globalization.CultureInfo.InvariantCulture)));
            var reference = RefProperties.Select(r => type.FindProperty(r)).FirstOrDefault(p => p?.PropertyInfo is not null && p.ClrType == typeof(string))?.PropertyInfo!.GetValue(row) as string;
            var customerId = type.FindProperty("CustomerId")?.PropertyInfo?.GetValue(row) as Guid?;
            db.Add(NewEntry(db, db.Actor, DateTimeOffset.UtcNow, name, id, reference, customerId, name + ".deleted", before, null));
        }
    }

    private static AuditEntry NewEntry(EncaisseDb db, AuditActor actor, DateTimeOffset now, string type, string id, string? reference, Guid? customerId,
        string action, object? before, object? after) => new()
    {
        TenantId = db.TenantId, At = now, ActorKind = actor.Kind, ActorId = Cut(actor.Id, 200)!, RemoteAddress = Cut(actor.RemoteAddress, 100),
        ObjectType = Cut(type, 60)!, ObjectId = Cut(id, 100)!, ObjectRef = Cut(reference, 200), CustomerId = customerId, Action = Cut(action, 100)!,
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
    };

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];

    private static object? Value(string property, object? value) => value switch
    {
        null => null,
        _ when IsSecret(property) => "***",
        byte[] bytes => $"({bytes.Length} bytes)",
        _ => value,
    };

    private static EntityEntry? OwnerOf(EncaisseDb db, EntityEntry owned)
    {
        var ownership = owned.Metadata.FindOwnership()!;
        var keyValues = ownership.Properties.Select(p => owned.Property(p.Name).CurrentValue).ToArray();
        return db.ChangeTracker.Entries().FirstOrDefault(e => e.Metadata == ownership.PrincipalEntityType &&
            ownership.PrincipalKey.Properties.Select(p => e.Property(p.Name).CurrentValue).SequenceEqual(keyValues));
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join("/", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));

    private static string? RefOf(EntityEntry entry)
    {
        foreach (var name in RefProperties)
        {
            if (entry.Metadata.FindProperty(name) is { } p && p.ClrType == typeof(string) && !IsSecret(name))
            {
                return entry.Property(name).CurrentValue as string ?? entry.Property(name).OriginalValue as string;
            }
        }

        return null;
    }

    private static Guid? CustomerOf(EncaisseDb db, EntityEntry entry)
    {
        if (entry.Entity is Customer customer)
        {
            return customer.Id;
        }

        if (entry.Metadata.FindProperty("CustomerId") is { } p && (p.ClrType == typeof(Guid) || p.ClrType == typeof(Guid?)))
        {
            return entry.Property("CustomerId").CurrentValue as Guid?;
        }

        if (entry.Entity is Allocation allocation)
        {
            // The invoice is usually tracked by the operation that allocated; otherwise it is looked up.
            var invoice = db.Invoices.Local.FirstOrDefault(i => i.Id == allocation.InvoiceId);
            return invoice?.CustomerId ?? db.Invoices.AsNoTracking().Where(i => i.Id == allocation.InvoiceId).Select(i => (Guid?)i.CustomerId).FirstOrDefault();
        }

        return null;
    }

    /// <summary>The action of a GDPR erasure (<see cref="Privacy.PersonalData.Erasure"/>): its entries are recorded with masked values.</summary>
    internal const string ErasureAction = "gdpr.erased";

    /// <summary>
    /// The one change the audit trail allows (its trigger checks it): an erasure replaces the before/after values of the customer's entries
    /// by a redaction mark, once, and stamps <see cref="AuditEntry.RedactedAt"/>. Who, when, from where, which object and which action stay.
    /// </summary>
    public static async Task<int> RedactCustomerAsync(EncaisseDb db, Guid customerId, DateTimeOffset now, CancellationToken ct) =>
        await db.Set<AuditEntry>().Where(e => e.CustomerId == customerId && e.RedactedAt == null && e.Action != ErasureAction)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Before, e => e.Before == null ? null : Redacted)
                .SetProperty(e => e.After, e => e.After == null ? null : Redacted)
                .SetProperty(e => e.ObjectRef, e => e.ObjectType == "customer" ? e.ObjectRef : null)
                .SetProperty(e => e.RedactedAt, now), ct);

    private const string Redacted = "{\"redacted\":true}";

    /// <summary>Entries of the tenant, newest first: of one customer, of one object (type, id or reference), or all, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> ListAsync(EncaisseDb db, Guid? customerId, string? objectType, string? objectIdOrRef, int limit,
        CancellationToken ct)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (customerId is { } c)
        {
            query = query.Where(e => e.CustomerId == c);
        }

        if (!string.IsNullOrWhiteSpace(objectType))
        {
            query = query.Where(e => e.ObjectType == objectType);
        }

        if (!string.IsNullOrWhiteSpace(objectIdOrRef))
        {
            query = query.Where(e => e.ObjectId == objectIdOrRef || e.ObjectRef == objectIdOrRef);
        }

        // Ids are time-ordered (UUID v7); the final order is by time, in memory (SQLite cannot order a DateTimeOffset).
        var rows = await query.OrderByDescending(e => e.Id).Take(Math.Clamp(limit, 1, 5000)).ToListAsync(ct);
        return rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();
    }
}
