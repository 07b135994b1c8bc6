using Encaisse.Dunning.Templates;
using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>
/// The template editor: subject and body in Liquid, a live preview with a real customer's data (POST ?handler=Preview,
/// JSON, stores nothing), save (refused with the parser's reason when the syntax is wrong) and back to the built-in one.
/// </summary>
public sealed class TemplateModel(EncaisseDb db, RequestTenant requestTenant, TimeProvider clock) : SettingsPageModel
{
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Lang { get; set; } = "fr";
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty(SupportsGet = true)] public string? Customer { get; set; }
    public bool Customised { get; private set; }
    public bool BuiltIn => DefaultTemplates.Exists(Key);
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public IReadOnlyList<(string Ref, string Name)> Customers { get; private set; } = [];

    public override bool MayChange => SettingsAccess.CanEditDunning(User);
    protected override IReadOnlySet<string> ReadingHandlers { get; } = new HashSet<string> { "Preview" };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Valid())
        {
            return NotFound();
        }

        var found = await TemplateStore.FindAsync(db, Key, Lang, ct);
        (Subject, Body, Customised) = found ?? ("", "", false);
        await LoadCustomersAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Valid())
        {
            return NotFound();
        }

        Errors = await TemplateStore.SaveAsync(db, Key, Lang, Subject, Body, clock.GetUtcNow(), ct);
        if (Errors.Count > 0)
        {
            Customised = await db.Set<Dunning.DunningTemplate>().AnyAsync(t => t.Key == Key && t.Language == Lang, ct);
            await LoadCustomersAsync(ct);
            return Page();
        }

        Notice = "saved";
        return Redirect($"/settings/templates/{Uri.EscapeDataString(Key)}/{Lang}{(string.IsNullOrWhiteSpace(Customer) ? "" : "?customer=" + Uri.EscapeDataString(Customer))}");
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        if (!Valid())
        {
            return NotFound();
        }

        await TemplateStore.ResetAsync(db, Key, Lang, ct);
        Notice = "reset";
        return Redirect($"/settings/templates/{Uri.EscapeDataString(Key)}/{Lang}");
    }

    /// <summary>The live preview: JSON for the page's script.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var tenant = requestTenant.Required;
        var result = await TemplatePreview.RenderAsync(db, tenant, Key, Customer, Subject, Body, BusinessCalendar.Today(clock, tenant.TimeZone), clock, ct);
        return new JsonResult(result);
    }

    private bool Valid() => Lang is "fr" or "en" && !TemplateStore.Check(Key, Lang, "", "x").ContainsKey("key");

    private async Task LoadCustomersAsync(CancellationToken ct)
    {
        // A short list for the picker (any reference can be typed): customers with the oldest open invoices first.
        var withInvoices = await db.Invoices.AsNoTracking().OrderBy(i => i.DueDate).Select(i => i.CustomerId).Take(200).ToListAsync(ct);
        var ids = withInvoices.Distinct().Take(30).ToList();
        var rows = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.ExternalRef, c.LegalName }).ToListAsync(ct);
        Customers = ids.Select(id => rows.FirstOrDefault(r => r.Id == id)).Where(r => r is not null).Select(r => (r!.ExternalRef, r.LegalName)).ToList();
        Customer ??= Customers.FirstOrDefault().Ref;
    }
}
