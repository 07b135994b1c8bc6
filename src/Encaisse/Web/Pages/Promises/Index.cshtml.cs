using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Localization;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Promises;

/// <summary>Promises to pay (pending by default): promised date, customer, amount, status, channel, who recorded it; filters and CSV/XLSX export. Read only: promises are recorded from the customer page, the portal or the API.</summary>
public sealed class IndexModel(EncaisseDb db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Collector { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CollectionPage<PromiseLine> Result { get; private set; } = new([], false);
    public IReadOnlyList<string> Collectors { get; private set; } = [];

    public static IReadOnlyList<string> Statuses { get; } = [.. Enum.GetNames<PromiseStatus>().Select(s => s.ToLowerInvariant()), "all"];

    public string StatusFilter => string.IsNullOrEmpty(Status) ? "pending" : Status.ToLowerInvariant();

    private PromiseQuery Query => new(Search, StatusFilter, From, To, string.IsNullOrEmpty(Collector) ? null : Collector, Math.Max(1, PageNumber));

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Result = await CollectionLists.PromisesAsync(db, Query, ct);
        (Collectors, _) = await CustomerDirectory.ChoicesAsync(db, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        var output = new MemoryStream();
        await ReportExport.WriteAsync(output, await CollectionLists.ExportPromisesAsync(db, Query with { Page = 1 }, ct), kind, ct);
        output.Position = 0;
        return File(output, ReportExport.ContentType(kind), kind == ExportFormat.Xlsx ? "promises.xlsx" : "promises.csv");
    }

    public string Link(int? page = null, string? export = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["status"] = StatusFilter == "pending" ? null : StatusFilter,
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["collector"] = Collector,
            ["p"] = export is null ? (page ?? PageNumber).ToString(CultureInfo.InvariantCulture) : null,
            ["handler"] = export is null ? null : "Export",
            ["format"] = export,
        };
        return "/promises" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public static string T(string language, string key) => Catalogue.Text(language, "page.promises." + key);
}
