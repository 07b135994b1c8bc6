using Encaisse.Formats;
using Encaisse.Formats.Runs;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Imports;

/// <summary>Upload a customers, invoices, payments or FEC file; the import runs in the background (see <see cref="DetailModel"/>).</summary>
[Authorize(Roles = Roles)]
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, ImportRuns runs) : PageModel
{
    /// <summary>Who may import: administrators and credit managers.</summary>
    public const string Roles = nameof(UserRole.Administrator) + "," + nameof(UserRole.CreditManager);
    public const long MaxUpload = 2L * 1024 * 1024 * 1024;

    public IReadOnlyList<ImportRun> History { get; private set; } = [];
    public string? Error { get; private set; }
    public ImportKind Kind { get; private set; } = ImportKind.Invoices;
    public bool SkipInvalid { get; private set; }
    public string TimeZone => tenant.Required.TimeZone;

    public async Task OnGetAsync(CancellationToken ct) => History = await ImportRuns.HistoryAsync(db, ct);

    public async Task<IActionResult> OnPostAsync(ImportKind kind, IFormFile? file, bool skipInvalid, CancellationToken ct)
    {
        (Kind, SkipInvalid) = (kind, skipInvalid);
        if (file is null || file.Length == 0 || !Enum.IsDefined(kind))
        {
            Error = "noFile";
            History = await ImportRuns.HistoryAsync(db, ct);
            return Page();
        }

        await using var upload = file.OpenReadStream();
        var run = await runs.StartAsync(tenant.Required, UserClaims.LoginOf(User) ?? "?", kind, file.FileName, upload, skipInvalid, ct);
        return RedirectToPage("Detail", new { id = run.Id });
    }
}
