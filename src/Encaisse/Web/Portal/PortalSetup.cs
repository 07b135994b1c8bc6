using System.Threading.RateLimiting;
using Encaisse.Portal;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Portal;

/// <summary>The customer portal's plumbing: token links resolved to a tenant and customer, and rate limiting.</summary>
internal static class PortalSetup
{
    /// <summary>Requests allowed per token and client address per minute (pages, posts and the QR code together).</summary>
    public const int RequestsPerMinute = 60;

    public static void AddPortal(this IServiceCollection services)
    {
        services.AddScoped<PortalVisit>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Per token and address (a leaked link cannot be hammered), chained with a wider per-address bucket
            // (guessing tokens from one address is slowed as every guess is a new token).
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perToken: true, RequestsPerMinute)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, perToken: false, RequestsPerMinute * 5)));
        });
    }

    private static RateLimitPartition<string> Partition(HttpContext context, bool perToken, int permits)
    {
        if (!context.Request.Path.StartsWithSegments("/p", out var rest))
        {
            return RateLimitPartition.GetNoLimiter("back-office");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var key = perToken ? address + "|" + (rest.Value?.Trim('/').Split('/')[0] ?? "") : address;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        });
    }

    public static void UsePortal(this WebApplication app)
    {
        app.UseRateLimiter();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/p", out var rest) && rest.Value is { Length: > 1 } value)
            {
                var token = value.Trim('/').Split('/')[0];
                var visit = context.RequestServices.GetRequiredService<PortalVisit>();
                await visit.ResolveAsync(context, token);
            }

            await next(context);
        });
    }
}

/// <summary>The portal link of the current request, when its token is valid.</summary>
public sealed class PortalVisit
{
    public PortalLink? Link { get; private set; }
    public string Token { get; private set; } = "";
    /// <summary>When the link was used before this request (null on the first visit).</summary>
    public DateTimeOffset? PreviousUse { get; private set; }

    internal async Task ResolveAsync(HttpContext context, string token)
    {
        Token = token;
        var hash = PortalLink.HashOf(token);
        await using var db = context.RequestServices.GetRequiredService<DatabaseFactory>().Create();
        var link = await db.Set<PortalLink>().IgnoreQueryFilters().SingleOrDefaultAsync(l => l.TokenHash == hash, context.RequestAborted);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (link is null || !link.IsUsableAt(now))
        {
            return;
        }

        PreviousUse = link.LastUsedAt;
        link.LastUsedAt = now;
        await db.SaveChangesAsync(context.RequestAborted);
        Link = link;
        var requestTenant = context.RequestServices.GetRequiredService<RequestTenant>();
        requestTenant.Tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == link.TenantId, context.RequestAborted);
    }
}
