using Encaisse.Ledger;

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
    /// <summary>Readable problems with the input, empty when valid.</summary>
    public static Dictionary<string, string[]> Validate(PlanInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors["name"] = ["A plan needs a name."];
        }

        if (!string.IsNullOrWhiteSpace(input.ForRiskClass) && !IsRiskClassList(input.ForRiskClass, single: true))
        {
            errors["forRiskClass"] = ["A risk class is one letter from A to E."];
        }

        if (input.Steps is null || input.Steps.Count == 0)
        {
            errors["steps"] = ["A plan needs at least one step."];
            return errors;
        }

        for (var i = 0; i < input.Steps.Count; i++)
        {
            var s = input.Steps[i];
            if (string.IsNullOrWhiteSpace(s.TemplateKey))
            {
                errors[$"steps[{i}].templateKey"] = ["Each step needs a template key (courtesy, reminder, firm, formal-notice, call, handoff...)."];
            }

            if (s.OffsetDays is < -90 or > 365)
            {
                errors[$"steps[{i}].offsetDays"] = ["Offset must be between -90 and 365 days from the due date."];
            }

            if (!string.IsNullOrWhiteSpace(s.OnlyForRiskClasses) && !IsRiskClassList(s.OnlyForRiskClasses, single: false))
            {
                errors[$"steps[{i}].onlyForRiskClasses"] = ["Risk classes are letters from A to E separated by commas, e.g. C,D,E."];
            }

            if (s.MinOverdueAmount is < 0 || s.MinDaysSinceLastContact is < 0)
            {
                errors[$"steps[{i}]"] = ["Minimum amount and days since last contact cannot be negative."];
            }
        }

        return errors;
    }

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
