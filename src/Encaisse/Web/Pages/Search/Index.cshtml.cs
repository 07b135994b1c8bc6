using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Payments;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Search;

/// <summary>
/// Global search (issue 15), from the box in the top bar: customers (reference, name, SIREN), invoices (number, customer)
/// and payments (reference, payer) at once, through the same queries as their lists, the first few of each (and no
/// invoice total) with a link to the whole list filtered. The customers the text names are found once for the
/// invoices and the payments (ADR 1552). One hit in all goes straight to it.
/// </summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    /// <summary>How many of each kind are shown; the list behind "see all" has the rest.</summary>
    public const int PerKind = 8;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }

    public string Query => (Search ?? "").Trim();

    public bool TooShort => Query.Length < 2;

    public CustomerPage Customers { get; private set; } = new([], false);

    public InvoicePage Invoices { get; private set; } = new([], false, []);

    public PaymentPage Payments { get; private set; } = new([], false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (TooShort)
        {
            return Page();
        }

        var t = tenant.Required;
        var today = BusinessCalendar.Today(clock, t.TimeZone);
        Customers = await CustomerDirectory.SearchAsync(db, t.Id, t.Currency, today, new CustomerQuery(Query, PageSize: PerKind), ct);
        var named = await CustomerSearch.FindAsync(db, Query, ct);
        Invoices = await InvoiceList.SearchAsync(db, new InvoiceQuery(Query, InvoiceListStatus.All, null, null, null, today, PageSize: PerKind, Totals: InvoiceTotals.None), named, ct);
        Payments = await PaymentList.SearchAsync(db, new PaymentQuery(Query, null, null, false, PageSize: PerKind), named, ct);
        var hits = Customers.Lines.Select(c => $"/customers/{c.Id}")
            .Concat(Invoices.Lines.Select(i => $"/invoices/{i.Id}"))
            .Concat(Payments.Lines.Where(p => p.CustomerId is not null).Select(p => $"/customers/{p.CustomerId}"))
            .ToList();
        var total = Customers.Lines.Count + Invoices.Lines.Count + Payments.Lines.Count;
        return total == 1 && hits.Count == 1 ? Redirect(hits[0]) : Page();
    }

    public static string T(string language, string key) => Catalogue.Text(language, "page.search." + key);
}
