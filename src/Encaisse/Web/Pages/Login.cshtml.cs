using System.Security.Claims;
using Encaisse.Storage;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages;

public sealed class LoginModel(DatabaseFactory database, TimeProvider clock, Ui ui) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Login { get; set; }

    public bool Failed { get; private set; }

    /// <summary>Why the sign-in failed (wrong login or password, or locked for a while), in the page's language.</summary>
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string login, string password, CancellationToken ct)
    {
        Login = login;
        await using var db = database.Create();
        var attempt = await SignIns.AttemptAsync(db, login, password, HttpContext.Connection.RemoteIpAddress?.ToString(), clock.GetUtcNow(),
            SignInPolicy.Default, ct);
        if (!attempt.IsOk)
        {
            Failed = true;
            Error = ui.Problem(attempt.Error!);
            return Page();
        }

        var user = attempt.Value;
        var identity = new ClaimsIdentity(
        [
            new Claim(UserClaims.Login, user.Login),
            new Claim(ClaimTypes.Name, user.DisplayName),
            new Claim(ClaimTypes.Role, user.Role.ToString()),
            new Claim(UserClaims.Tenant, user.TenantId.ToString()),
            new Claim(UserClaims.Language, user.Language),
            new Claim(UserClaims.PasswordStamp, UserClaims.StampOf(user.PasswordHash)),
            new Claim(UserClaims.SecurityStamp, user.SecurityStamp),
        ], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(new ClaimsPrincipal(identity), new AuthenticationProperties { IssuedUtc = clock.GetUtcNow() });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
