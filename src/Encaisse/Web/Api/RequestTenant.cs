using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Api;

/// <summary>
/// The tenant of the current request, set by API-key authentication (or by the signed-in user's session).
/// The request's <see cref="EncaisseDb"/> is restricted to it.
/// </summary>
public sealed class RequestTenant
{
    public Tenant? Tenant { get; set; }

    public Guid TenantId => Tenant?.Id ?? Guid.Empty;

    public Tenant Required => Tenant ?? throw new InvalidOperationException("No tenant on this request.");

    /// <summary>The request carries an administrator API key (<see cref="ApiKey.IsAdministrator"/>): it may change shared data.</summary>
    public bool IsAdministrator { get; set; }

    /// <summary>Who acts on this request (the API key or the signed-in user), given to the request's database for the audit trail.</summary>
    public Audit.AuditActor? Actor { get; set; }
}

/// <summary>Resolves <c>X-Api-Key</c> (or <c>Authorization: Bearer</c>) to a tenant for every /api/v1 request.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DatabaseFactory database, RequestTenant requestTenant, TimeProvider clock)
    {
        if (!context.Request.Path.StartsWithSegments("/api/v1") || requestTenant.Tenant is not null)
        {
            await next(context);
            return;
        }

        var clear = context.Request.Headers["X-Api-Key"].FirstOrDefault();
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (clear is null && authorization?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true)
        {
            clear = authorization["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(clear))
        {
            await Results.Problem(statusCode: 401, title: "API key required",
                detail: "Send the tenant's API key in the X-Api-Key header ('encaisse apikey create' makes one).").ExecuteAsync(context);
            return;
        }

        var hash = ApiKey.HashOf(clear);
        await using var db = database.Create();
        // The key and its tenant in one read (one query per API request instead of two).
        var key = await (
                from k in db.Set<ApiKey>().IgnoreQueryFilters().AsNoTracking()
                where k.Hash == hash && k.RevokedAt == null
                join t in db.Tenants.AsNoTracking() on k.TenantId equals t.Id
                select new { k.IsAdministrator, k.ExpiresAt, k.Prefix, Tenant = t })
            .SingleOrDefaultAsync(context.RequestAborted);
        if (key is null || key.ExpiresAt <= clock.GetUtcNow())
        {
            await Results.Problem(statusCode: 401, title: "Unknown, expired or revoked API key").ExecuteAsync(context);
            return;
        }

        requestTenant.Tenant = key.Tenant;
        requestTenant.IsAdministrator = key.IsAdministrator;
        requestTenant.Actor = new Audit.AuditActor(Audit.AuditActor.ApiKey, key.Prefix, context.Connection.RemoteIpAddress?.ToString());
        await next(context);
    }
}
