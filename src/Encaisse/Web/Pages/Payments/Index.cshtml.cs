using Encaisse.Localization;
using Encaisse.Payments;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Payments;

/// <summary>Payments received, what each settled and what stays unapplied; unapplied cash at a glance; CSV/XLSX export of the filtered list.</summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unapplied { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public PaymentPage Result { get; private set; } = new([], false);
    public UnappliedCash? Cash { get; private set; }

    private PaymentQuery Query => new(Search, From, To, Unapplied, Math.Max(1, PageNumber));

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Result = await PaymentList.SearchAsync(db, Query, ct);
        Cash = await PaymentList.UnappliedAsync(db, tenant.Required.Currency, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        var table = await PaymentList.ExportAsync(db, Query with { Page = 1 }, ct);
        var output = new MemoryStream();
        await ReportExport.WriteAsync(output, table, kind, ct);
        output.Position = 0;
        return File(output, ReportExport.ContentType(kind), kind == ExportFormat.Xlsx ? "payments.xlsx" : "payments.csv");
    }

    /// <summary>The current query string with the page or export replaced.</summary>
    public string Link(int? page = null, string? export = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["from"] = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["unapplied"] = Unapplied ? "true" : null,
            ["p"] = export is null ? (page ?? PageNumber).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            ["handler"] = export is null ? null : "Export",
            ["format"] = export,
        };
        return "/payments" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public static string T(string language, string key) => Catalogue.Text(language, "page.payments." + key);
}
