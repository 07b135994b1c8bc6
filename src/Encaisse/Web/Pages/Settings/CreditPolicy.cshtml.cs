using System.Globalization;
using Encaisse.Risk;
using Encaisse.Risk.Onboarding;
using Encaisse.Storage;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;

namespace Encaisse.Web.Pages.Settings;

/// <summary>
/// The tenant's credit policy: deposit, terms and starting limit per risk class and the onboarding thresholds (ADR 1830).
/// Saved by <see cref="RiskPolicies.SaveAsync"/>, the operation of <c>encaisse risk policy set</c> and <c>PUT /api/v1/risk/policy</c>;
/// a value that is not a number is refused here before anything is saved, every other check is the operation's.
/// </summary>
public sealed class CreditPolicyModel(EncaisseDb db, TimeProvider clock) : SettingsPageModel
{
    /// <summary>The policy is the credit manager's business (as the insurance policy is): credit managers and administrators change it.</summary>
    public override bool MayChange => SettingsAccess.CanEditDunning(User);

    /// <summary>The typed values, by field name as the API names them (<c>classes.D.depositPercent</c>, <c>youngCompanyMonths</c>).</summary>
    [BindProperty] public Dictionary<string, string?> Values { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The refusal of each field, as catalogue codes (<c>error.{code}</c>).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public static IEnumerable<string> ClassFields(string riskClass) =>
        [$"classes.{riskClass}.depositPercent", $"classes.{riskClass}.termsDays", $"classes.{riskClass}.startingLimit"];

    public static readonly string[] Thresholds = ["youngCompanyMonths", "establishedCompanyMonths", "recentProcedureMonths"];

    public string? Value(string field) => Values.GetValueOrDefault(field);

    public async Task OnGetAsync(CancellationToken ct) => Fill(await RiskPolicies.LoadAsync(db, ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var current = await RiskPolicies.LoadAsync(db, ct);
        var classes = new Dictionary<string, ClassTerms>(StringComparer.Ordinal);
        foreach (var name in CreditPolicy.ClassNames)
        {
            var was = current.For(name);
            classes[name] = new ClassTerms(
                Int($"classes.{name}.depositPercent", was.DepositPercent, code: "risk.policy.percent"),
                Int($"classes.{name}.termsDays", was.TermsDays, code: "risk.policy.days"),
                Amount($"classes.{name}.startingLimit", was.StartingLimit));
        }

        var policy = current with
        {
            Classes = classes,
            YoungCompanyMonths = Int("youngCompanyMonths", current.YoungCompanyMonths, code: "risk.policy.months"),
            EstablishedCompanyMonths = Int("establishedCompanyMonths", current.EstablishedCompanyMonths, code: "risk.policy.months"),
            RecentProcedureMonths = Int("recentProcedureMonths", current.RecentProcedureMonths, code: "risk.policy.months"),
        };
        if (Errors.Count > 0)
        {
            return Page();
        }

        var result = await RiskPolicies.SaveAsync(db, policy, clock.GetUtcNow(), ct);
        if (!result.IsOk)
        {
            if (result.Error!.Data.GetValueOrDefault("codes") is IReadOnlyDictionary<string, string> codes)
            {
                foreach (var (field, code) in codes)
                {
                    Errors[field] = code;
                }
            }

            if (Errors.Count == 0)
            {
                Errors[""] = result.Error.Code;
            }

            return Page();
        }

        Notice = "saved";
        return RedirectToPage();
    }

    private void Fill(CreditPolicy policy)
    {
        foreach (var name in CreditPolicy.ClassNames)
        {
            var t = policy.For(name);
            Values[$"classes.{name}.depositPercent"] = t.DepositPercent.ToString(CultureInfo.InvariantCulture);
            Values[$"classes.{name}.termsDays"] = t.TermsDays.ToString(CultureInfo.InvariantCulture);
            Values[$"classes.{name}.startingLimit"] = t.StartingLimit.ToString("0.##", CultureInfo.InvariantCulture);
        }

        Values["youngCompanyMonths"] = policy.YoungCompanyMonths.ToString(CultureInfo.InvariantCulture);
        Values["establishedCompanyMonths"] = policy.EstablishedCompanyMonths.ToString(CultureInfo.InvariantCulture);
        Values["recentProcedureMonths"] = policy.RecentProcedureMonths.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An empty field or text that is not a whole number is refused with the field's own reason.</summary>
    private int Int(string field, int current, string code)
    {
        var text = Values.GetValueOrDefault(field)?.Replace("%", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Trim();
        if (!string.IsNullOrEmpty(text) && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Errors[field] = code;
        return current;
    }

    private decimal Amount(string field, decimal current)
    {
        var text = Values.GetValueOrDefault(field)?.Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal).Replace("\u202f", "", StringComparison.Ordinal)
            .Replace("€", "", StringComparison.Ordinal).Replace(',', '.').Trim();
        if (!string.IsNullOrEmpty(text) && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && decimal.Round(value, 2) == value)
        {
            return value;
        }

        Errors[field] = "risk.policy.amount";
        return current;
    }
}
