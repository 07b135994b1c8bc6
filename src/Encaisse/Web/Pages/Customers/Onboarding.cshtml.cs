using System.Globalization;
using Encaisse.Risk.Onboarding;
using Encaisse.Risk.Registries;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Customers;

/// <summary>
/// The onboarding card's actions (the card is on the customer page): check the company now, grant a limit and terms (with the
/// override reason a ceased or insolvent company needs). Operations own the writes; this page translates.
/// </summary>
public sealed class OnboardingModel(EncaisseDb db, RequestTenant tenant, TimeProvider clock, RegistryMonitor registries, BackOffice.Ui ui) : PageModel
{
    public const string NoticeKey = "OnbNotice";
    public const string ProblemKey = "OnbProblem";

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public IActionResult OnGet() => Redirect($"/customers/{Id}#onb-h");

    private bool CanAct => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager)) || User.IsInRole(nameof(UserRole.Collector));

    private bool CanGrant => User.IsInRole(nameof(UserRole.Administrator)) || User.IsInRole(nameof(UserRole.CreditManager));

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }

        var reference = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).FirstOrDefaultAsync(ct);
        if (reference is null)
        {
            return NotFound();
        }

        var result = await new OnboardingChecks(db, tenant.Required, clock, registries).CheckNowAsync(reference, "manual", UserClaims.LoginOf(User), ct);
        if (result.IsOk)
        {
            TempData[NoticeKey] = result.Value.Status == CheckOutcome.Done ? "onboarding.page.checked" : "onboarding.pending";
        }
        else
        {
            TempData[ProblemKey] = result.Error!.Message(Lang);
        }

        return Redirect($"/customers/{Id}#onb-h");
    }

    public async Task<IActionResult> OnPostGrantAsync(string? limit, string? terms, string? reason, CancellationToken ct)
    {
        if (!CanGrant)
        {
            return Forbid();
        }

        var reference = await db.Customers.Where(c => c.Id == Id).Select(c => c.ExternalRef).FirstOrDefaultAsync(ct);
        if (reference is null)
        {
            return NotFound();
        }

        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(limit))
        {
            var cleaned = limit.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal).Replace("\u202F", "", StringComparison.Ordinal)
                .Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
            if (!decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                TempData[ProblemKey] = Localization.Catalogue.Text(Lang, "error.customer.creditLimit");
                return Redirect($"/customers/{Id}#onb-h");
            }

            amount = parsed;
        }

        var result = await CreditGrants.GrantAsync(db, tenant.Required, clock, reference,
            new CreditGrant(amount, string.IsNullOrWhiteSpace(terms) ? null : terms.Trim(), reason), ct);
        if (result.IsOk)
        {
            TempData[NoticeKey] = "onboarding.page.granted";
        }
        else
        {
            TempData[ProblemKey] = result.Error!.Message(Lang);
        }

        return Redirect($"/customers/{Id}#onb-h");
    }

    private string Lang => ui.Lang;
}
