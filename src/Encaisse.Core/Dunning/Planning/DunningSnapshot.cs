using Encaisse.Ledger;

namespace Encaisse.Dunning.Planning;

/// <summary>Tenant settings the planner needs.</summary>
/// <param name="NoticeDays">Days a formal notice gives to pay: a hand-off to an agency or a court waits for them after the notice.</param>
public sealed record PlanningSettings(int PromiseGraceDays = 3, bool ThankYouMessages = false, int InstalmentReminderDaysBefore = 3, int NoticeDays = 8);

/// <summary>An open item with the invoice facts the planner needs (factored or not).</summary>
public sealed record DunnableItem(OpenItem Item, bool IsFactored)
{
    public Guid InvoiceId => Item.DocumentId;
}

/// <summary>
/// A message already in the outbox (any status but Planned: a rejected or cancelled action still uses its key).
/// <paramref name="StepKey"/> is "step:N", "instalment:PLAN:SEQ" or "thanks". <paramref name="AwaitingApproval"/>:
/// a person has not decided yet; later steps of the cycle wait for that decision.
/// </summary>
public sealed record PastAction(string StepKey, int? StepNumber, int Cycle, DateOnly PlannedOn, bool Delivered, IReadOnlyList<Guid> InvoiceIds,
    bool AwaitingApproval = false);

/// <summary>Everything known about one customer on the as-of date.</summary>
public sealed record CustomerSnapshot
{
    public required PlanProfile Profile { get; init; }
    public DateOnly? InsolvencyOpenedOn { get; init; }
    public DateOnly? CeasedOn { get; init; }
    public DunningPlan? Plan { get; init; }
    public IReadOnlyList<DunnableItem> Items { get; init; } = [];
    public IReadOnlyList<PastAction> History { get; init; } = [];
    /// <summary>Invoices with an open or in-review dispute.</summary>
    public IReadOnlySet<Guid> DisputedInvoices { get; init; } = new HashSet<Guid>();
    public IReadOnlyList<PromiseToPay> Promises { get; init; } = [];
    public IReadOnlyList<PaymentPlan> PaymentPlans { get; init; } = [];
    public IReadOnlyList<DunningHold> Holds { get; init; } = [];
    /// <summary>Last day a message reached the customer (sent action or logged contact).</summary>
    public DateOnly? LastContactOn { get; init; }
    /// <summary>Open credit notes and unapplied payments: what they cover is not overdue for dunning (ClaimRule deducts them).</summary>
    public IReadOnlyList<CustomerCredit> Credits { get; init; } = [];
}

public sealed record DunningSnapshot(DateOnly AsOf, PlanningSettings Settings, IReadOnlyList<CustomerSnapshot> Customers);
