using Encaisse.Storage;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages;

public sealed class LogoutModel(DatabaseFactory database) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    /// <summary>Ends the session on the server too (new security stamp): a copy of the cookie kept elsewhere stops working.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UserClaims.LoginOf(User) is { } login)
        {
            await using var db = database.Create();
            await SignIns.EndSessionsAsync(db, login, ct);
        }

        await HttpContext.SignOutAsync();
        return Redirect("/login");
    }
}
