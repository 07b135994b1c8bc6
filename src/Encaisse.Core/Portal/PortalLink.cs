using System.Security.Cryptography;
using System.Text;
using Encaisse.Ledger;

namespace Encaisse.Portal;

/// <summary>
/// A customer's personal link to the portal. The token is random (192 bits) and shown once; only its SHA-256
/// hash is stored, so a database leak does not open anybody's portal.
/// </summary>
public sealed class PortalLink : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>Who made it: a user login, "dunning", "cli".</summary>
    public string CreatedBy { get; set; } = "system";
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>A new link valid for <paramref name="validFor"/>: the entity to store and the clear token for the URL.</summary>
    public static (PortalLink Link, string Token) Issue(Guid tenantId, Guid customerId, DateTimeOffset now, TimeSpan validFor, string createdBy)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        var link = new PortalLink
        {
            TenantId = tenantId, CustomerId = customerId, TokenHash = HashOf(token),
            CreatedAt = now, ExpiresAt = now + validFor, CreatedBy = createdBy,
        };
        return (link, token);
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
