using System.Security.Claims;
using Encaisse.Storage;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages;

public sealed class LoginModel(DatabaseFactory database, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Login { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string login, string password, CancellationToken ct)
    {
        Login = login;
        await using var db = database.Create();
        var user = await db.Set<User>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(u => u.Login == login && u.DisabledAt == null, ct);
        if (user is null || !Passwords.Check(user, password ?? ""))
        {
            Failed = true;
            return Page();
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(UserClaims.Login, user.Login),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(UserClaims.Tenant, user.TenantId.ToString()),
            new Claim(UserClaims.Language, user.Language),
            new Claim(UserClaims.PasswordStamp, UserClaims.StampOf(user.PasswordHash)),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { IssuedUtc = clock.GetUtcNow() });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
