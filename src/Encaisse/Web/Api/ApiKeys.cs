using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Api;

/// <summary>A key as listed (never its clear value nor its hash).</summary>
public sealed record ApiKeyInfo(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt,
    bool Administrator, string State);

/// <summary>A key just made: its description and the clear key, shown this once.</summary>
public sealed record IssuedApiKey(ApiKeyInfo Key, string Clear);

/// <summary>
/// The tenant's API keys: issue (with an expiry), list, revoke. One path for the CLI (<c>encaisse apikey</c>), the API
/// (<c>/api/v1/apikeys</c>) and the settings page. A revoked or expired key is refused by <see cref="ApiKeyMiddleware"/> on its next request.
/// </summary>
public static class ApiKeys
{
    public const int DefaultDays = 365;
    public const int MaxDays = 3 * 366;

    /// <summary>A new key of <paramref name="db"/>'s tenant valid <paramref name="days"/> days (0: never expires, for CLI operators only).</summary>
    public static async Task<Result<IssuedApiKey>> IssueAsync(EncaisseDb db, string? name, int days, bool administrator, DateTimeOffset now,
        CancellationToken ct, bool allowNoExpiry = false)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            return OperationError.InvalidField("name", name, "apikey.name");
        }

        if (days < 0 || days > MaxDays || (days == 0 && !allowNoExpiry))
        {
            return OperationError.InvalidField("days", days.ToString(System.Globalization.CultureInfo.InvariantCulture), "apikey.days", ("max", MaxDays));
        }

        var (entity, clear) = ApiKey.Issue(db.TenantId, name, now, administrator);
        entity.ExpiresAt = days == 0 ? null : now.AddDays(days);
        db.Add(entity);
        await db.SaveChangesAsync(ct);
        return Result.Ok(new IssuedApiKey(Describe(entity, now), clear));
    }

    public static async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(EncaisseDb db, DateTimeOffset now, CancellationToken ct) =>
        // Ordered in memory: SQLite cannot order by a DateTimeOffset column.
        (await db.Set<ApiKey>().AsNoTracking().ToListAsync(ct)).OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).Select(k => Describe(k, now)).ToList();

    /// <summary>Revokes one key of the tenant, named by its id or its prefix (what the list shows). Revoking twice is a conflict.</summary>
    public static async Task<Result<ApiKeyInfo>> RevokeAsync(EncaisseDb db, string idOrPrefix, DateTimeOffset now, CancellationToken ct)
    {
        idOrPrefix = (idOrPrefix ?? "").Trim();
        var keys = Guid.TryParse(idOrPrefix, out var id)
            ? await db.Set<ApiKey>().Where(k => k.Id == id).ToListAsync(ct)
            : idOrPrefix.Length >= 8 ? await db.Set<ApiKey>().Where(k => k.Prefix.StartsWith(idOrPrefix)).ToListAsync(ct) : [];
        if (keys.Count != 1)
        {
            return OperationError.NotFound("apikey.notFound", ("key", idOrPrefix));
        }

        var key = keys[0];
        if (key.RevokedAt is not null)
        {
            return OperationError.Conflict("apikey.revoked", ("key", key.Prefix));
        }

        key.RevokedAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok(Describe(key, now));
    }

    private static ApiKeyInfo Describe(ApiKey k, DateTimeOffset now) =>
        new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.IsAdministrator,
            k.RevokedAt is not null ? "revoked" : k.ExpiresAt <= now ? "expired" : "active");
}
