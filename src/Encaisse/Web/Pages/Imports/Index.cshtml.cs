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
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, ImportRuns runs, TimeProvider clock, BackOffice.Ui ui, DatabaseFactory database) : PageModel
{
    /// <summary>Who may import: administrators and credit managers.</summary>
    public const string Roles = nameof(UserRole.Administrator) + "," + nameof(UserRole.CreditManager);
    public const long MaxUpload = 2L * 1024 * 1024 * 1024;

    public IReadOnlyList<ImportRun> History { get; private set; } = [];
    public string? Error { get; private set; }
    public ImportKind Kind { get; private set; } = ImportKind.Invoices;
    public bool SkipInvalid { get; private set; }
    public string TimeZone => tenant.Required.TimeZone;

    /// <summary>What the bank statement just uploaded did (null when none was).</summary>
    public Encaisse.Payments.ImportSummary? Statement { get; private set; }

    /// <summary>Why the bank statement was refused, in the reader's language.</summary>
    public string? StatementError { get; private set; }

    /// <summary>What the e-invoices just uploaded did (null when none were).</summary>
    public Encaisse.EInvoicing.EInvoiceImportReport? EInvoices { get; private set; }

    /// <summary>Why nothing was uploaded, in the reader's language.</summary>
    public string? EInvoiceError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => History = await ImportRuns.HistoryAsync(db, ct);

    /// <summary>E-invoices (CII, UBL, Factur-X PDF) through the same operation as <c>import einvoice</c> and the API.</summary>
    public async Task<IActionResult> OnPostEInvoicesAsync(List<IFormFile>? einvoices, CancellationToken ct)
    {
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var file in (einvoices ?? []).Where(f => f.Length > 0))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            files.Add((Path.GetFileName(file.FileName), buffer.ToArray()));
        }

        if (files.Count == 0)
        {
            EInvoiceError = ui.Problem(Encaisse.Operations.OperationError.Invalid("einvoice.noFile"));
        }
        else
        {
            EInvoices = await Encaisse.EInvoicing.EInvoiceImport.RunAsync(database, tenant.Required, files, UserClaims.LoginOf(User) ?? "?", clock, ct);
        }

        History = await ImportRuns.HistoryAsync(db, ct);
        return Page();
    }

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

    /// <summary>A bank statement (CAMT.053, CFONB 120, MT940, OFX) through the same operation as <c>bank import</c>: stored, sure matches applied, the rest queued.</summary>
    public async Task<IActionResult> OnPostStatementAsync(IFormFile? statement, bool strict, CancellationToken ct)
    {
        if (statement is null || statement.Length == 0)
        {
            StatementError = ui.Problem(Encaisse.Operations.OperationError.Invalid("bank.noFile"));
        }
        else
        {
            await using var content = statement.OpenReadStream();
            var result = await Encaisse.Payments.StatementImport.ImportFileAsync(db, content, statement.FileName, null, strict, clock, ct);
            Statement = result.IsOk ? result.Value : null;
            StatementError = result.IsOk ? null : ui.Problem(result.Error!);
        }

        History = await ImportRuns.HistoryAsync(db, ct);
        return Page();
    }
}
