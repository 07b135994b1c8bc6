using Encaisse.Dunning.Tasks;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Promises;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

/// <summary>Who acts and when: a user login (or "portal") and the instant.</summary>
public sealed record Acting(string Actor, DateTimeOffset Now, DateOnly Today);

/// <summary>
/// The collections acts on a customer named by its id (the customer page and the portal): log a call, record a promise,
/// open a dispute, pause dunning, add a note, receive a portal message. Each writes its entity and one
/// <see cref="TimelineEvent"/> and returns a <see cref="Result{T}"/>: promises, disputes, pauses and notes go through the
/// shared collections operations (<c>Dunning/{Disputes,Promises,Holds,Tasks}</c>), whose refusals come back as their
/// coded errors (<c>promise.datePast</c>, <c>dispute.alreadyOpen</c>..., ADR 1172). Other errors: <c>customer.notFound</c>,
/// <c>collections.invoiceNotOfCustomer</c> (an invoice id that is not one of the customer's).
/// </summary>
public static class CollectionActions
{
    /// <summary>What a call logged from the customer page gave (the catalogue's <c>outcome.*</c>).</summary>
    public static readonly IReadOnlyList<string> CallOutcomes = ["reached", "voicemail", "noAnswer", "wrongNumber", "callBack"];

    /// <summary>
    /// Logs a call made to the customer (a done Call task) and, when asked, a follow-up call task. <paramref name="outcome"/>:
    /// one of <see cref="CallOutcomes"/> (else <c>call.outcomeUnknown</c>); the task keeps it in French, its title and the
    /// timeline in the reader's language.
    /// </summary>
    public static async Task<Result<Guid>> LogCallAsync(EncaisseDb db, Acting at, Guid customerId, string outcome, string? note,
        DateOnly? followUpOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        if (!CallOutcomes.Contains(outcome))
        {
            return OperationError.Invalid("call.outcomeUnknown", ("outcome", outcome));
        }

        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
        {
            return CustomerNotFound(customerId);
        }

        var said = new Encaisse.Localization.Nested("outcome." + outcome);
        var title = TaskTitles.Of("callOutcome", ("outcome", said));
        var outcomeText = Encaisse.Localization.Catalogue.Text(Encaisse.Localization.Catalogue.French, "outcome." + outcome);
        var call = new CollectionTask
        {
            TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Call, Title = title.French, TitleText = title.Stored,
            DueOn = at.Today, AssignedTo = at.Actor, Status = CollectionTaskStatus.Done,
            Outcome = string.IsNullOrWhiteSpace(note) ? outcomeText : outcomeText + " — " + note.Trim(), CreatedAt = at.Now, CompletedAt = at.Now,
        };
        db.Add(call);
        if (followUpOn is { } date)
        {
            var callBack = TaskTitles.Of("callBack");
            db.Add(new CollectionTask
            {
                TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Call, Title = callBack.French, TitleText = callBack.Stored,
                DueOn = date, AssignedTo = at.Actor, Status = CollectionTaskStatus.Open, CreatedAt = at.Now,
            });
        }

        Timeline(db, at, customerId, null, "call.logged",
            TimelineText.Of("call.loggedNote", ("outcome", said), ("note", Trim(note, 400)), ("on", followUpOn)),
            new { taskId = call.Id, outcome, followUpOn });
        await db.SaveChangesAsync(ct);
        return Result.Ok(call.Id);
    }

    /// <summary>Records a promise to pay with the shared rules (future date, amount within the open balance).</summary>
    public static Task<Result<Guid>> RecordPromiseAsync(EncaisseDb db, Acting at, Guid customerId, long amountMinor, string currency,
        DateOnly promisedDate, string channel, string? note, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) => Result.Ok((await PromiseOperations.RecordAsync(scope,
            new RecordPromise(customerRef, Currencies.FromMinor(amountMinor, currency), promisedDate, channel, note, currency), ct)).Id), ct);

    /// <summary>Opens a dispute on invoices of the customer with the shared rules (open, not paid or cancelled).</summary>
    public static Task<Result<Guid>> OpenDisputeAsync(EncaisseDb db, Acting at, Guid customerId, IReadOnlyCollection<Guid> invoiceIds,
        DisputeReason reason, string? description, string channel, CancellationToken ct) =>
        OpenDisputeAsync(db, at, customerId, invoiceIds, reason, description, channel, null, ct);

    /// <summary>
    /// Opens a dispute as above; <paramref name="alongside"/> adds what belongs to the new dispute (the portal's attachment) to
    /// the same unit of work: one save writes the dispute, its history, its timeline entry and those, or nothing.
    /// </summary>
    public static Task<Result<Guid>> OpenDisputeAsync(EncaisseDb db, Acting at, Guid customerId, IReadOnlyCollection<Guid> invoiceIds,
        DisputeReason reason, string? description, string channel, Action<Guid>? alongside, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invoiceIds);
        return SharedAsync(db, at, customerId, async (scope, customerRef) =>
        {
            var numbers = await db.Invoices.Where(i => i.CustomerId == customerId && invoiceIds.Contains(i.Id)).Select(i => i.Number).ToListAsync(ct);
            if (numbers.Count == 0 || numbers.Count != invoiceIds.Distinct().Count())
            {
                return OperationError.NotFound("collections.invoiceNotOfCustomer");
            }

            var owner = channel == "portal" ? null : at.Actor;
            var dispute = await DisputeOperations.AddAsync(scope, new OpenDispute(customerRef, numbers, reason, null, description, owner, channel), ct);
            alongside?.Invoke(dispute.Id);
            await db.SaveChangesAsync(ct);
            return Result.Ok(dispute.Id);
        }, ct);
    }

    /// <summary>Pauses dunning for the customer (or one invoice) from today until a date, or until lifted.</summary>
    public static Task<Result<Guid>> PauseDunningAsync(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string reason,
        DateOnly? until, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) =>
        {
            string? number = null;
            if (invoiceId is { } id)
            {
                number = await db.Invoices.Where(i => i.Id == id && i.CustomerId == customerId).Select(i => i.Number).SingleOrDefaultAsync(ct);
                if (number is null)
                {
                    return OperationError.NotFound("collections.invoiceNotOfCustomer");
                }
            }

            return Result.Ok((await DunningHoldOperations.CreateAsync(scope, new CreateHold(customerRef, DunningHoldKind.Manual, reason, until, number), ct)).Id);
        }, ct);

    /// <summary>A free note on the customer's file with the shared note operation (the CLI's <c>note add</c>).</summary>
    public static Task<Result<Guid>> AddNoteAsync(EncaisseDb db, Acting at, Guid customerId, string text, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) => Result.Ok((await Tasks.NoteOperations.AddAsync(scope, customerRef, text, ct)).Id), ct);

    /// <summary>A message from the customer (portal) to the collector: in the timeline and as a task to answer.</summary>
    public static async Task<Result<Guid>> ReceiveCustomerMessageAsync(EncaisseDb db, Acting at, Guid customerId, string message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        var customer = await db.Customers.Where(c => c.Id == customerId).Select(c => new { c.Collector }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return CustomerNotFound(customerId);
        }

        var title = TaskTitles.Of("answerMessage");
        var task = new CollectionTask
        {
            TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Review, Title = title.French, TitleText = title.Stored,
            DueOn = at.Today, AssignedTo = customer.Collector, Status = CollectionTaskStatus.Open, Outcome = null, CreatedAt = at.Now,
        };
        db.Add(task);
        Timeline(db, at, customerId, null, "portal.message", TimelineText.Of("portal.message", ("message", Trim(message, 400))), new { taskId = task.Id });
        await db.SaveChangesAsync(ct);
        return Result.Ok(task.Id);
    }

    /// <summary>A timeline entry stored as a catalogue key with its data (written in the reader's language at read time).</summary>
    internal static void Timeline(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string kind, System.Text.Json.Nodes.JsonObject text, object? data) =>
        db.Add(TimelineText.Entry(db.TenantId, customerId, at.Now, kind, at.Actor, text, invoiceId, data));

    /// <summary>
    /// Runs a shared collections operation for a customer named by its id: the same rules, history and timeline as the API
    /// and CLI. The shared operations report their refusals by <see cref="OperationFailedException"/>; they come back here as
    /// the failed result they carry.
    /// </summary>
    private static async Task<Result<Guid>> SharedAsync(EncaisseDb db, Acting at, Guid customerId,
        Func<CollectionsScope, string, Task<Result<Guid>>> operation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(at);
        var customerRef = await db.Customers.Where(c => c.Id == customerId).Select(c => c.ExternalRef).SingleOrDefaultAsync(ct);
        if (customerRef is null)
        {
            return CustomerNotFound(customerId);
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var scope = new CollectionsScope(db, tenant, new FixedClock(at.Now), at.Actor);
        try
        {
            return await operation(scope, customerRef);
        }
        catch (OperationFailedException e)
        {
            return e.Error;
        }
    }

    private static OperationError CustomerNotFound(Guid customerId) => OperationError.NotFound("customer.notFound", ("customer", customerId));

    /// <summary>The instant of the request, so that the operation and the surface agree on "now".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : text.Trim()[..(max - 1)] + "…";
}
