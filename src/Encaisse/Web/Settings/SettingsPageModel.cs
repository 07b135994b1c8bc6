using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Security.Claims;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Settings;

/// <summary>
/// Who may see and change the settings. Administrators see and change everything; credit managers see every
/// section and change dunning plans and templates; collectors and read-only users get 403 on every settings page.
/// </summary>
public static class SettingsAccess
{
    public static bool CanView(ClaimsPrincipal user) => IsAdmin(user) || user.IsInRole(nameof(UserRole.CreditManager));

    public static bool IsAdmin(ClaimsPrincipal user) => user.IsInRole(nameof(UserRole.Administrator));

    public static bool CanEditDunning(ClaimsPrincipal user) => CanView(user);
}

/// <summary>
/// Base of the settings pages: the role checks run on the server for every handler (a hidden button is not a
/// permission). GET needs <see cref="SettingsAccess.CanView"/>; other methods need <see cref="MayChange"/>
/// unless the handler only reads (a preview).
/// </summary>
public abstract class SettingsPageModel : PageModel
{
    /// <summary>Whether the signed-in user may change this page's settings (administrators by default).</summary>
    public virtual bool MayChange => SettingsAccess.IsAdmin(User);

    /// <summary>POST handlers that change nothing (e.g. Preview) and are open to anyone who may view.</summary>
    protected virtual IReadOnlySet<string> ReadingHandlers { get; } = new HashSet<string>();

    [TempData] public string? Notice { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var reading = HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method) || ReadingHandlers.Contains(context.HandlerMethod?.Name ?? "");
        if (!SettingsAccess.CanView(User) || (!reading && !MayChange))
        {
            context.Result = Denied(HttpContext);
            return;
        }

        await next();
    }

    /// <summary>A 403 page in the user's language (not a redirect to the sign-in page: the person is signed in).</summary>
    public static ContentResult Denied(HttpContext context)
    {
        var ui = context.RequestServices.GetRequiredService<Ui>();
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        var title = encoder.Encode(ui.S("denied.title"));
        var text = encoder.Encode(ui.S("denied.text"));
        var back = encoder.Encode(ui.T("nav.dashboard"));
        return new ContentResult
        {
            StatusCode = StatusCodes.Status403Forbidden,
            ContentType = "text/html; charset=utf-8",
            Content = $"<!DOCTYPE html><html lang=\"{ui.Lang}\"><head><meta charset=\"utf-8\"><title>{title} · Encaisse</title>" +
                      $"<link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main id=\"main\"><h1>{title}</h1><p>{text}</p>" +
                      $"<p><a href=\"/\">{back}</a></p></main></body></html>",
        };
    }
}
