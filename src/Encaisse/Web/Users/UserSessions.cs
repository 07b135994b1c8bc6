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
        var user = await db.Set<User>().IgnoreQueryFilters().AsNoTracking().Where(u => u.Login == login)
            .Select(u => new { u.DisabledAt, u.Role, u.PasswordHash, u.SecurityStamp }).SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (user is null || user.DisabledAt is not null
            || context.Principal!.FindFirstValue(UserClaims.PasswordStamp) != UserClaims.StampOf(user.PasswordHash)
            || context.Principal!.FindFirstValue(UserClaims.SecurityStamp) != user.SecurityStamp)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

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
