using Encaisse.Dunning.Planning;

namespace Encaisse.Dunning.Running;

/// <summary>How to run: the as-of date (default today in the tenant's zone), dry run, the runner's name.</summary>
public sealed record DunningRunOptions
{
    public DateOnly? AsOf { get; init; }
    public bool DryRun { get; init; }
    public string RunnerId { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    /// <summary>
    /// A claim older than this belongs to a runner that stopped (a claim covers one send: connecting, one message, the
    /// answer). Claims of a runner known to be gone (its lease on the day lapsed) are recovered at once.
    /// </summary>
    public TimeSpan StaleClaimAfter { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>
    /// Failure hook (tests): called at "stored" (all actions stored, nothing sent), then per action at "claimed", "started"
    /// (e-mail/SMS attempt marked started, server not yet asked) and "delivered" (channel done, row not yet marked).
    /// Throwing from it leaves the database as a crash at that point would.
    /// </summary>
    public Func<string, Guid?, Task>? Checkpoint { get; init; }
    /// <summary>Called before each claim: the daily job renews its lease on the day there.</summary>
    public Func<CancellationToken, Task>? Heartbeat { get; init; }
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
    DateOnly? NextCheck)
{
    /// <summary>Claims of a stopped runner given back before anything had left (sent by this run).</summary>
    public int Released { get; init; }

    /// <summary>E-mails or SMS whose data left without an answer (timeout): Failed and sent to review, never resent.</summary>
    public int MayHaveLeft { get; init; }
}
