namespace Encaisse.Ledger;

/// <summary>
/// One entry of a customer's timeline: every action and event (reminder sent, call logged, promise recorded,
/// dispute opened, payment matched, registry alert, portal visit...). Append-only.
/// </summary>
public sealed class TimelineEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>The invoice concerned, when the event is about one invoice.</summary>
    public Guid? InvoiceId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Dotted kind, e.g. dunning.sent, dunning.failed, call.logged, promise.recorded, promise.broken,
    /// dispute.opened, payment.matched, registry.alert, portal.visit, note.</summary>
    public required string Kind { get; set; }
    /// <summary>One line a person reads in the timeline.</summary>
    public required string Summary { get; set; }
    /// <summary>Who did it: a user login, "system", "portal", "scheduler".</summary>
    public string Actor { get; set; } = "system";
    /// <summary>Optional JSON with the details (ids, amounts, outcome).</summary>
    public string? Data { get; set; }
}
