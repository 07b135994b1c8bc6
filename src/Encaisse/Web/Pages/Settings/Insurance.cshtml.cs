using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Risk;
using Encaisse.Risk.Insurance;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;

namespace Encaisse.Web.Pages.Settings;

/// <summary>The tenant's credit-insurance policy (<see cref="InsuranceOperations.SetPolicyAsync"/>, the same operation as the CLI and the API).</summary>
public sealed class InsuranceModel(EncaisseDb db, RequestTenant requestTenant, TimeProvider clock) : SettingsPageModel
{
    public sealed class PolicyForm
    {
        public string? Insurer { get; set; }
        public string? PolicyNumber { get; set; }
        public int? DeclarationDays { get; set; }
        public int? MaxCreditDays { get; set; }
        public string? Indemnity { get; set; }
        public string? DiscretionaryLimit { get; set; }
        public bool KeepDunningAfterClaim { get; set; }
    }

    /// <summary>The policy is the credit manager's business (as dunning plans are): credit managers and administrators change it.</summary>
    public override bool MayChange => SettingsAccess.CanEditDunning(User);

    [BindProperty] public PolicyForm Policy { get; set; } = new();
    public string? Refusal { get; private set; }
    public bool Exists { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await InsuranceOperations.PolicyAsync(db, ct);
        Exists = policy is not null;
        if (policy is not null)
        {
            Policy = new PolicyForm
            {
                Insurer = policy.Insurer, PolicyNumber = policy.PolicyNumber, DeclarationDays = policy.DeclarationDays, MaxCreditDays = policy.MaxCreditDays,
                Indemnity = policy.IndemnityPercent.ToString("0.##", CultureInfo.InvariantCulture),
                DiscretionaryLimit = policy.DiscretionaryLimitMinor is { } d ? Currencies.FromMinor(d, policy.Currency).ToString("0.00", CultureInfo.InvariantCulture) : null,
                KeepDunningAfterClaim = policy.KeepDunningAfterClaim,
            };
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await InsuranceOperations.SetPolicyAsync(db, requestTenant.Required, new PolicyInput(Policy.Insurer, Policy.PolicyNumber ?? "", Policy.DeclarationDays,
            Policy.MaxCreditDays, Number(Policy.Indemnity), string.IsNullOrWhiteSpace(Policy.DiscretionaryLimit) ? 0 : Number(Policy.DiscretionaryLimit) ?? -1, null,
            Policy.KeepDunningAfterClaim), clock, ct);
        if (!result.IsOk)
        {
            Refusal = HttpContext.RequestServices.GetRequiredService<BackOffice.Ui>().Problem(result.Error!);
            Exists = await InsuranceOperations.PolicyAsync(db, ct) is not null;
            return Page();
        }

        Notice = "saved";
        return RedirectToPage();
    }

    private static decimal? Number(string? text) =>
        decimal.TryParse(text?.Replace(',', '.').Replace("%", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Trim(), NumberStyles.Number,
            CultureInfo.InvariantCulture, out var v) ? v : null;
}
