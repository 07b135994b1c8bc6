using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Dunning.Holds;
using Encaisse.Dunning.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Holds;

/// <param name="Kind">Manual (pause the customer, end date optional) or Exclusion (customer or one invoice, end date required).</param>
/// <param name="InvoiceNumber">Exclude only this invoice.</param>
/// <param name="Until">Last day of the hold.</param>
public sealed record CreateHold(string CustomerRef, DunningHoldKind Kind, string Reason, DateOnly? Until = null, string? InvoiceNumber = null, DateOnly? From = null);

public sealed record HoldView(
    Guid Id, string CustomerRef, string? InvoiceNumber, DunningHoldKind Kind, string Reason, DateOnly From, DateOnly? Until,
    bool ActiveToday, string CreatedBy, string? LiftedBy, DateOnly? LiftedOn);

/// <summary>A customer's pause state on a date, as the planner will see it.</summary>
public sealed record PauseView(string CustomerRef, DateOnly AsOf, bool CustomerPaused, IReadOnlyList<PauseReason> CustomerReasons,
    IReadOnlyDictionary<string, IReadOnlyList<PauseReason>> InvoiceReasons);

/// <summary>Manual pauses and exclusions from dunning, and the pause state that results from everything.</summary>
public static class DunningHoldOperations
{
    public static async Task<HoldView> CreateAsync(CollectionsScope scope, CreateHold request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await scope.CustomerAsync(request.CustomerRef, ct);
        var today = scope.Today;
        var from = request.From ?? today;
        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason", "hold.reasonRequired");
        }

        if (request.Kind is not (DunningHoldKind.Manual or DunningHoldKind.Exclusion or DunningHoldKind.Insolvency))
        {
            errors.Add("kind", "hold.kindUnknown");
        }

        if (request.Kind == DunningHoldKind.Exclusion && request.Until is null)
        {
            errors.Add("until", "hold.exclusionNeedsEnd");
        }

        if (request.Kind == DunningHoldKind.Manual && request.InvoiceNumber is not null)
        {
            errors.Add("invoiceNumber", "hold.manualIsForCustomer");
        }

        if (from < today)
        {
            errors.Add("from", "hold.startPast", ("from", from), ("today", today));
        }

        if (request.Until is { } until && until < from)
        {
            errors.Add("until", "hold.endBeforeStart", ("until", until), ("from", from));
        }

        Guid? invoiceId = null;
        if (!string.IsNullOrWhiteSpace(request.InvoiceNumber))
        {
            var number = request.InvoiceNumber.Trim();
            invoiceId = await scope.Db.Invoices.Where(i => i.Number == number && i.CustomerId == customer.Id).Select(i => (Guid?)i.Id).SingleOrDefaultAsync(ct);
            if (invoiceId is null)
            {
                errors.Add("invoiceNumber", "hold.invoiceNotOfCustomer", ("invoice", number));
            }
        }

        errors.ThrowIfAny();
        var hold = new DunningHold
        {
            TenantId = scope.Tenant.Id, CustomerId = customer.Id, InvoiceId = invoiceId, Kind = request.Kind, Reason = request.Reason.Trim(),
            From = from, Until = request.Until, CreatedBy = scope.Actor, CreatedAt = scope.Now,
        };
        scope.Db.Add(hold);
        var target = invoiceId is null ? "customer" : "invoice " + request.InvoiceNumber!.Trim();
        var verb = request.Kind == DunningHoldKind.Manual ? "paused" : "excluded from dunning";
        scope.Timeline(customer.Id, "hold.added",
            $"Dunning {verb} for the {target} from {from:yyyy-MM-dd}" + (request.Until is { } u ? $" until {u:yyyy-MM-dd}" : " until lifted") + ": " + hold.Reason,
            invoiceId, new { holdId = hold.Id, kind = hold.Kind },
            TimelineText.Of("hold.added", ("hold", new Encaisse.Localization.Word(request.Kind == DunningHoldKind.Manual ? "hold" : "exclusion")),
                ("target", new Encaisse.Localization.Nested(invoiceId is null ? "hold.customer" : "hold.invoice")), ("target.number", request.InvoiceNumber?.Trim()),
                ("from", from), ("until", new Encaisse.Localization.Nested(request.Until is null ? "hold.open" : "hold.until")), ("until.until", request.Until),
                ("reason", hold.Reason)));
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<DunningHold>().Where(h => h.Id == hold.Id), today, ct))[0];
    }

    /// <summary>Ends a hold: it no longer applies from today (its end becomes yesterday).</summary>
    public static async Task<HoldView> LiftAsync(CollectionsScope scope, Guid holdId, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var hold = await scope.Db.Set<DunningHold>().SingleOrDefaultAsync(h => h.Id == holdId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("hold.notFound", ("hold", holdId)));
        var today = scope.Today;
        if (hold.LiftedOn is not null || (hold.Until is { } end && end < today))
        {
            throw new OperationFailedException(OperationError.Conflict("hold.ended"));
        }

        hold.Until = today.AddDays(-1);
        hold.LiftedOn = today;
        hold.LiftedBy = scope.Actor;
        scope.Timeline(hold.CustomerId, "hold.lifted", $"Dunning hold lifted ({hold.Reason})" + (string.IsNullOrWhiteSpace(comment) ? "" : ": " + comment.Trim()),
            hold.InvoiceId, new { holdId = hold.Id }, TimelineText.Of("hold.lifted", ("reason", hold.Reason), ("comment", comment?.Trim())));
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<DunningHold>().Where(h => h.Id == hold.Id), today, ct))[0];
    }

    public static async Task<IReadOnlyList<HoldView>> ListAsync(CollectionsScope scope, string? customerRef, bool currentOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Db.Set<DunningHold>().AsQueryable();
        if (customerRef is not null)
        {
            var customer = await scope.CustomerAsync(customerRef, ct);
            query = query.Where(h => h.CustomerId == customer.Id);
        }

        var today = scope.Today;
        if (currentOnly)
        {
            // Applies today or starts later.
            query = query.Where(h => h.Until == null || h.Until >= today);
        }

        return await ViewsAsync(scope, query, today, ct);
    }

    /// <summary>Everything that pauses one customer's dunning on a date (holds, disputes, promises, plans).</summary>
    public static async Task<PauseView> PausesAsync(CollectionsScope scope, string customerRef, DateOnly? asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var customer = await scope.CustomerAsync(customerRef, ct);
        var date = asOf ?? scope.Today;
        var db = scope.Db;
        var holds = await db.Set<DunningHold>().AsNoTracking().Where(h => h.CustomerId == customer.Id).ToListAsync(ct);
        var disputes = await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices).Where(d => d.CustomerId == customer.Id).ToListAsync(ct);
        var promises = await db.Set<PromiseToPay>().AsNoTracking().Where(p => p.CustomerId == customer.Id).ToListAsync(ct);
        var plans = await db.Set<PaymentPlan>().AsNoTracking().Include(p => p.Instalments).Where(p => p.CustomerId == customer.Id).ToListAsync(ct);
        var policy = await scope.PolicyAsync(ct);
        var state = DunningPauses.Evaluate(date, holds, disputes, promises, plans, policy.PromiseGraceDays);
        var ids = state.InvoiceReasons.Keys.ToList();
        var numbers = await db.Invoices.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        return new PauseView(customer.ExternalRef, date, state.CustomerPaused, state.CustomerReasons,
            state.InvoiceReasons.ToDictionary(kv => numbers.GetValueOrDefault(kv.Key) ?? kv.Key.ToString(), kv => kv.Value, StringComparer.Ordinal));
    }

    private static async Task<List<HoldView>> ViewsAsync(CollectionsScope scope, IQueryable<DunningHold> query, DateOnly today, CancellationToken ct)
    {
        var holds = await query.AsNoTracking().OrderByDescending(h => h.From).ThenByDescending(h => h.Id).Take(1000).ToListAsync(ct);
        var customerIds = holds.Select(h => h.CustomerId).Distinct().ToList();
        var invoiceIds = holds.Where(h => h.InvoiceId != null).Select(h => h.InvoiceId!.Value).Distinct().ToList();
        var refs = await scope.Db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
        var numbers = await scope.Db.Invoices.AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        return holds.Select(h => new HoldView(h.Id, refs.GetValueOrDefault(h.CustomerId) ?? "", h.InvoiceId is { } i ? numbers.GetValueOrDefault(i) : null,
            h.Kind, h.Reason, h.From, h.Until, h.AppliesOn(today), h.CreatedBy, h.LiftedBy, h.LiftedOn)).ToList();
    }
}
