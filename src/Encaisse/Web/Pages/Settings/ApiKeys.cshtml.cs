using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;

namespace Encaisse.Web.Pages.Settings;

/// <summary>The tenant's API keys: create (with an expiry), see their state, revoke (administrators change; credit managers see).</summary>
public sealed class ApiKeysModel(EncaisseDb db, TimeProvider clock, Ui ui) : SettingsPageModel
{
    public IReadOnlyList<ApiKeyInfo> Keys { get; private set; } = [];
    [TempData] public string? Refusal { get; set; }
    /// <summary>A key just made, shown on the next page only.</summary>
    [TempData] public string? NewKey { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await ApiKeys.ListAsync(db, clock.GetUtcNow(), ct);

    public async Task<IActionResult> OnPostCreateAsync(string? name, int days, CancellationToken ct)
    {
        var issued = await ApiKeys.IssueAsync(db, name, days, administrator: false, clock.GetUtcNow(), ct);
        if (issued.IsOk)
        {
            NewKey = issued.Value.Clear;
        }
        else
        {
            Refusal = ui.Problem(issued.Error!);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid keyId, CancellationToken ct)
    {
        var revoked = await ApiKeys.RevokeAsync(db, keyId.ToString(), clock.GetUtcNow(), ct);
        if (!revoked.IsOk)
        {
            Refusal = ui.Problem(revoked.Error!);
        }

        return RedirectToPage();
    }
}
