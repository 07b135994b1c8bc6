using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Dunning.Plans;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Encaisse.Web.Settings;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Pages.Settings;

/// <summary>One plan: its assignment (default, kind, segment, risk class) and its steps, checked and saved by <see cref="DunningPlanOperations"/>.</summary>
public sealed class PlanModel(EncaisseDb db, RequestTenant requestTenant, TimeProvider clock, BackOffice.Ui ui) : SettingsPageModel
{
    /// <summary>Blank rows offered under the existing steps to add new ones without script.</summary>
    public const int BlankRows = 2;

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "new";
    [BindProperty] public PlanForm Form { get; set; } = new();
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    /// <summary>Error key of each posted row (steps[i] of the input) by row index on the page.</summary>
    public Dictionary<int, int> InputIndexOfRow { get; } = [];
    public bool IsNew => !Guid.TryParse(Id, out _);
    public override bool MayChange => SettingsAccess.CanEditDunning(User);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (IsNew)
        {
            Form = new PlanForm { Steps = [new StepForm { OffsetDays = "3", Channel = DunningChannel.Email, TemplateKey = "reminder", Tone = DunningTone.Reminder }] };
        }
        else
        {
            var plan = await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).FirstOrDefaultAsync(p => p.Id == Guid.Parse(Id), ct);
            if (plan is null)
            {
                return NotFound();
            }

            Form = PlanForm.Of(plan, requestTenant.Required.Currency);
        }

        Form.Steps.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new StepForm()));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var currency = requestTenant.Required.Currency;
        var steps = new List<StepInput>();
        var rowErrors = new Dictionary<string, string[]>();
        for (var row = 0; row < Form.Steps.Count; row++)
        {
            var s = Form.Steps[row];
            if (s.Remove || s.IsBlank)
            {
                continue;
            }

            if (!int.TryParse(s.OffsetDays, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var offset))
            {
                rowErrors[$"steps[{steps.Count}].offsetDays"] = ["number"];
            }

            decimal? minimum = null;
            if (!string.IsNullOrWhiteSpace(s.MinOverdueAmount))
            {
                if (decimal.TryParse(s.MinOverdueAmount.Replace(" ", "", StringComparison.Ordinal).Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var m))
                {
                    minimum = m;
                }
                else
                {
                    rowErrors[$"steps[{steps.Count}]"] = ["amount"];
                }
            }

            InputIndexOfRow[row] = steps.Count;
            steps.Add(new StepInput(offset, s.Channel, s.TemplateKey?.Trim() ?? "", s.Tone, s.NeedsApproval, s.OnlyForKind,
                Blank(s.OnlyForSegment), Blank(s.OnlyForRiskClasses)?.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal), minimum, s.MinDaysSinceLastContact));
        }

        var input = new PlanInput(Form.Name ?? "", Form.IsDefault, Form.ForKind, Blank(Form.ForSegment), Blank(Form.ForRiskClass), steps);
        if (rowErrors.Count > 0)
        {
            Errors = rowErrors;
            return Page();
        }

        var result = await DunningPlanOperations.SaveAsync(db, IsNew ? null : Guid.Parse(Id), input, currency, clock.GetUtcNow(), ct);
        if (!result.IsOk)
        {
            var error = result.Error!;
            if (error.Kind == ErrorKind.NotFound)
            {
                return NotFound();
            }

            // Field errors name their field; a name taken by another plan is the name field's problem on this form.
            Errors = error.Fields.Count > 0
                ? error.Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Reason).ToArray())
                : new Dictionary<string, string[]> { [error.Code == "plan.nameTaken" ? "name" : "plan"] = [ui.Problem(error)] };
            return Page();
        }

        Notice = "saved";
        return Redirect($"/settings/plans/{result.Value.Id}");
    }

    /// <summary>Errors of a page row (by the posted index of its step), for the row's fields.</summary>
    public IEnumerable<(string Field, string Reason)> RowErrors(int row) =>
        InputIndexOfRow.TryGetValue(row, out var index)
            ? Errors.Where(e => e.Key == $"steps[{index}]" || e.Key.StartsWith($"steps[{index}].", StringComparison.Ordinal))
                .Select(e => (e.Key.Contains('.', StringComparison.Ordinal) ? e.Key[(e.Key.IndexOf('.', StringComparison.Ordinal) + 1)..] : "step", e.Value[0]))
            : [];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public sealed class PlanForm
{
    public string? Name { get; set; }
    public bool IsDefault { get; set; }
    public CustomerKind? ForKind { get; set; }
    public string? ForSegment { get; set; }
    public string? ForRiskClass { get; set; }
    public List<StepForm> Steps { get; set; } = [];

    public static PlanForm Of(DunningPlan p, string currency) => new()
    {
        Name = p.Name, IsDefault = p.IsDefault, ForKind = p.ForKind, ForSegment = p.ForSegment, ForRiskClass = p.ForRiskClass,
        Steps = p.OrderedSteps.Select(s => new StepForm
        {
            OffsetDays = s.OffsetDays.ToString(CultureInfo.InvariantCulture), Channel = s.Channel, TemplateKey = s.TemplateKey, Tone = s.Tone,
            NeedsApproval = s.NeedsApproval, OnlyForKind = s.OnlyForKind, OnlyForSegment = s.OnlyForSegment, OnlyForRiskClasses = s.OnlyForRiskClasses,
            MinOverdueAmount = s.MinOverdueMinor is { } m ? Currencies.FromMinor(m, currency).ToString(CultureInfo.InvariantCulture) : null,
            MinDaysSinceLastContact = s.MinDaysSinceLastContact,
        }).ToList(),
    };
}

/// <summary>A step row as posted; a row without offset and template is blank and ignored.</summary>
public sealed class StepForm
{
    public string? OffsetDays { get; set; }
    public DunningChannel Channel { get; set; }
    public string? TemplateKey { get; set; }
    public DunningTone Tone { get; set; }
    public bool NeedsApproval { get; set; }
    public CustomerKind? OnlyForKind { get; set; }
    public string? OnlyForSegment { get; set; }
    public string? OnlyForRiskClasses { get; set; }
    public string? MinOverdueAmount { get; set; }
    public int? MinDaysSinceLastContact { get; set; }
    public bool Remove { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(OffsetDays) && string.IsNullOrWhiteSpace(TemplateKey);
}
