using System.Security.Cryptography;
using System.Text;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Encaisse.Web.Api;

/// <summary>A per-tenant key for the REST API. Only its SHA-256 hash is stored; the key is shown once.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    /// <summary>First characters of the key, to recognise it in a list without revealing it.</summary>
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>After this instant the key is refused (null: no expiry, only for keys made before expiry existed or with --days 0).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || now < ExpiresAt);
    /// <summary>
    /// An operator's key: may also change what all tenants share (the reference rates). Only made by
    /// <c>encaisse apikey create --admin</c> on the server; tenant keys never are.
    /// </summary>
    public bool IsAdministrator { get; set; }

    /// <summary>Creates a key: returns the entity to store and the clear key to hand to the user once.</summary>
    public static (ApiKey Entity, string Clear) Issue(Guid tenantId, string name, DateTimeOffset now, bool administrator = false)
    {
        var clear = "enc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (new ApiKey { TenantId = tenantId, Name = name, Prefix = clear[..12], Hash = HashOf(clear), CreatedAt = now, IsAdministrator = administrator }, clear);
    }

    public static string HashOf(string clear) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(clear)));
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasKey(k => k.Id);
        b.HasIndex(k => k.Hash).IsUnique();
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Prefix).HasMaxLength(12);
        b.Property(k => k.Hash).HasMaxLength(64);
    }
}
