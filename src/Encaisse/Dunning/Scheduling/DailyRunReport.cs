using System.Text.Json;
using Encaisse.Dunning.Running;

namespace Encaisse.Dunning.Scheduling;

/// <summary>What the registry phase did. <see cref="Unchecked"/> customers were left out by the time budget.</summary>
public sealed record RegistryPhaseReport(int Customers, int Checked, int Findings, int Unavailable, int Unchecked, int Skipped, string? Error = null);

/// <summary>What the promise and payment-plan checks changed.</summary>
public sealed record PromisesPhaseReport(int Promises, int PaymentPlans, string? Error = null);

/// <summary>What the e-invoice exchange did in the promises phase (<see cref="EInvoicing.EInvoiceExchange"/>).</summary>
public sealed record ExchangeReport(int Produced, int Sent, int Pending, int Received, int Problems, bool Platform, string? Error = null);

/// <summary>What the planning phase stored.</summary>
public sealed record PlanningPhaseReport(int Planned, int Stored, int Cancelled, int BrokenPromises, int AwaitingApproval);

/// <summary>What the sending phase did (the last holder's share), recovered claims included.</summary>
public sealed record SendingPhaseReport(int Released, int Interrupted, int Sent, int Retrying, int Failed, int Skipped, int MayHaveLeft);

/// <summary>
/// The report of a daily run, stored on its row at the end of every phase (a resumed run goes on with it) and logged
/// when the run is done. <see cref="Outbox"/> counts, at the end, the statuses of every action planned on the days the
/// run covers: whoever sent what, nothing should be left <c>sending</c>.
/// </summary>
public sealed record DailyRunReport
{
    public DateOnly RunOn { get; init; }
    public DateOnly CoversFrom { get; init; }
    /// <summary>1 for a run done in one go; each resume adds one.</summary>
    public int Claims { get; init; }
    public RegistryPhaseReport? Registry { get; init; }
    public PromisesPhaseReport? Promises { get; init; }
    public ExchangeReport? EInvoices { get; init; }
    public PlanningPhaseReport? Planning { get; init; }
    public SendingPhaseReport? Sending { get; init; }
    public IReadOnlyDictionary<string, int>? Outbox { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    internal static DailyRunReport? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<DailyRunReport>(json, Json);

    internal static PlanningPhaseReport From(PlanningOutcome o) => new(o.Planned, o.Stored, o.Cancelled, o.BrokenPromises, o.AwaitingApproval);

    internal static SendingPhaseReport From(SendingOutcome o) => new(o.Released, o.Interrupted, o.Sent, o.Retrying, o.Failed, o.Skipped, o.MayHaveLeft);
}
