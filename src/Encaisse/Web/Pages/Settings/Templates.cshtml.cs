using Encaisse.Dunning;
using Encaisse.Dunning.Templates;
using Encaisse.Storage;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>The templates: built-in keys in both languages, customised or not, plus the tenant's own keys.</summary>
public sealed class TemplatesModel(EncaisseDb db) : SettingsPageModel
{
    public sealed record Line(string Key, string Language, bool Customised, string Subject, DateTimeOffset? UpdatedAt);

    public override bool MayChange => SettingsAccess.CanEditDunning(User);
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var own = await db.Set<DunningTemplate>().AsNoTracking().ToListAsync(ct);
        Lines = DefaultTemplates.Keys.Select(k =>
            {
                var o = own.FirstOrDefault(t => t.Key == k.Key && t.Language == k.Language);
                return new Line(k.Key, k.Language, o is not null, o?.Subject ?? DefaultTemplates.For(k.Key, k.Language).Subject, o?.UpdatedAt);
            })
            .Concat(own.Where(o => !DefaultTemplates.Exists(o.Key)).Select(o => new Line(o.Key, o.Language, true, o.Subject, o.UpdatedAt)))
            .OrderBy(l => l.Key, StringComparer.Ordinal).ThenBy(l => l.Language, StringComparer.Ordinal).ToList();
    }

    /// <summary>Opens the editor on a new key (nothing is stored until it is saved).</summary>
    public IActionResult OnGetNew(string? key, string? lang) =>
        string.IsNullOrWhiteSpace(key) || TemplateStore.Check(key.Trim(), lang == "en" ? "en" : "fr", "", "x").ContainsKey("key")
            ? RedirectToPage()
            : Redirect($"/settings/templates/{Uri.EscapeDataString(key.Trim())}/{(lang == "en" ? "en" : "fr")}");
}
