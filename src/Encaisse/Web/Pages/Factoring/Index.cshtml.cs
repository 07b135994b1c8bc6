using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Factoring;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;

namespace Encaisse.Web.Pages.Factoring;

/// <summary>
/// Factoring in the back office: factors, invoices sold to them, bordereaux (made and downloaded again), and the payments the
/// seller received for sold invoices, to transfer to the factor. Every action calls the same operation as the CLI and the API.
/// Roles as the settings: administrators and credit managers see and act; other roles get 403.
/// </summary>
public sealed class IndexModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock) : SettingsPageModel
{
    public sealed class FactorForm
    {
        public string? Name { get; set; }
        public string? Iban { get; set; }
        public string? Bic { get; set; }
        public string? Contract { get; set; }
        public FactoringMode Mode { get; set; }
    }

    public override bool MayChange => SettingsAccess.CanEditDunning(User);

    public IReadOnlyList<Factor> Factors { get; private set; } = [];
    public IReadOnlyList<AssignedInvoice> Assigned { get; private set; } = [];
    public IReadOnlyList<RemittanceSummary> Remittances { get; private set; } = [];
    public IReadOnlyList<TransferDue> Transfers { get; private set; } = [];
    [BindProperty] public FactorForm Factor { get; set; } = new();
    /// <summary>Why the last action was refused, in the reader's language.</summary>
    [TempData] public string? Refusal { get; set; }

    private string Actor => UserClaims.LoginOf(User) ?? "user";

    private DateOnly Today => BusinessCalendar.Today(clock, tenant.Required.TimeZone);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Factors = await FactoringOperations.FactorsAsync(db, ct);
        Assigned = await FactoringOperations.AssignedAsync(db, ct, 200);
        Remittances = await FactoringOperations.RemittancesAsync(db, ct);
        Transfers = await FactoringTransfers.DueAsync(db, ct);
    }

    /// <summary>A bordereau's CSV or PDF, rebuilt from what it listed.</summary>
    public async Task<IActionResult> OnGetFileAsync(Guid id, string? format, CancellationToken ct)
    {
        if (await FactoringOperations.RemittanceAsync(db, id, ct) is not { } found)
        {
            return NotFound();
        }

        return format == "csv"
            ? File(await RemittanceDocuments.CsvAsync(found.View, ct), "text/csv", found.View.Reference + ".csv")
            : File(RemittanceDocuments.Pdf(found.View, tenant.Required, found.Factor), "application/pdf", found.View.Reference + ".pdf");
    }

    public async Task<IActionResult> OnPostFactorAsync(CancellationToken ct) =>
        Done(await FactoringOperations.SetFactorAsync(db, new FactorInput(Factor.Name, Factor.Iban, Factor.Bic, Factor.Contract, Factor.Mode), clock, ct), "factorSaved");

    public async Task<IActionResult> OnPostAssignAsync(string? factor, string? invoices, CancellationToken ct)
    {
        var numbers = (invoices ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return Done(await FactoringOperations.AssignAsync(db, factor, numbers, Actor, clock, Today, ct), "assigned");
    }

    public async Task<IActionResult> OnPostRemitAsync(string? factor, CancellationToken ct)
    {
        var result = await FactoringOperations.RemitAsync(db, factor, Actor, clock, Today, ct);
        return result.IsOk && result.Value.Count == 0 ? Back("nothingToRemit") : Done(result, "remitted");
    }

    public async Task<IActionResult> OnPostTransferAsync(string? invoice, string? reference, CancellationToken ct) =>
        Done(await FactoringTransfers.RecordAsync(db, [invoice ?? ""], null, null, reference, Actor, clock, Today, ct), "transferred");

    private IActionResult Done<T>(Encaisse.Operations.Result<T> result, string notice)
    {
        if (!result.IsOk)
        {
            Refusal = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Problem(result.Error!);
            return RedirectToPage();
        }

        return Back(notice);
    }

    private RedirectToPageResult Back(string notice)
    {
        Notice = notice;
        return RedirectToPage();
    }
}
