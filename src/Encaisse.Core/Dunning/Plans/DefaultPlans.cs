using Encaisse.Ledger;

namespace Encaisse.Dunning;

/// <summary>
/// The French plans a tenant gets on first use. Business: courtesy e-mail 5 days before the due date, reminder
/// at +3, firm at +10, a call at +20, a formal notice letter at +30 (approved by a person), an internal hand-off
/// task at +45. Consumers: softer and later, no business-only mentions (no €40 indemnity), formal notice at +40.
/// </summary>
public static class DefaultPlans
{
    public const string BusinessName = "Relances entreprises (défaut)";
    public const string ConsumerName = "Relances particuliers (défaut)";

    public static DunningPlan Business(Guid tenantId, DateTimeOffset now) => Build(tenantId, now, BusinessName, CustomerKind.Business,
    [
        (-5, DunningChannel.Email, "courtesy", DunningTone.Courtesy, false),
        (3, DunningChannel.Email, "reminder", DunningTone.Reminder, false),
        (10, DunningChannel.Email, "firm", DunningTone.Firm, false),
        (20, DunningChannel.Call, "call", DunningTone.Firm, false),
        (30, DunningChannel.Letter, "formal-notice", DunningTone.FormalNotice, true),
        (45, DunningChannel.Task, "handoff", DunningTone.FormalNotice, false),
    ]);

    public static DunningPlan Consumer(Guid tenantId, DateTimeOffset now) => Build(tenantId, now, ConsumerName, CustomerKind.Consumer,
    [
        (-3, DunningChannel.Email, "courtesy", DunningTone.Courtesy, false),
        (7, DunningChannel.Email, "reminder", DunningTone.Reminder, false),
        (15, DunningChannel.Letter, "reminder", DunningTone.Reminder, false),
        (25, DunningChannel.Call, "call", DunningTone.Firm, false),
        (40, DunningChannel.Letter, "formal-notice", DunningTone.FormalNotice, true),
        (60, DunningChannel.Task, "handoff", DunningTone.FormalNotice, false),
    ]);

    private static DunningPlan Build(Guid tenantId, DateTimeOffset now, string name, CustomerKind kind,
        (int Offset, DunningChannel Channel, string Template, DunningTone Tone, bool Approval)[] steps)
    {
        var plan = new DunningPlan { TenantId = tenantId, Name = name, IsDefault = true, ForKind = kind, CreatedAt = now, UpdatedAt = now };
        var number = 1;
        foreach (var s in steps)
        {
            plan.Steps.Add(new DunningStep
            {
                TenantId = tenantId,
                PlanId = plan.Id,
                Number = number++,
                OffsetDays = s.Offset,
                Channel = s.Channel,
                TemplateKey = s.Template,
                Tone = s.Tone,
                NeedsApproval = s.Approval,
            });
        }

        return plan;
    }
}
