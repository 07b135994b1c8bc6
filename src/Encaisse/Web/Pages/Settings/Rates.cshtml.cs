using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>
/// The ECB and legal rate tables (global data: embedded file + overrides), adding a half-year (administrators), and the
/// tenant's penalty policy with the 3 × legal-rate floor of a contractual rate (<see cref="LegalLedger.SavePolicyAsync"/>).
/// </summary>
public sealed class RatesModel(EncaisseDb db, RequestTenant requestTenant, TimeProvider clock) : SettingsPageModel
{
    public IReadOnlyList<ReferenceRate> Rates { get; private set; } = [];
    public ReferenceRate? Current { get; private set; }
    public HalfYear NextMissing { get; private set; }
    [BindProperty] public PolicyForm Policy { get; set; } = new();
    [TempData] public string? Refusal { get; set; }
    public string? PolicyRefusal { get; private set; }
    public string? RateRefusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadRatesAsync(ct);
        var policy = await LegalLedger.PolicyAsync(db, requestTenant.Required, null, ct);
        Policy = new PolicyForm
        {
            ContractualRate = policy.ContractualRate?.ToString("0.###", CultureInfo.InvariantCulture), Policy = policy.Policy, Basis = policy.Basis,
            BaseIncludesTax = policy.BaseIncludesTax, NoticeDays = policy.NoticeDays,
        };
    }

    public async Task<IActionResult> OnPostPolicyAsync(CancellationToken ct)
    {
        decimal? rate = null;
        if (!string.IsNullOrWhiteSpace(Policy.ContractualRate))
        {
            if (!decimal.TryParse(Policy.ContractualRate.Replace(',', '.').Replace("%", "", StringComparison.Ordinal).Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var r))
            {
                PolicyRefusal = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Problem(OperationError.InvalidField("contractualRate", Policy.ContractualRate, PenaltyErrors.RateNotNumber, ("value", Policy.ContractualRate)));
                await LoadRatesAsync(ct);
                return Page();
            }

            rate = r;
        }

        var tenant = requestTenant.Required;
        var terms = new PenaltyTerms { ContractualRate = rate, Policy = Policy.Policy, Basis = Policy.Basis, BaseIncludesTax = Policy.BaseIncludesTax };
        var saved = await LegalLedger.SavePolicyAsync(db, tenant, null, terms, Policy.NoticeDays, BusinessCalendar.Today(clock, tenant.TimeZone), clock.GetUtcNow(), ct);
        if (!saved.IsOk)
        {
            PolicyRefusal = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Problem(saved.Error!);
            await LoadRatesAsync(ct);
            return Page();
        }

        Notice = "saved";
        return RedirectToPage();
    }

    /// <summary>
    /// Refused: the rate table is shared by every tenant of the installation, so no tenant's user may change it
    /// (ADR 0411: only the operator, with <c>encaisse rates set</c> or an administrator API key).
    /// </summary>
    public IActionResult OnPostRate() => StatusCode(StatusCodes.Status403Forbidden);

    private static decimal? Percent(string? text) =>
        decimal.TryParse(text?.Replace(',', '.').Replace("%", "", StringComparison.Ordinal).Trim(), NumberStyles.Number | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private async Task LoadRatesAsync(CancellationToken ct)
    {
        var table = await ReferenceRateStore.LoadAsync(db, ct);
        Rates = table.All.OrderByDescending(r => r.HalfYear).ToList();
        var today = BusinessCalendar.Today(clock, requestTenant.Required.TimeZone);
        Current = Rates.FirstOrDefault(r => r.HalfYear <= HalfYear.Of(today));
        NextMissing = Rates.Count == 0 ? HalfYear.Of(today) : Rates[0].HalfYear.Next;
    }

    /// <summary>A percentage as the page shows it (2,15 % in French).</summary>
    public string Pct(decimal value) => value.ToString("0.00", BackOfficeCulture) + " %";

    private CultureInfo BackOfficeCulture => HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Culture;
}

public sealed class PolicyForm
{
    public string? ContractualRate { get; set; }
    public HalfYearRatePolicy Policy { get; set; }
    public DayCountBasis Basis { get; set; }
    public bool BaseIncludesTax { get; set; } = true;
    public int NoticeDays { get; set; } = 8;
}
