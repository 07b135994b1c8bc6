using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Actions;

/// <summary>Who acts and when: a user login (or "portal") and the instant.</summary>
public sealed record Acting(string Actor, DateTimeOffset Now, DateOnly Today);

/// <summary>
/// The write actions of the back office and the portal on collections entities. Each writes its entity and one
/// <see cref="TimelineEvent"/>. Promises, disputes and pauses go through the shared Dunning operations
/// (src/Encaisse/Dunning/{Disputes,Promises,Holds}); call logging and portal messages are page-specific.
/// </summary>
public static class CollectionActions
{
    /// <summary>Logs a call made to the customer (a done Call task) and, when asked, a follow-up call task.</summary>
    public static async Task<CollectionTask> LogCallAsync(EncaisseDb db, Acting at, Guid customerId, string outcome, string? note,
        DateOnly? followUpOn, CancellationToken ct)
    {
        var call = new CollectionTask
        {
            TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Call, Title = "Appel : " + outcome,
            DueOn = at.Today, AssignedTo = at.Actor, Status = CollectionTaskStatus.Done,
            Outcome = string.IsNullOrWhiteSpace(note) ? outcome : outcome + " — " + note.Trim(), CreatedAt = at.Now, CompletedAt = at.Now,
        };
        db.Add(call);
        if (followUpOn is { } date)
        {
            db.Add(new CollectionTask
            {
                TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Call, Title = "Rappeler le client",
                DueOn = date, AssignedTo = at.Actor, Status = CollectionTaskStatus.Open, CreatedAt = at.Now,
            });
        }

        Timeline(db, at, customerId, null, "call.logged",
            TimelineText.Of("call.loggedNote", ("outcome", new Encaisse.Localization.Word(outcome)), ("note", Trim(note, 400)), ("on", followUpOn)),
            new { taskId = call.Id, outcome, followUpOn });
        await db.SaveChangesAsync(ct);
        return call;
    }

    /// <summary>Records a promise to pay with the shared rules (future date, amount within the open balance).</summary>
    public static Task<Guid> RecordPromiseAsync(EncaisseDb db, Acting at, Guid customerId, long amountMinor, string currency,
        DateOnly promisedDate, string channel, string? note, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) => (await PromiseOperations.RecordAsync(scope,
            new RecordPromise(customerRef, Currencies.FromMinor(amountMinor, currency), promisedDate, channel, note, currency), ct)).Id, ct);

    /// <summary>Opens a dispute on invoices of the customer with the shared rules (open, not paid or cancelled).</summary>
    public static Task<Guid> OpenDisputeAsync(EncaisseDb db, Acting at, Guid customerId, IReadOnlyCollection<Guid> invoiceIds,
        DisputeReason reason, string? description, string channel, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) =>
        {
            var numbers = await db.Invoices.Where(i => i.CustomerId == customerId && invoiceIds.Contains(i.Id)).Select(i => i.Number).ToListAsync(ct);
            if (numbers.Count == 0 || numbers.Count != invoiceIds.Count)
            {
                throw new ArgumentException("Unknown invoice for this customer.", nameof(invoiceIds));
            }

            var owner = channel == "portal" ? null : at.Actor;
            return (await DisputeOperations.OpenAsync(scope, new OpenDispute(customerRef, numbers, reason, null, description, owner, channel), ct)).Id;
        }, ct);

    /// <summary>Pauses dunning for the customer (or one invoice) from today until a date, or until lifted.</summary>
    public static Task<Guid> PauseDunningAsync(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string reason,
        DateOnly? until, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) =>
        {
            var number = invoiceId is null ? null : await db.Invoices.Where(i => i.Id == invoiceId).Select(i => i.Number).SingleAsync(ct);
            return (await DunningHoldOperations.CreateAsync(scope, new CreateHold(customerRef, DunningHoldKind.Manual, reason, until, number), ct)).Id;
        }, ct);

    /// <summary>A free note on the customer's file with the shared note operation (the CLI's <c>note add</c>).</summary>
    public static Task<Guid> AddNoteAsync(EncaisseDb db, Acting at, Guid customerId, string text, CancellationToken ct) =>
        SharedAsync(db, at, customerId, async (scope, customerRef) => (await Dunning.Tasks.NoteOperations.AddAsync(scope, customerRef, text, ct)).Id, ct);

    /// <summary>
    /// Runs a shared collections operation for a page: the same rules, history and timeline as the API and CLI.
    /// A rule violation becomes the ArgumentException the pages show as "invalid".
    /// </summary>
    private static async Task<Guid> SharedAsync(EncaisseDb db, Acting at, Guid customerId, Func<CollectionsScope, string, Task<Guid>> operation, CancellationToken ct)
    {
        var customerRef = await db.Customers.Where(c => c.Id == customerId).Select(c => c.ExternalRef).SingleAsync(ct);
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var scope = new CollectionsScope(db, tenant, new FixedClock(at.Now), at.Actor);
        try
        {
            return await operation(scope, customerRef);
        }
        catch (InvalidRequestException e)
        {
            throw new ArgumentException(string.Join(" ", e.Errors.SelectMany(kv => kv.Value)), e);
        }
        catch (ConflictException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }

    /// <summary>The instant of the page request, so that the operation and the page agree on "now".</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A message from the customer (portal) to the collector: in the timeline and as a task to answer.</summary>
    public static async Task<CollectionTask> ReceiveCustomerMessageAsync(EncaisseDb db, Acting at, Guid customerId, string message, CancellationToken ct)
    {
        var collector = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Collector).SingleAsync(ct);
        var task = new CollectionTask
        {
            TenantId = db.TenantId, CustomerId = customerId, Kind = CollectionTaskKind.Review, Title = "Répondre au message du client",
            DueOn = at.Today, AssignedTo = collector, Status = CollectionTaskStatus.Open, Outcome = null, CreatedAt = at.Now,
        };
        db.Add(task);
        Timeline(db, at, customerId, null, "portal.message", TimelineText.Of("portal.message", ("message", Trim(message, 400))), new { taskId = task.Id });
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>A timeline entry stored as a catalogue key with its data (written in the reader's language at read time).</summary>
    internal static void Timeline(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string kind, System.Text.Json.Nodes.JsonObject text, object? data) =>
        db.Add(TimelineText.Entry(db.TenantId, customerId, at.Now, kind, at.Actor, text, invoiceId, data));

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : text.Trim()[..(max - 1)] + "…";
}
