using Encaisse.Ledger;
using Encaisse.Risk.Factoring;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.BackOffice;
using Encaisse.Web.Settings;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Invoices;

/// <summary>One invoice: amounts, settlements, terms and their legal cap, missing mentions, the legal claim today. Read-only.</summary>
public sealed class DetailModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, Ui ui) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public InvoiceSheet Sheet { get; private set; } = null!;
    public Tenant Tenant => tenant.Required;
    public DateOnly Today => BusinessCalendar.Today(clock, Tenant.TimeZone);

    /// <summary>The e-invoice lifecycle statuses received and produced for this invoice (empty when it is not an e-invoice).</summary>
    public IReadOnlyList<Encaisse.EInvoicing.StatusView> Statuses { get; private set; } = [];

    /// <summary>The invoice was created with its lines: its Factur-X can be downloaded.</summary>
    public bool HasLines { get; private set; }

    /// <summary>The invoice's sale to a factor, when it is sold (factoring card, with the button that takes it back).</summary>
    public AssignedInvoice? Assignment { get; private set; }

    /// <summary>Credit managers and administrators may take an invoice back from its factor (as on the factoring page).</summary>
    public bool MayUnassign => SettingsAccess.CanEditDunning(User);

    /// <summary>The outcome of the last un-assignment: a notice, or the refusal in the reader's language.</summary>
    [TempData] public string? FactoringNotice { get; set; }
    [TempData] public string? FactoringProblem { get; set; }

    /// <summary>
    /// Takes the invoice back from its factor through <see cref="FactoringOperations.UnassignAsync"/> (the CLI's and the API's
    /// operation); after a bordereau only with the factor's repurchase reference.
    /// </summary>
    public async Task<IActionResult> OnPostUnassignAsync(string? repurchaseReference, CancellationToken ct)
    {
        if (!MayUnassign)
        {
            return SettingsPageModel.Denied(HttpContext);
        }

        var number = await db.Invoices.AsNoTracking().Where(i => i.Id == Id).Select(i => i.Number).FirstOrDefaultAsync(ct);
        if (number is null)
        {
            return NotFound();
        }

        var result = await FactoringOperations.UnassignAsync(db, [number], repurchaseReference, UserClaims.LoginOf(User) ?? "user", clock, Today, ct);
        if (result.IsOk)
        {
            FactoringNotice = result.Value.Repurchased.Count > 0 ? "repurchased" : "unassigned";
        }
        else
        {
            FactoringProblem = ui.Problem(result.Error!);
        }

        return RedirectToPage(new { Id });
    }

    /// <summary>Why the Factur-X could not be issued (in the reader's language), after a download attempt.</summary>
    [TempData] public string? FacturXProblem { get; set; }

    /// <summary>Downloads the Factur-X PDF (issued on the first download through the one issuing operation).</summary>
    public async Task<IActionResult> OnGetFacturXAsync(CancellationToken ct)
    {
        var number = await db.Invoices.AsNoTracking().Where(i => i.Id == Id).Select(i => i.Number).FirstOrDefaultAsync(ct);
        if (number is null)
        {
            return NotFound();
        }

        var issued = await Encaisse.EInvoicing.FacturXIssue.IssueAsync(db, Tenant, number, "web:" + (User.Identity?.Name ?? "user"), clock, ct,
            mayIssue: !User.IsInRole(nameof(Encaisse.Web.Users.UserRole.ReadOnly)));
        if (issued.IsOk)
        {
            return File(issued.Value.Pdf, "application/pdf", issued.Value.FileName);
        }

        FacturXProblem = ui.Problem(issued.Error!);
        return RedirectToPage(new { Id });
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // About twenty small reads: one connection for all of them rather than one from the pool (and its reset) per query (ADR 1570).
        await db.Database.OpenConnectionAsync(ct);
        var sheet = await InvoiceSheet.LoadAsync(db, Tenant, Id, Today, ct);
        if (sheet is null)
        {
            return NotFound();
        }

        Sheet = sheet;
        Statuses = await Encaisse.EInvoicing.EInvoiceStatuses.ListAsync(db, null, null, ct, Id);
        HasLines = await db.Set<InvoiceLineItem>().AsNoTracking().AnyAsync(l => l.InvoiceId == Id, ct);
        Assignment = await FactoringOperations.AssignmentOfAsync(db, Id, ct);
        return Page();
    }

    public static long Minor(decimal amount, string currency) => Currencies.ToMinor(amount, currency);
}
