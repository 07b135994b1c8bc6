using Encaisse.Web.Portal;
using System.Reflection;
using Encaisse.Portal;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.BackOffice;

/// <summary>Wires the server-rendered back office and portal: Razor Pages, cookie sign-in, roles, language, assets.</summary>
internal static class BackOfficeSetup
{
    public static void AddBackOffice(this IServiceCollection services)
    {
        services.AddScoped<Ui>();
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToFolder("/Portal");
        }).AddApplicationPart(typeof(BackOfficeSetup).Assembly);
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/login";
            o.Cookie.Name = "encaisse-auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = UserSessions.ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(UserClaims.CanAct, p => p.RequireRole(nameof(UserRole.Administrator), nameof(UserRole.CreditManager), nameof(UserRole.Collector)))
            .AddPolicy(UserClaims.Admin, p => p.RequireRole(nameof(UserRole.Administrator)));
        services.AddPortal();
    }

    public static void UseBackOffice(this WebApplication app)
    {
        app.MapGet("/assets/{name}", ServeAsset).AllowAnonymous().ExcludeFromDescription();
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var ui = context.RequestServices.GetRequiredService<Ui>();
            var query = context.Request.Query["lang"].FirstOrDefault();
            ui.Lang = Ui.Resolve(query, context.Request.Cookies[Ui.CookieName], context.User.FindFirst(UserClaims.Language)?.Value);
            if (query is "fr" or "en")
            {
                context.Response.Cookies.Append(Ui.CookieName, query, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            }

            await SetTenantOfUserAsync(context);
            await next(context);
        });
        app.UsePortal();
        app.UseAuthorization();
        app.MapRazorPages();
    }

    /// <summary>The signed-in user's tenant becomes the request's tenant, so the scoped database sees only its rows.</summary>
    /// <remarks>The session check (<see cref="Users.UserSessions"/>) normally hands it over already read; this reads it only when it did not.</remarks>
    private static async Task SetTenantOfUserAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true || !IsBackOffice(context.Request.Path)
            || context.RequestServices.GetRequiredService<RequestTenant>().Tenant is not null
            || !Guid.TryParse(context.User.FindFirst(UserClaims.Tenant)?.Value, out var tenantId))
        {
            return;
        }

        await using var db = context.RequestServices.GetRequiredService<DatabaseFactory>().Create();
        TakeTenantOfUser(context, context.User, await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == tenantId, context.RequestAborted));
    }

    /// <summary>
    /// Makes <paramref name="tenant"/> (read with the signed-in user) the request's tenant, with the user as the actor, on
    /// back-office paths only (the API and the portal have their own), and only when it is the tenant the session was opened for.
    /// </summary>
    internal static void TakeTenantOfUser(HttpContext context, System.Security.Claims.ClaimsPrincipal user, Ledger.Tenant? tenant)
    {
        var requestTenant = context.RequestServices.GetRequiredService<RequestTenant>();
        if (!IsBackOffice(context.Request.Path) || requestTenant.Tenant is not null
            || !Guid.TryParse(user.FindFirst(UserClaims.Tenant)?.Value, out var tenantId) || tenant?.Id != tenantId)
        {
            return;
        }

        requestTenant.Tenant = tenant;
        requestTenant.Actor = new Audit.AuditActor(Audit.AuditActor.User, UserClaims.LoginOf(user) ?? "user", context.Connection.RemoteIpAddress?.ToString());
    }

    private static bool IsBackOffice(PathString path) => !path.StartsWithSegments("/api/v1") && !path.StartsWithSegments("/p");

    private static IResult ServeAsset(string name)
    {
        var contentType = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        var stream = contentType is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("Encaisse.Web.Assets." + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}
