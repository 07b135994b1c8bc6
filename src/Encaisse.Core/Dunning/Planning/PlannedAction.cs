namespace Encaisse.Dunning.Planning;

public enum PlannedActionKind
{
    Step = 0,
    InstalmentReminder = 1,
    ThankYou = 2,
}

/// <summary>
/// One message (or task) the planner decided on. The outbox key is (customer, <see cref="StepKey"/>,
/// <see cref="Cycle"/>): planning the same day twice gives the same key, so the runner stores it once.
/// </summary>
public sealed record PlannedAction
{
    public required Guid CustomerId { get; init; }
    public required PlannedActionKind Kind { get; init; }
    public required string StepKey { get; init; }
    public int? StepNumber { get; init; }
    public required int Cycle { get; init; }
    public Guid? PlanId { get; init; }
    public DunningChannel Channel { get; init; }
    public DunningTone Tone { get; init; }
    public required string TemplateKey { get; init; }
    public bool NeedsApproval { get; init; }
    /// <summary>Days late of the most advanced invoice listed (negative before the due date).</summary>
    public int Level { get; init; }
    /// <summary>The invoices (open items) the message lists, most late first.</summary>
    public IReadOnlyList<DunnableItem> Items { get; init; } = [];
    /// <summary>For instalment reminders: the plan instalment's due date and amount.</summary>
    public DateOnly? InstalmentDueDate { get; init; }
    public long? InstalmentAmountMinor { get; init; }
}

/// <summary>
/// Why a customer (or one invoice) got nothing today, as a catalogue message (<c>planning.{Code}</c> with its
/// arguments): shown by dry runs, and in the reader's language on the timeline when a planned reminder is cancelled.
/// </summary>
public sealed record PlanningNote(Guid CustomerId, Guid? InvoiceId, string Code,
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyDictionary<string, object?> Args)
{
    public static PlanningNote Of(Guid customerId, Guid? invoiceId, string code, params (string Name, object? Value)[] args) =>
        new(customerId, invoiceId, code, args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal));

    /// <summary>The catalogue key of the reason.</summary>
    public string Key => "planning." + Code;

    /// <summary>The reason in English (CLI reports and logs).</summary>
    public string Reason => Text(Localization.Catalogue.English);

    /// <summary>The reason in <paramref name="language"/>.</summary>
    public string Text(string language) => Localization.Catalogue.Text(language, Key, Args);
}

/// <summary>An action awaiting approval that is still wanted (its customer is still dunnable in that cycle).</summary>
public sealed record WaitingAction(Guid CustomerId, string StepKey, int Cycle);

/// <summary>The planner's answer for one as-of date.</summary>
public sealed record DunningDecision(
    IReadOnlyList<PlannedAction> Actions,
    IReadOnlyList<PlanningNote> Notes,
    IReadOnlyList<Guid> BrokenPromises,
    IReadOnlyDictionary<Guid, DateOnly> NextCheckOn)
{
    /// <summary>The earliest next check of any customer; null when nothing is pending.</summary>
    public DateOnly? NextCheck => NextCheckOn.Count == 0 ? null : NextCheckOn.Values.Min();

    /// <summary>Awaiting-approval actions to keep; any other awaiting one is no longer due.</summary>
    public IReadOnlyList<WaitingAction> Waiting { get; init; } = [];
}
