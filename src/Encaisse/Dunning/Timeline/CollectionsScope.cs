using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Dunning.PaymentPlans;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

/// <summary>
/// What every collections operation works with: the tenant-restricted database, the tenant (for "today" and
/// its currency), the clock and the person or system acting ("portal", "api", a collector login).
/// </summary>
public sealed class CollectionsScope(EncaisseDb db, Tenant tenant, TimeProvider clock, string actor)
{
    public EncaisseDb Db { get; } = db;
    public Tenant Tenant { get; } = tenant;
    public TimeProvider Clock { get; } = clock;
    public string Actor { get; } = string.IsNullOrWhiteSpace(actor) ? "system" : actor.Trim();

    public DateOnly Today => BusinessCalendar.Today(Clock, Tenant.TimeZone);

    public DateTimeOffset Now => Clock.GetUtcNow();

    public static async Task<CollectionsScope> ForAsync(EncaisseDb db, TimeProvider clock, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == db.TenantId, ct)
            ?? throw new InvalidOperationException("The database context is not restricted to an existing tenant.");
        return new CollectionsScope(db, tenant, clock, actor);
    }

    /// <summary>Adds a timeline entry to the unit of work (saved with the operation's other changes).</summary>
    /// <param name="text">The summary as data (<see cref="TimelineText.Of"/>), rendered in the reader's language; <paramref name="summary"/> stays as the stored fallback.</param>
    public TimelineEvent Timeline(Guid customerId, string kind, string summary, Guid? invoiceId = null, object? data = null,
        System.Text.Json.Nodes.JsonObject? text = null)
    {
        if (text is not null)
        {
            var node = data is null ? [] : JsonSerializer.SerializeToNode(data, Encaisse.Operations.JsonShape.Options) as System.Text.Json.Nodes.JsonObject ?? [];
            node["text"] = text;
            data = node;
        }

        var entry = new TimelineEvent
        {
            TenantId = Tenant.Id,
            CustomerId = customerId,
            InvoiceId = invoiceId,
            At = Now,
            Kind = kind,
            Summary = summary.Length > 500 ? summary[..497] + "..." : summary,
            Actor = Actor,
            Data = data is null ? null : JsonSerializer.Serialize(data, Encaisse.Operations.JsonShape.Options).Replace("\n", "", StringComparison.Ordinal),
        };
        Db.Add(entry);
        return entry;
    }

    /// <summary>The customer with this external reference; refused with <c>customer.refRequired</c> (no reference) or <c>customer.notFound</c>.</summary>
    public async Task<Customer> CustomerAsync(string? externalRef, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(externalRef))
        {
            throw new OperationFailedException(OperationError.InvalidField("customerRef", externalRef, "customer.refRequired"));
        }

        return await Db.Customers.SingleOrDefaultAsync(c => c.ExternalRef == externalRef, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("customer.notFound", ("customer", externalRef)));
    }

    /// <summary>The tenant's collections policy (defaults when none was saved).</summary>
    public async Task<CollectionsPolicy> PolicyAsync(CancellationToken ct) =>
        await Db.Set<CollectionsPolicy>().AsNoTracking().SingleOrDefaultAsync(ct) ?? CollectionsPolicy.Defaults(Tenant.Id);

    /// <summary>Converts an amount typed by a person into minor units, refusing extra decimals.</summary>
    public static long ToMinor(decimal amount, string currency, string field, RequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!Currencies.IsKnown(currency))
        {
            errors.Add("currency", "currency.unknown", ("currency", currency));
            return 0;
        }

        if (Currencies.Round(amount, currency) != amount)
        {
            errors.Add(field, "amount.decimals", ("currency", currency), ("digits", Currencies.MinorDigits(currency)));
            return 0;
        }

        try
        {
            return Currencies.ToMinor(amount, currency);
        }
        catch (OverflowException)
        {
            errors.Add(field, "amount.tooLarge");
            return 0;
        }
    }
}
