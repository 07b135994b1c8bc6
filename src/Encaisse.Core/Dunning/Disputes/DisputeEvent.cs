namespace Encaisse.Dunning.Disputes;

/// <summary>One step of a dispute's history: opened, moved to another status, commented. Append-only.</summary>
public sealed class DisputeEvent : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid DisputeId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Business day of the change (tenant time zone).</summary>
    public DateOnly On { get; set; }
    public string Actor { get; set; } = "system";
    /// <summary>Null for the opening event.</summary>
    public DisputeStatus? FromStatus { get; set; }
    public DisputeStatus ToStatus { get; set; }
    public string? Comment { get; set; }
}
