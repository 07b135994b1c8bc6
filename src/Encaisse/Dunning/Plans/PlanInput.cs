using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Dunning.Plans;

/// <summary>A step as the API and CLI read and write it (amounts in major units, invariant).</summary>
public sealed record StepInput(
    int OffsetDays,
    DunningChannel Channel,
    string TemplateKey,
    DunningTone Tone,
    bool NeedsApproval = false,
    CustomerKind? OnlyForKind = null,
    string? OnlyForSegment = null,
    string? OnlyForRiskClasses = null,
    decimal? MinOverdueAmount = null,
    int? MinDaysSinceLastContact = null);

public sealed record PlanInput(string Name, bool IsDefault, CustomerKind? ForKind, string? ForSegment, string? ForRiskClass, IReadOnlyList<StepInput> Steps);

public sealed record StepView(int Number, int OffsetDays, DunningChannel Channel, string TemplateKey, DunningTone Tone, bool NeedsApproval,
    CustomerKind? OnlyForKind, string? OnlyForSegment, string? OnlyForRiskClasses, decimal? MinOverdueAmount, int? MinDaysSinceLastContact);

public sealed record PlanView(Guid Id, string Name, bool IsDefault, CustomerKind? ForKind, string? ForSegment, string? ForRiskClass, IReadOnlyList<StepView> Steps)
{
    public static PlanView Of(DunningPlan p, string currency) => new(p.Id, p.Name, p.IsDefault, p.ForKind, p.ForSegment, p.ForRiskClass,
        p.OrderedSteps.Select(s => new StepView(s.Number, s.OffsetDays, s.Channel, s.TemplateKey, s.Tone, s.NeedsApproval, s.OnlyForKind,
            s.OnlyForSegment, s.OnlyForRiskClasses, s.MinOverdueMinor is { } m ? Currencies.FromMinor(m, currency) : null, s.MinDaysSinceLastContact)).ToList());
}

public static class PlanInputs
{
    /// <summary>The input's problems (field, value, the catalogue's English reason), empty when valid.</summary>
    public static List<FieldError> Validate(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(Field("name", input.Name, "plan.nameMissing"));
        }

        if (!string.IsNullOrWhiteSpace(input.ForRiskClass) && !IsRiskClassList(input.ForRiskClass, single: true))
        {
            errors.Add(Field("forRiskClass", input.ForRiskClass, "plan.riskClass"));
        }

        if (input.Steps is null || input.Steps.Count == 0)
        {
            errors.Add(Field("steps", null, "plan.noStep"));
            return errors;
        }

        for (var i = 0; i < input.Steps.Count; i++)
        {
            var s = input.Steps[i];
            if (string.IsNullOrWhiteSpace(s.TemplateKey))
            {
                errors.Add(Field($"steps[{i}].templateKey", s.TemplateKey, "plan.templateKeyMissing"));
            }

            if (s.OffsetDays is < -90 or > 365)
            {
                errors.Add(Field($"steps[{i}].offsetDays", s.OffsetDays.ToString(CultureInfo.InvariantCulture), "plan.offset"));
            }

            if (!string.IsNullOrWhiteSpace(s.OnlyForRiskClasses) && !IsRiskClassList(s.OnlyForRiskClasses, single: false))
            {
                errors.Add(Field($"steps[{i}].onlyForRiskClasses", s.OnlyForRiskClasses, "plan.riskClasses"));
            }

            if (s.MinOverdueAmount is < 0 || s.MinDaysSinceLastContact is < 0)
            {
                errors.Add(Field($"steps[{i}]", null, "plan.negative"));
            }
        }

        return errors;
    }

    /// <summary>A refused field whose reason is the catalogue's English message <c>error.{code}</c> (the API's and CLI's language).</summary>
    internal static FieldError Field(string field, string? value, string code, params (string Name, object? Value)[] data) =>
        new(field, value, Catalogue.Text(Catalogue.English, "error." + code, data));

    private static bool IsRiskClassList(string text, bool single)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        return (!single || parts.Length == 1) && parts.All(p => p.Length == 1 && p.ToUpperInvariant()[0] is >= 'A' and <= 'E');
    }

    /// <summary>Replaces the plan's fields and steps; steps are numbered 1..n by offset.</summary>
    public static void Apply(DunningPlan plan, PlanInput input, string currency, DateTimeOffset now)
    {
        plan.Name = input.Name.Trim();
        plan.IsDefault = input.IsDefault;
        plan.ForKind = input.ForKind;
        plan.ForSegment = string.IsNullOrWhiteSpace(input.ForSegment) ? null : input.ForSegment.Trim();
        plan.ForRiskClass = string.IsNullOrWhiteSpace(input.ForRiskClass) ? null : input.ForRiskClass.Trim().ToUpperInvariant();
        plan.UpdatedAt = now;
        plan.Steps.Clear();
        var number = 1;
        foreach (var s in input.Steps.OrderBy(s => s.OffsetDays))
        {
            plan.Steps.Add(new DunningStep
            {
                TenantId = plan.TenantId,
                PlanId = plan.Id,
                Number = number++,
                OffsetDays = s.OffsetDays,
                Channel = s.Channel,
                TemplateKey = s.TemplateKey.Trim(),
                Tone = s.Tone,
                NeedsApproval = s.NeedsApproval,
                OnlyForKind = s.OnlyForKind,
                OnlyForSegment = s.OnlyForSegment,
                OnlyForRiskClasses = s.OnlyForRiskClasses,
                MinOverdueMinor = s.MinOverdueAmount is { } m ? Currencies.ToMinor(m, currency) : null,
                MinDaysSinceLastContact = s.MinDaysSinceLastContact,
            });
        }
    }
}
