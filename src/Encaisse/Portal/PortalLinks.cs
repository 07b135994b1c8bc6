using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Portal;

/// <summary>Issues and revokes customers' portal links.</summary>
public static class PortalLinks
{
    /// <summary>Stores a new link for the customer and returns its relative URL (/p/TOKEN), the only time the token is visible.</summary>
    public static async Task<string> CreateAsync(EncaisseDb db, Guid customerId, DateTimeOffset now, int days, string createdBy, CancellationToken ct)
    {
        if (days is < 1 or > 366)
        {
            throw new ArgumentOutOfRangeException(nameof(days), "A portal link lasts from 1 to 366 days.");
        }

        var (link, token) = PortalLink.Issue(db.TenantId, customerId, now, TimeSpan.FromDays(days), createdBy);
        db.Add(link);
        await db.SaveChangesAsync(ct);
        return "/p/" + token;
    }

    /// <summary>Revokes every live link of the customer; returns how many were revoked.</summary>
    public static async Task<int> RevokeAllAsync(EncaisseDb db, Guid customerId, DateTimeOffset now, CancellationToken ct)
    {
        var revoked = await db.Set<PortalLink>().Where(l => l.CustomerId == customerId && l.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RevokedAt, now), ct);
        if (revoked > 0 && db.Actor is not null)
        {
            Audit.AuditTrail.Record(db, "portal_link", customerId.ToString(), null, customerId, "portal_link.revoked", new { Live = revoked }, new { Live = 0, RevokedAt = now });
            await db.SaveChangesAsync(ct);
        }

        return revoked;
    }
}
