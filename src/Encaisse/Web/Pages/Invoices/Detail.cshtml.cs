using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Encaisse.Web.Pages.Invoices;

/// <summary>One invoice: amounts, settlements, terms and their legal cap, missing mentions, the legal claim today. Read-only.</summary>
public sealed class DetailModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public InvoiceSheet Sheet { get; private set; } = null!;
    public Tenant Tenant => tenant.Required;
    public DateOnly Today => BusinessCalendar.Today(clock, Tenant.TimeZone);

    /// <summary>The e-invoice lifecycle statuses received and produced for this invoice (empty when it is not an e-invoice).</summary>
    public IReadOnlyList<Encaisse.EInvoicing.StatusView> Statuses { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var sheet = await InvoiceSheet.LoadAsync(db, Tenant, Id, Today, ct);
        if (sheet is null)
        {
            return NotFound();
        }

        Sheet = sheet;
        Statuses = await Encaisse.EInvoicing.EInvoiceStatuses.ListAsync(db, null, null, ct, Id);
        return Page();
    }

    public static long Minor(decimal amount, string currency) => Currencies.ToMinor(amount, currency);
}
