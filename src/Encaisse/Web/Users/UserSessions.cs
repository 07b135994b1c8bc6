using System.Security.Claims;
using Encaisse.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Users;

/// <summary>
/// Checks a back-office session against the stored user on every request (one lookup by the unique login index):
/// a disabled user, a session opened with a password since reset, or one signed out since (security stamp), is signed out at once, and a role changed on the users page applies at once (the cookie's role
/// claim would otherwise keep the old rights for up to 10 hours).
/// </summary>
public static class UserSessions
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var login = context.Principal is { } principal ? UserClaims.LoginOf(principal) : null;
        if (login is null)
        {
            context.RejectPrincipal();
            return;
        }

        await using var db = context.HttpContext.RequestServices.GetRequiredService<DatabaseFactory>().Create();
        // The user's tenant comes with the same read: the back office needs it next (BackOfficeSetup), and one query per
        // request instead of two is a measurable share of a small page's cost at 100+ requests a second.
        var user = await (
                from u in db.Set<User>().IgnoreQueryFilters().AsNoTracking()
                where u.Login == login
                join t in db.Tenants.AsNoTracking() on u.TenantId equals t.Id into tenants
                from t in tenants.DefaultIfEmpty()
                select new { u.DisabledAt, u.Role, u.PasswordHash, u.SecurityStamp, Tenant = t })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (user is null || user.DisabledAt is not null
            || context.Principal!.FindFirstValue(UserClaims.PasswordStamp) != UserClaims.StampOf(user.PasswordHash)
            || context.Principal!.FindFirstValue(UserClaims.SecurityStamp) != user.SecurityStamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        BackOffice.BackOfficeSetup.TakeTenantOfUser(context.HttpContext, context.Principal!, user.Tenant);
        var role = user.Role.ToString();
        if (!context.Principal!.IsInRole(role) && context.Principal.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(ClaimTypes.Role).ToList())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(ClaimTypes.Role, role));
            context.ShouldRenew = true;
        }
    }
}
