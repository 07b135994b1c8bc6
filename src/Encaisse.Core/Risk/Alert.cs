namespace Encaisse.Risk;

public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}

public enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Resolved = 2,
}

/// <summary>
/// Something a credit manager must look at (limit exceeded, insured limit expiring, insolvency published...).
/// Raised by the risk evaluation and the registry monitoring; any capability may raise or list them.
/// <see cref="Key"/> identifies the condition so that a daily run never raises it twice.
/// </summary>
public sealed class Alert : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid? CustomerId { get; set; }
    /// <summary>Dotted kind: risk.credit-limit-exceeded, risk.insured-limit-exceeded, risk.insured-limit-expiring,
    /// risk.insurer-declaration-due, registry.ceased, registry.insolvency.</summary>
    public required string Kind { get; set; }
    /// <summary>Unique per tenant: kind + customer (+ invoice or notice) of the condition.</summary>
    public required string Key { get; set; }
    public AlertSeverity Severity { get; set; }
    /// <summary>One line a person reads (no personal data: refs and amounts only).</summary>
    public required string Message { get; set; }
    public DateOnly RaisedOn { get; set; }
    public AlertStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>An alert as a pure evaluation proposes it, before it is stored.</summary>
public sealed record AlertDraft(Guid? CustomerId, string Kind, string Key, AlertSeverity Severity, string Message);
