using System.Security.Claims;
using Encaisse.Storage;
using Encaisse.Web.Settings;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>Back-office users of the tenant: add, change role, disable, reset password (administrators only).</summary>
public sealed class UsersModel(EncaisseDb db, TimeProvider clock) : SettingsPageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];
    [TempData] public string? Refusal { get; set; }
    /// <summary>A generated password, shown on the next page only (TempData is read once).</summary>
    [TempData] public string? NewPassword { get; set; }
    [TempData] public string? NewPasswordFor { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        Users = await db.Set<User>().AsNoTracking().OrderBy(u => u.DisabledAt != null).ThenBy(u => u.Login).ToListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string login, string? displayName, UserRole role, string? language, CancellationToken ct)
    {
        var (refusal, password) = await UserAdministration.AddAsync(db, login ?? "", displayName, role, language ?? "fr", clock.GetUtcNow(), ct);
        return Done(refusal, password, login?.Trim());
    }

    public async Task<IActionResult> OnPostRoleAsync(Guid userId, UserRole role, CancellationToken ct) =>
        Done(await UserAdministration.ChangeRoleAsync(db, userId, role, ct));

    public async Task<IActionResult> OnPostDisableAsync(Guid userId, bool disabled, CancellationToken ct) =>
        Done(await UserAdministration.SetDisabledAsync(db, userId, disabled, clock.GetUtcNow(), ct));

    public async Task<IActionResult> OnPostResetAsync(Guid userId, CancellationToken ct)
    {
        var (refusal, password) = await UserAdministration.ResetPasswordAsync(db, userId, ct);
        var user = await db.Set<User>().AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Login, u.PasswordHash }).FirstOrDefaultAsync(ct);
        if (refusal == UserRefusal.None && user is not null && user.Login == UserClaims.LoginOf(User) && User.Identity is ClaimsIdentity identity)
        {
            // A reset ends the sessions opened with the old password; the administrator resetting their own keeps
            // this one (re-issued with the new stamp), or they could not read the new password shown next.
            identity.RemoveClaim(identity.FindFirst(UserClaims.PasswordStamp));
            identity.AddClaim(new Claim(UserClaims.PasswordStamp, UserClaims.StampOf(user.PasswordHash)));
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, User);
        }

        return Done(refusal, password, user?.Login);
    }

    private RedirectToPageResult Done(UserRefusal refusal, string? password = null, string? login = null)
    {
        if (refusal != UserRefusal.None)
        {
            Refusal = refusal.ToString();
        }
        else
        {
            Notice = "saved";
            NewPassword = password;
            NewPasswordFor = password is null ? null : login;
        }

        return RedirectToPage();
    }
}
