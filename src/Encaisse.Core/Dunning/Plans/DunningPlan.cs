using Encaisse.Ledger;

namespace Encaisse.Dunning;

public enum DunningChannel
{
    Email = 0,
    Letter = 1,
    Sms = 2,
    /// <summary>A phone call for the customer's collector (a <see cref="CollectionTask"/> of kind Call).</summary>
    Call = 3,
    /// <summary>Internal work such as a hand-off to a collection agency (a <see cref="CollectionTask"/> of kind Review).</summary>
    Task = 4,
}

public enum DunningTone
{
    Courtesy = 0,
    Reminder = 1,
    Firm = 2,
    FormalNotice = 3,
}

/// <summary>
/// A plan (scénario de relance): ordered steps relative to the due date. Chosen for a customer by
/// <see cref="PlanChoice"/>: customer override, then segment and/or risk class, then the tenant default for
/// the customer's kind.
/// </summary>
public sealed class DunningPlan : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    /// <summary>Default plan of the tenant for this kind of customer (one per kind).</summary>
    public bool IsDefault { get; set; }
    /// <summary>Kind of customer the plan is meant for; null = both.</summary>
    public CustomerKind? ForKind { get; set; }
    /// <summary>Customers of this segment get this plan (before the default).</summary>
    public string? ForSegment { get; set; }
    /// <summary>Customers of this risk class (A..E) get this plan (before the default).</summary>
    public string? ForRiskClass { get; set; }
    public List<DunningStep> Steps { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IEnumerable<DunningStep> OrderedSteps => Steps.OrderBy(s => s.OffsetDays).ThenBy(s => s.Number);
}

/// <summary>One step of a plan: when (days from the due date), how (channel, template, tone) and for whom.</summary>
public sealed class DunningStep : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid PlanId { get; set; }
    /// <summary>1-based position in the plan; part of the outbox key (customer, step, cycle).</summary>
    public int Number { get; set; }
    /// <summary>Days relative to the due date: -5 = five days before, +30 = thirty days after.</summary>
    public int OffsetDays { get; set; }
    public DunningChannel Channel { get; set; }
    /// <summary>Template key (courtesy, reminder, firm, formal-notice, call, handoff...).</summary>
    public required string TemplateKey { get; set; }
    public DunningTone Tone { get; set; }
    /// <summary>Only for this kind of customer; null = any.</summary>
    public CustomerKind? OnlyForKind { get; set; }
    /// <summary>Only for this segment; null = any.</summary>
    public string? OnlyForSegment { get; set; }
    /// <summary>Only for these risk classes, e.g. "C,D,E"; null = any.</summary>
    public string? OnlyForRiskClasses { get; set; }
    /// <summary>Only when the customer's overdue amount reaches this (minor units of the items' currency).</summary>
    public long? MinOverdueMinor { get; set; }
    /// <summary>Wait until this many days have passed since the last message sent to the customer.</summary>
    public int? MinDaysSinceLastContact { get; set; }
    /// <summary>A person approves the action before it is sent (formal notices).</summary>
    public bool NeedsApproval { get; set; }
}

/// <summary>Assigns a plan to one customer, overriding segment, risk class and default.</summary>
public sealed class DunningPlanOverride : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public Guid PlanId { get; set; }
}

/// <summary>The customer facts a plan is chosen on.</summary>
public sealed record PlanProfile(Guid CustomerId, CustomerKind Kind, string? Segment, string? RiskClass);

public static class PlanChoice
{
    /// <summary>
    /// The plan for a customer: its override; else a plan for its segment and risk class; else for its segment;
    /// else for its risk class; else the default for its kind; else any default. Ties go to the oldest plan.
    /// </summary>
    public static DunningPlan? For(PlanProfile customer, IReadOnlyList<DunningPlan> plans, Guid? overridePlanId)
    {
        if (overridePlanId is { } id && plans.FirstOrDefault(p => p.Id == id) is { } chosen)
        {
            return chosen;
        }

        bool KindFits(DunningPlan p) => p.ForKind is null || p.ForKind == customer.Kind;
        bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        var ordered = plans.Where(KindFits).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToList();
        return ordered.FirstOrDefault(p => Same(p.ForSegment, customer.Segment) && Same(p.ForRiskClass, customer.RiskClass))
            ?? ordered.FirstOrDefault(p => Same(p.ForSegment, customer.Segment) && p.ForRiskClass is null)
            ?? ordered.FirstOrDefault(p => p.ForSegment is null && Same(p.ForRiskClass, customer.RiskClass))
            ?? ordered.FirstOrDefault(p => p.IsDefault && p.ForKind == customer.Kind)
            ?? ordered.FirstOrDefault(p => p.IsDefault);
    }
}
