using Encaisse.Dunning.Planning;

namespace Encaisse.Dunning.Running;

/// <summary>How to run: the as-of date (default today in the tenant's zone), dry run, the runner's name.</summary>
public sealed record DunningRunOptions
{
    public DateOnly? AsOf { get; init; }
    public bool DryRun { get; init; }
    public string RunnerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    /// <summary>A claim older than this is an interrupted send (crash between claim and mark-sent).</summary>
    public TimeSpan StaleClaimAfter { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Test hook called at "stored" (all actions stored, nothing sent), "claimed" and "delivered" (channel done, not yet marked).</summary>
    public Func<string, Guid?, Task>? Checkpoint { get; init; }
}

/// <summary>One action as a run reports it.</summary>
public sealed record RunLine(Guid? ActionId, Guid CustomerId, string CustomerRef, string StepKey, int Cycle, DunningChannel Channel,
    DunningTone Tone, int Level, IReadOnlyList<string> Invoices, long AmountMinor, string Currency, string Status, string? Detail);

public sealed record DunningRunReport(
    DateOnly AsOf,
    bool DryRun,
    IReadOnlyList<RunLine> Actions,
    IReadOnlyList<PlanningNote> Notes,
    int Stored,
    int Sent,
    int Retrying,
    int Failed,
    int Skipped,
    int Cancelled,
    int AwaitingApproval,
    int Interrupted,
    int BrokenPromises,
    DateOnly? NextCheck);
