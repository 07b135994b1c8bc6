using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Localization;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Disputes;

/// <summary>Disputes (active by default): customer, invoices, reason, amount, status, owner; filters and CSV/XLSX export. Read only: disputes are opened and resolved from the customer page.</summary>
public sealed class IndexModel(EncaisseDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DisputeReason? Reason { get; set; }
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CollectionPage<DisputeLine> Result { get; private set; } = new([], false);

    public static IReadOnlyList<string> Statuses { get; } = [CollectionLists.Active, .. Enum.GetNames<DisputeStatus>().Select(s => s.ToLowerInvariant()), "all"];

    public string StatusFilter => string.IsNullOrEmpty(Status) ? CollectionLists.Active : Status.ToLowerInvariant();

    private DisputeQuery Query => new(Search, StatusFilter, Reason, string.IsNullOrEmpty(Owner) ? null : Owner, Math.Max(1, PageNumber));

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Result = await CollectionLists.DisputesAsync(db, Query, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        var output = new MemoryStream();
        await ReportExport.WriteAsync(output, await CollectionLists.ExportDisputesAsync(db, Query with { Page = 1 }, ct), kind, ct);
        output.Position = 0;
        return File(output, ReportExport.ContentType(kind), kind == ExportFormat.Xlsx ? "disputes.xlsx" : "disputes.csv");
    }

    public string Link(int? page = null, string? export = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["status"] = StatusFilter == CollectionLists.Active ? null : StatusFilter,
            ["reason"] = Reason?.ToString(),
            ["owner"] = Owner,
            ["p"] = export is null ? (page ?? PageNumber).ToString(CultureInfo.InvariantCulture) : null,
            ["handler"] = export is null ? null : "Export",
            ["format"] = export,
        };
        return "/disputes" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public static string T(string language, string key) => Catalogue.Text(language, "page.disputes." + key);
}
