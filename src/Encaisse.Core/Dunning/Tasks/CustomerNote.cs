namespace Encaisse.Dunning.Tasks;

/// <summary>A free-text note a person writes on a customer's file (also shown in the timeline).</summary>
public sealed class CustomerNote : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public required string Text { get; set; }
    public string Author { get; set; } = "system";
    public DateTimeOffset At { get; set; }
}
