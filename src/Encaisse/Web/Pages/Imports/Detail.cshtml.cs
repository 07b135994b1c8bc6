using Encaisse.Cli;
using Encaisse.Formats;
using Encaisse.Formats.Runs;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Imports;

/// <summary>
/// One import: its progress while it runs (the page polls <c>?handler=status</c>), then the report with the
/// errors (line, column, value, reason) and a CSV of them (<c>?handler=errors</c>).
/// </summary>
[Authorize(Roles = IndexModel.Roles)]
public sealed class DetailModel(EncaisseDb db, RequestTenant tenant, ImportRuns runs, Ui ui) : PageModel
{
    public ImportRun Run { get; private set; } = null!;
    public ImportReport? Report { get; private set; }
    public ImportRunState State { get; private set; } = null!;
    /// <summary>True while the import runs on this server (live progress); false when another server runs it.</summary>
    public bool Live { get; private set; }
    public string TimeZone => tenant.Required.TimeZone;

    public static string Badge(ImportRunStatus status) => status switch
    {
        ImportRunStatus.Written => "ok",
        ImportRunStatus.Running => "info",
        _ => "bad",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var run = await db.Set<ImportRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return NotFound();
        }

        Run = run;
        Report = ImportRuns.ReportOf(run);
        State = (await runs.StateAsync(db, id, ct))!;
        Live = runs.Completion(id) is not null;
        return Page();
    }

    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken ct)
    {
        var state = await runs.StateAsync(db, id, ct);
        return state is null ? NotFound() : new JsonResult(state, Encaisse.Operations.JsonShape.Options);
    }

    public async Task<IActionResult> OnGetErrorsAsync(Guid id, CancellationToken ct)
    {
        var run = await db.Set<ImportRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (run is null || ImportRuns.ReportOf(run) is not { } report)
        {
            return NotFound();
        }

        return File(ImportErrorsCsv.Write(report, ui.IsFrench), "text/csv; charset=utf-8", ImportErrorsCsv.FileNameFor(run.FileName, ui.IsFrench));
    }
}
