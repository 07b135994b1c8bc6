using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Reporting;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Invoices;

/// <summary>
/// Invoices with their open amount today: search by number or customer, filters (status, collector, due range, one
/// customer), 50 per page, CSV/XLSX export of the filtered list; where the dashboard's figures and aged-balance
/// buckets lead (<c>?status=overdue</c>, <c>?status=open&amp;dueFrom=…&amp;dueTo=…</c>).
/// </summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Collector { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? DueFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? DueTo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Currency { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Customer { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    /// <summary>The reader asked for the count and total of a selection larger than the page states (ADR 1552).</summary>
    [BindProperty(SupportsGet = true)] public bool Totals { get; set; }

    public InvoicePage Result { get; private set; } = new([], false, []);
    public IReadOnlyList<string> Collectors { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public static IReadOnlyList<InvoiceListStatus> Statuses { get; } = Enum.GetValues<InvoiceListStatus>();

    public InvoiceListStatus StatusFilter => Enum.TryParse<InvoiceListStatus>(Status, true, out var s) ? s : InvoiceListStatus.All;

    private InvoiceQuery Query => new(Search, StatusFilter, string.IsNullOrEmpty(Collector) ? null : Collector, DueFrom, DueTo, Today,
        string.IsNullOrEmpty(Currency) ? null : Currency, Customer, Math.Max(1, PageNumber), Totals: Totals ? InvoiceTotals.Asked : InvoiceTotals.Shown);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        PageNumber = Math.Max(1, PageNumber);
        Result = await InvoiceList.SearchAsync(db, Query, ct);
        (Collectors, _) = await CustomerDirectory.ChoicesAsync(db, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(string? format, CancellationToken ct)
    {
        Today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
        var kind = string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase) ? ExportFormat.Xlsx : ExportFormat.Csv;
        var table = await InvoiceList.ExportAsync(db, Query with { Page = 1 }, ct);
        var output = new MemoryStream();
        await ReportExport.WriteAsync(output, table, kind, ct);
        output.Position = 0;
        return File(output, ReportExport.ContentType(kind), kind == ExportFormat.Xlsx ? "invoices.xlsx" : "invoices.csv");
    }

    /// <summary>The current query string with the page or export replaced.</summary>
    public string Link(int? page = null, string? export = null, bool? totals = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["status"] = StatusFilter == InvoiceListStatus.All ? null : StatusFilter.ToString().ToLowerInvariant(),
            ["collector"] = Collector,
            ["dueFrom"] = DueFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueTo"] = DueTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = Currency,
            ["customer"] = Customer?.ToString(),
            ["totals"] = export is null && (totals ?? Totals) ? "true" : null,
            ["p"] = export is null ? (page ?? PageNumber).ToString(CultureInfo.InvariantCulture) : null,
            ["handler"] = export is null ? null : "Export",
            ["format"] = export,
        };
        return "/invoices" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>The list of the invoices in one aged-balance bucket (a due range, open only, tenant currency).</summary>
    public static string BucketLink(string label, DateOnly today, string currency)
    {
        var (from, to) = InvoiceList.DueRangeOf(label, today);
        var values = new Dictionary<string, string?>
        {
            ["status"] = "open",
            ["dueFrom"] = from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["dueTo"] = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["currency"] = currency,
        };
        return "/invoices" + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public static string T(string language, string key) => Catalogue.Text(language, "page.invoices." + key);
}
