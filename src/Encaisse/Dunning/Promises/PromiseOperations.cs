using Encaisse.Dunning.Disputes;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Promises;

/// <param name="Channel">phone, email, portal, letter, api.</param>
/// <param name="Currency">Defaults to the tenant currency.</param>
public sealed record RecordPromise(string CustomerRef, decimal Amount, DateOnly Date, string? Channel = null, string? Note = null, string? Currency = null);

public sealed record PromiseView(
    Guid Id, string CustomerRef, PromiseStatus Status, long AmountMinor, string Currency, DateOnly PromisedDate, DateOnly GraceEnd,
    string Channel, string? Note, string RecordedBy, DateOnly RecordedOn, DateOnly? ResolvedOn);

/// <summary>One promise whose status changed during a check.</summary>
public sealed record PromiseChange(Guid Id, string CustomerRef, PromiseStatus Status, long PaidMinor, long AmountMinor, string Currency, DateOnly ResolvedOn);

/// <summary>Records, cancels and checks promises to pay.</summary>
public static class PromiseOperations
{
    public static async Task<PromiseView> RecordAsync(CollectionsScope scope, RecordPromise request, CancellationToken ct)
    {
        var promise = await AddAsync(scope, request, ct);
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<PromiseToPay>().Where(p => p.Id == promise.Id), ct))[0];
    }

    /// <summary>
    /// Validates (date not in the past, 0 &lt; amount ≤ the customer's open balance in that currency) and adds
    /// the promise to the unit of work without saving.
    /// </summary>
    internal static async Task<PromiseToPay> AddAsync(CollectionsScope scope, RecordPromise request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await scope.CustomerAsync(request.CustomerRef, ct);
        var today = scope.Today;
        var errors = new RequestErrors();
        var currency = string.IsNullOrWhiteSpace(request.Currency) ? scope.Tenant.Currency : request.Currency.Trim().ToUpperInvariant();
        var amount = CollectionsScope.ToMinor(request.Amount, currency, "amount", errors);
        if (request.Date < today)
        {
            errors.Add("date", "promise.datePast", ("date", request.Date), ("today", today));
        }

        if (!errors.Any)
        {
            var balance = (await CustomerPositions.LoadOpenAsync(scope.Db, customer.Id, today, ct)).BalanceIn(currency);
            if (amount <= 0)
            {
                errors.Add("amount", "promise.amountNotPositive");
            }
            else if (amount > balance)
            {
                if (balance <= 0)
                {
                    errors.Add("amount", "promise.nothingOwed", ("currency", currency));
                }
                else
                {
                    errors.Add("amount", "promise.aboveBalance", ("balance", new Money(balance, currency)));
                }
            }
        }

        errors.ThrowIfAny();
        var promise = new PromiseToPay
        {
            TenantId = scope.Tenant.Id,
            CustomerId = customer.Id,
            AmountMinor = amount,
            Currency = currency,
            PromisedDate = request.Date,
            Channel = string.IsNullOrWhiteSpace(request.Channel) ? "phone" : request.Channel.Trim().ToLowerInvariant(),
            Status = PromiseStatus.Pending,
            Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(),
            RecordedBy = scope.Actor,
            RecordedAt = scope.Now,
            RecordedOn = today,
        };
        scope.Db.Add(promise);
        scope.Timeline(customer.Id, "promise.recorded",
            $"Promise to pay {new Money(amount, currency)} by {request.Date:yyyy-MM-dd} ({promise.Channel})",
            data: new { promiseId = promise.Id, amountMinor = amount, currency, date = request.Date },
            text: TimelineText.Of("promise.recorded", ("amount", new Money(amount, currency)), ("date", request.Date), ("channel", new Encaisse.Localization.Word(promise.Channel))));
        return promise;
    }

    public static async Task<PromiseView> CancelAsync(CollectionsScope scope, Guid promiseId, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var promise = await scope.Db.Set<PromiseToPay>().SingleOrDefaultAsync(p => p.Id == promiseId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("promise.notFound", ("promise", promiseId)));
        if (promise.Status != PromiseStatus.Pending)
        {
            throw new OperationFailedException(OperationError.Conflict("promise.notPending", ("status", RefusalWords.State(promise.Status))));
        }

        promise.Status = PromiseStatus.Cancelled;
        promise.ResolvedOn = scope.Today;
        scope.Timeline(promise.CustomerId, "promise.cancelled",
            $"Promise to pay {new Money(promise.AmountMinor, promise.Currency)} by {promise.PromisedDate:yyyy-MM-dd} cancelled"
            + (string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason.Trim()),
            data: new { promiseId = promise.Id },
            text: TimelineText.Of("promise.cancelled", ("amount", new Money(promise.AmountMinor, promise.Currency)), ("date", promise.PromisedDate), ("reason", reason?.Trim())));
        await scope.Db.SaveChangesAsync(ct);
        return (await ViewsAsync(scope, scope.Db.Set<PromiseToPay>().Where(p => p.Id == promise.Id), ct))[0];
    }

    /// <summary>
    /// Applies <see cref="PromiseEvaluation"/> to every pending promise as of <paramref name="asOf"/> (default
    /// today): kept or broken promises get their status and a timeline entry. Running it twice changes nothing.
    /// </summary>
    /// <param name="customerId">Only this customer's promises (the ledger re-evaluates them after a payment).</param>
    public static async Task<IReadOnlyList<PromiseChange>> CheckAsync(CollectionsScope scope, DateOnly? asOf, CancellationToken ct, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var date = asOf ?? scope.Today;
        var query = scope.Db.Set<PromiseToPay>().Where(p => p.Status == PromiseStatus.Pending && p.RecordedOn <= date);
        if (customerId is { } only)
        {
            query = query.Where(p => p.CustomerId == only);
        }

        var pending = await query.ToListAsync(ct);
        if (pending.Count == 0)
        {
            return [];
        }

        var policy = await scope.PolicyAsync(ct);
        var customerIds = pending.Select(p => p.CustomerId).Distinct().ToList();
        var pendingIds = pending.Select(p => p.Id).ToHashSet();
        // Kept promises of the same customers take their share of the payments first (a payment counts once).
        var resolved = await scope.Db.Set<PromiseToPay>().AsNoTracking()
            .Where(p => customerIds.Contains(p.CustomerId) && p.Status == PromiseStatus.Kept).ToListAsync(ct);
        var from = pending.Concat(resolved).Min(p => p.RecordedOn);
        var payments = await ReceivedPayments.ForCustomersAsync(scope.Db, customerIds, from, ct);
        var refs = await scope.Db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
        var changes = new List<PromiseChange>();
        foreach (var group in pending.Concat(resolved).GroupBy(p => p.CustomerId))
        {
            var outcomes = PromiseEvaluation.EvaluateAll(group, payments.GetValueOrDefault(group.Key) ?? [], policy.PromiseGraceDays, date);
            foreach (var (promise, outcome) in outcomes)
            {
                if (!pendingIds.Contains(promise.Id) || outcome.Status is not (PromiseStatus.Kept or PromiseStatus.Broken))
                {
                    continue;
                }

                promise.Status = outcome.Status;
                promise.ResolvedOn = outcome.ResolvedOn;
                var money = new Money(promise.AmountMinor, promise.Currency);
                scope.Timeline(promise.CustomerId, outcome.Status == PromiseStatus.Kept ? "promise.kept" : "promise.broken",
                    outcome.Status == PromiseStatus.Kept
                        ? $"Promise to pay {money} by {promise.PromisedDate:yyyy-MM-dd} kept on {outcome.ResolvedOn:yyyy-MM-dd}"
                        : $"Promise to pay {money} by {promise.PromisedDate:yyyy-MM-dd} broken: {new Money(outcome.PaidMinor, promise.Currency)} received by {outcome.GraceEnd:yyyy-MM-dd}; dunning resumes",
                    data: new { promiseId = promise.Id, paidMinor = outcome.PaidMinor, resolvedOn = outcome.ResolvedOn },
                    text: TimelineText.Of(outcome.Status == PromiseStatus.Kept ? "promise.kept" : "promise.broken", ("amount", money), ("date", promise.PromisedDate),
                        ("paid", new Money(outcome.PaidMinor, promise.Currency)), ("on", outcome.Status == PromiseStatus.Kept ? outcome.ResolvedOn : outcome.GraceEnd)));
                changes.Add(new PromiseChange(promise.Id, refs.GetValueOrDefault(promise.CustomerId) ?? "", outcome.Status, outcome.PaidMinor,
                    promise.AmountMinor, promise.Currency, outcome.ResolvedOn!.Value));
            }
        }

        await scope.Db.SaveChangesAsync(ct);
        return changes;
    }

    public static async Task<IReadOnlyList<PromiseView>> ListAsync(CollectionsScope scope, string? customerRef, PromiseStatus? status, CancellationToken ct) =>
        await ViewsAsync(scope, await FilterAsync(scope, customerRef, status, ct), ct);

    /// <summary>
    /// One page of the list (earliest promised date first, then by id) and the count for the filters, exact up to <paramref name="countCap"/> (beyond it
    /// the count is the cap and the flag says so): what the API's list form needs (docs/api.md).
    /// </summary>
    public static async Task<(IReadOnlyList<PromiseView> Items, int Total, bool TotalIsLowerBound)> PageAsync(
        CollectionsScope scope, string? customerRef, PromiseStatus? status, int skip, int take, int countCap, CancellationToken ct)
    {
        var query = await FilterAsync(scope, customerRef, status, ct);
        var counted = await query.Take(countCap + 1).CountAsync(ct);
        return (await ViewsAsync(scope, query, ct, skip, take), Math.Min(counted, countCap), counted > countCap);
    }

    private static async Task<IQueryable<PromiseToPay>> FilterAsync(CollectionsScope scope, string? customerRef, PromiseStatus? status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Db.Set<PromiseToPay>().AsQueryable();
        if (customerRef is not null)
        {
            var customer = await scope.CustomerAsync(customerRef, ct);
            query = query.Where(p => p.CustomerId == customer.Id);
        }

        if (status is { } s)
        {
            query = query.Where(p => p.Status == s);
        }

        return query;
    }

    private static async Task<List<PromiseView>> ViewsAsync(CollectionsScope scope, IQueryable<PromiseToPay> query, CancellationToken ct,
        int skip = 0, int take = 1000)
    {
        var policy = await scope.PolicyAsync(ct);
        var db = scope.Db;
        // The earliest promises read in the (tenant, promised date, id) index's order, each with its customer's reference
        // looked up for the rows returned only (ADR 1590).
        var promises = await query.AsNoTracking().OrderBy(p => p.PromisedDate).ThenBy(p => p.Id).Skip(skip).Take(take)
            .Select(p => new { Promise = p, CustomerRef = db.Customers.Where(c => c.Id == p.CustomerId).Select(c => c.ExternalRef).FirstOrDefault() })
            .ToListAsync(ct);
        return promises.Select(x => new PromiseView(x.Promise.Id, x.CustomerRef ?? "", x.Promise.Status, x.Promise.AmountMinor, x.Promise.Currency,
            x.Promise.PromisedDate, PromiseEvaluation.GraceEnd(x.Promise, policy.PromiseGraceDays), x.Promise.Channel, x.Promise.Note, x.Promise.RecordedBy,
            x.Promise.RecordedOn, x.Promise.ResolvedOn)).ToList();
    }

    internal static string Short(Guid id) => DisputeOperations.Short(id);
}
