using System.Text.Json;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Web.Actions;

/// <summary>Who acts and when: a user login (or "portal") and the instant.</summary>
public sealed record Acting(string Actor, DateTimeOffset Now, DateOnly Today);

/// <summary>
/// The write actions of the back office and the portal on collections entities. Each writes its entity and one
/// <see cref="TimelineEvent"/> in the same save. Written here until the shared Dunning operations
/// (src/Encaisse/Dunning/{Disputes,Promises,Tasks,Holds}) exist; at merge each function becomes a call to them.
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

        Timeline(db, at, customerId, null, "call.logged", Summary("Appel", outcome, note),
            new { taskId = call.Id, outcome, followUpOn });
        await db.SaveChangesAsync(ct);
        return call;
    }

    /// <summary>Records a promise to pay (pending until kept or broken).</summary>
    public static async Task<PromiseToPay> RecordPromiseAsync(EncaisseDb db, Acting at, Guid customerId, long amountMinor, string currency,
        DateOnly promisedDate, string channel, string? note, CancellationToken ct)
    {
        if (amountMinor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amountMinor), "A promise is for a positive amount.");
        }

        var promise = new PromiseToPay
        {
            TenantId = db.TenantId, CustomerId = customerId, AmountMinor = amountMinor, Currency = currency, PromisedDate = promisedDate,
            Channel = channel, Status = PromiseStatus.Pending, Note = Trim(note, 1000), RecordedBy = at.Actor, RecordedAt = at.Now,
        };
        db.Add(promise);
        Timeline(db, at, customerId, null, "promise.recorded",
            $"Promesse de paiement de {Currencies.FormatFrench(amountMinor, currency)} pour le {promisedDate:dd/MM/yyyy} ({channel})",
            new { promiseId = promise.Id, amountMinor, currency, promisedDate, channel });
        await db.SaveChangesAsync(ct);
        return promise;
    }

    /// <summary>Opens a dispute on one or more invoices of the customer, for the amount still open on them.</summary>
    public static async Task<Dispute> OpenDisputeAsync(EncaisseDb db, Acting at, Guid customerId, IReadOnlyCollection<Guid> invoiceIds,
        DisputeReason reason, string? description, string channel, CancellationToken ct)
    {
        var invoices = await db.Invoices.Where(i => i.CustomerId == customerId && invoiceIds.Contains(i.Id))
            .Select(i => new { i.Id, i.Number, i.Currency, Open = i.GrossMinor - (db.Allocations.Where(a => a.InvoiceId == i.Id).Sum(a => (long?)a.AmountMinor) ?? 0) })
            .ToListAsync(ct);
        if (invoices.Count == 0 || invoices.Count != invoiceIds.Count)
        {
            throw new ArgumentException("Unknown invoice for this customer.", nameof(invoiceIds));
        }

        var dispute = new Dispute
        {
            TenantId = db.TenantId, CustomerId = customerId, AmountMinor = invoices.Sum(i => Math.Max(0, i.Open)), Currency = invoices[0].Currency,
            Reason = reason, Description = Trim(description, 2000), Status = DisputeStatus.Open, Channel = channel, OpenedOn = at.Today, CreatedAt = at.Now,
            Owner = channel == "portal" ? null : at.Actor,
        };
        dispute.Invoices.AddRange(invoices.Select(i => new DisputedInvoice { TenantId = db.TenantId, DisputeId = dispute.Id, InvoiceId = i.Id }));
        db.Add(dispute);
        var numbers = string.Join(", ", invoices.Select(i => i.Number));
        Timeline(db, at, customerId, invoices.Count == 1 ? invoices[0].Id : null, "dispute.opened",
            Summary($"Litige ouvert sur {numbers} ({reason})", null, description), new { disputeId = dispute.Id, reason, channel, invoices = invoices.Select(i => i.Id) });
        await db.SaveChangesAsync(ct);
        return dispute;
    }

    /// <summary>Pauses dunning for the customer (or one invoice) from today until a date, or until lifted.</summary>
    public static async Task<DunningHold> PauseDunningAsync(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string reason,
        DateOnly? until, CancellationToken ct)
    {
        var hold = new DunningHold
        {
            TenantId = db.TenantId, CustomerId = customerId, InvoiceId = invoiceId, Kind = DunningHoldKind.Manual, Reason = Trim(reason, 500) ?? "",
            From = at.Today, Until = until, CreatedBy = at.Actor, CreatedAt = at.Now,
        };
        db.Add(hold);
        Timeline(db, at, customerId, invoiceId, "dunning.paused",
            $"Relances suspendues {(until is { } u ? "jusqu'au " + u.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) : "jusqu'à nouvel ordre")} : {reason}",
            new { holdId = hold.Id, until });
        await db.SaveChangesAsync(ct);
        return hold;
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
        Timeline(db, at, customerId, null, "portal.message", "Message du client : " + Trim(message, 400), new { taskId = task.Id });
        await db.SaveChangesAsync(ct);
        return task;
    }

    internal static void Timeline(EncaisseDb db, Acting at, Guid customerId, Guid? invoiceId, string kind, string summary, object? data) =>
        db.Add(new TimelineEvent
        {
            TenantId = db.TenantId, CustomerId = customerId, InvoiceId = invoiceId, At = at.Now, Kind = kind, Actor = at.Actor,
            Summary = Trim(summary, 500)!, Data = data is null ? null : JsonSerializer.Serialize(data, Cli.CliJson.Options),
        });

    private static string Summary(string what, string? outcome, string? note)
    {
        var text = outcome is null ? what : what + " — " + outcome;
        return string.IsNullOrWhiteSpace(note) ? text : text + " : " + note.Trim();
    }

    private static string? Trim(string? text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Trim().Length <= max ? text.Trim() : text.Trim()[..(max - 1)] + "…";
}
