namespace Encaisse.Dunning;

public enum CollectionTaskKind
{
    Call = 0,
    ProofOfClaim = 1,
    BouncedEmail = 2,
    ApproveReminder = 3,
    Review = 4,
    Other = 5,
}

public enum CollectionTaskStatus
{
    Open = 0,
    Done = 1,
    Cancelled = 2,
}

/// <summary>Work for a person: a call to make, a proof of claim to file, a bounced address to fix.</summary>
public sealed class CollectionTask : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public CollectionTaskKind Kind { get; set; }
    /// <summary>The title in French, as written for readers of the table, the CLI and the API (and as a person typed it).</summary>
    public required string Title { get; set; }
    /// <summary>
    /// A title Encaisse wrote, as a catalogue message (key under <c>task.title.</c> and arguments, the shape of
    /// <c>TimelineText.Of</c>) that pages write in the reader's language; null for a title a person typed, and for rows
    /// written before it existed: then <see cref="Title"/> is shown as it is.
    /// </summary>
    public string? TitleText { get; set; }
    public DateOnly DueOn { get; set; }
    /// <summary>Login of the collector; null = the customer's collector.</summary>
    public string? AssignedTo { get; set; }
    public CollectionTaskStatus Status { get; set; }
    /// <summary>Outcome as logged (reached, promise, dispute, wrong number, call back...).</summary>
    public string? Outcome { get; set; }
    /// <summary>The dunning action that created it, when any.</summary>
    public Guid? DunningActionId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
