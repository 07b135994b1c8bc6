using Encaisse.Dunning.Promises;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Encaisse.Operations;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.PaymentPlans;

public sealed record InstalmentRequest(DateOnly DueDate, decimal Amount);

/// <param name="Total">Defaults to the sum of the instalments.</param>
/// <param name="Instalments">Explicit schedule; or leave empty and give <paramref name="Count"/> and <paramref name="FirstDueDate"/> for equal monthly instalments.</param>
public sealed record CreatePaymentPlan(
    string CustomerRef,
    decimal? Total = null,
    IReadOnlyList<InstalmentRequest>? Instalments = null,
    int? Count = null,
    DateOnly? FirstDueDate = null,
    string? Channel = null,
    string? Currency = null);

public sealed record PaymentPlanView(
    Guid Id, string CustomerRef, PaymentPlanStatus Status, long TotalMinor, string Currency, string Channel, DateOnly AgreedOn,
    DateOnly? ActivatedOn, DateOnly? ClosedOn, string CreatedBy, string? ReviewNote, long PaidMinor,
    IReadOnlyList<InstalmentProgress> Instalments);

/// <summary>Creates payment plans (by a collector, or requested by the customer and accepted within the tenant's rules) and tracks them.</summary>
public static class PaymentPlanOperations
{
    /// <summary>A plan agreed by a collector: active at once.</summary>
    public static Task<PaymentPlanView> CreateAsync(CollectionsScope scope, CreatePaymentPlan request, CancellationToken ct) =>
        AddAsync(scope, request, customerRequest: false, ct);

    /// <summary>
    /// A plan the customer asks for (portal, API): Active when <see cref="PaymentPlanAcceptance"/> accepts it
    /// under the tenant's <see cref="CollectionsPolicy"/>, otherwise Requested with the reasons, for review.
    /// </summary>
    public static Task<PaymentPlanView> RequestAsync(CollectionsScope scope, CreatePaymentPlan request, CancellationToken ct) =>
        AddAsync(scope, request, customerRequest: true, ct);

    private static async Task<PaymentPlanView> AddAsync(CollectionsScope scope, CreatePaymentPlan request, bool customerRequest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await scope.CustomerAsync(request.CustomerRef, ct);
        var today = scope.Today;
        var errors = new RequestErrors();
        var currency = string.IsNullOrWhiteSpace(request.Currency) ? scope.Tenant.Currency : request.Currency.Trim().ToUpperInvariant();
        var total = request.Total is { } t ? CollectionsScope.ToMinor(t, currency, "total", errors) : 0;
        var schedule = Schedule(request, total, currency, errors);
        errors.ThrowIfAny();
        if (request.Total is null)
        {
            total = schedule.Sum(i => i.AmountMinor);
        }

        foreach (var error in PaymentPlanSchedule.Validate(total, schedule, today))
        {
            errors.Add(error.Field, error.Code, [.. error.Data.Select(d => (d.Name, d.Value is long minor ? new Money(minor, currency) : d.Value))]);
        }

        errors.ThrowIfAny();
        // The customer's existing plan first: it is what a request from the portal is told about.
        var active = await scope.Db.Set<PaymentPlan>().AnyAsync(p => p.CustomerId == customer.Id
            && (p.Status == PaymentPlanStatus.Active || p.Status == PaymentPlanStatus.Requested), ct);
        if (active)
        {
            errors.Add("customerRef", "paymentPlan.customerHasPlan");
        }

        var balance = (await CustomerPositions.LoadOpenAsync(scope.Db, customer.Id, today, ct)).BalanceIn(currency);
        if (total > balance)
        {
            if (balance <= 0)
            {
                errors.Add("total", "paymentPlan.nothingOwed", ("currency", currency));
            }
            else
            {
                errors.Add("total", "paymentPlan.aboveBalance", ("balance", new Money(balance, currency)));
            }
        }

        errors.ThrowIfAny();
        PlanAcceptance? decision = customerRequest
            ? PaymentPlanAcceptance.Decide(total, schedule, await scope.PolicyAsync(ct), today)
            : null;
        var accepted = decision is null || decision.Accepted;
        var plan = new PaymentPlan
        {
            TenantId = scope.Tenant.Id,
            CustomerId = customer.Id,
            Status = accepted ? PaymentPlanStatus.Active : PaymentPlanStatus.Requested,
            TotalMinor = total,
            Currency = currency,
            Channel = string.IsNullOrWhiteSpace(request.Channel) ? (customerRequest ? "portal" : "collector") : request.Channel.Trim().ToLowerInvariant(),
            AgreedOn = today,
            ActivatedOn = accepted ? today : null,
            CreatedBy = scope.Actor,
            ReviewNote = decision is { Accepted: false } ? string.Join(" ", decision.Reasons) : null,
            CreatedAt = scope.Now,
        };
        plan.Instalments.AddRange(schedule.Select((s, i) => new PaymentPlanInstalment
        {
            TenantId = scope.Tenant.Id, PaymentPlanId = plan.Id, Sequence = i + 1, DueDate = s.DueDate, AmountMinor = s.AmountMinor,
        }));
        scope.Db.Add(plan);
        var what = $"Payment plan of {new Money(total, currency)} in {schedule.Count} instalment(s), {schedule[0].DueDate:yyyy-MM-dd} to {schedule[^1].DueDate:yyyy-MM-dd}";
        scope.Timeline(customer.Id, customerRequest ? (accepted ? "plan.accepted" : "plan.requested") : "plan.created",
            customerRequest
                ? what + (accepted ? " requested and accepted automatically" : " requested; waiting for review: " + plan.ReviewNote)
                : what + " agreed",
            data: new { planId = plan.Id, totalMinor = total, currency, instalments = schedule.Count, status = plan.Status },
            text: TimelineText.Of(customerRequest ? (accepted ? "plan.autoAccepted" : "plan.requested") : "plan.created",
                ("amount", new Money(total, currency)), ("count", schedule.Count), ("note", plan.ReviewNote)));
        await scope.Db.SaveChangesAsync(ct);
        return await GetAsync(scope, plan.Id, ct);
    }

    /// <summary>The explicit instalments, or equal monthly ones from a total, a count and a first due date.</summary>
    private static List<PlannedInstalment> Schedule(CreatePaymentPlan request, long totalMinor, string currency, RequestErrors errors)
    {
        if (request.Instalments is { Count: > 0 } given)
        {
            return given.Select((i, n) => new PlannedInstalment(i.DueDate, CollectionsScope.ToMinor(i.Amount, currency, $"instalments[{n}].amount", errors))).ToList();
        }

        if (request.Count is { } count && request.FirstDueDate is { } first && request.Total is not null)
        {
            if (count is < 1 or > 120)
            {
                errors.Add("count", "paymentPlan.count", ("min", 1), ("max", 120));
                return [];
            }

            return totalMinor > 0 ? PaymentPlanSchedule.Equal(totalMinor, count, first).ToList() : [];
        }

        errors.Add("instalments", "paymentPlan.scheduleMissing");
        return [];
    }

    /// <summary>A reviewer accepts (Active from today) or refuses (Cancelled) a requested plan.</summary>
    public static async Task<PaymentPlanView> ReviewAsync(CollectionsScope scope, Guid planId, bool accept, string? comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var plan = await scope.Db.Set<PaymentPlan>().SingleOrDefaultAsync(p => p.Id == planId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("paymentPlan.notFound", ("plan", planId)));
        if (plan.Status != PaymentPlanStatus.Requested)
        {
            throw new OperationFailedException(OperationError.Conflict("paymentPlan.notRequested", ("status", RefusalWords.State(plan.Status))));
        }

        plan.Status = accept ? PaymentPlanStatus.Active : PaymentPlanStatus.Cancelled;
        plan.ActivatedOn = accept ? scope.Today : null;
        plan.ClosedOn = accept ? null : scope.Today;
        plan.ReviewNote = string.IsNullOrWhiteSpace(comment) ? plan.ReviewNote : comment.Trim();
        scope.Timeline(plan.CustomerId, accept ? "plan.accepted" : "plan.refused",
            $"Payment plan of {new Money(plan.TotalMinor, plan.Currency)} {(accept ? "accepted" : "refused")} after review", data: new { planId = plan.Id },
            text: TimelineText.Of(accept ? "plan.accepted" : "plan.refused", ("amount", new Money(plan.TotalMinor, plan.Currency))));
        await scope.Db.SaveChangesAsync(ct);
        return await GetAsync(scope, plan.Id, ct);
    }

    /// <summary>Cancels an active or requested plan (dunning resumes).</summary>
    public static async Task<PaymentPlanView> CancelAsync(CollectionsScope scope, Guid planId, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var plan = await scope.Db.Set<PaymentPlan>().SingleOrDefaultAsync(p => p.Id == planId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("paymentPlan.notFound", ("plan", planId)));
        if (plan.Status is not (PaymentPlanStatus.Active or PaymentPlanStatus.Requested))
        {
            throw new OperationFailedException(OperationError.Conflict("paymentPlan.closed", ("status", RefusalWords.State(plan.Status))));
        }

        plan.Status = PaymentPlanStatus.Cancelled;
        plan.ClosedOn = scope.Today;
        scope.Timeline(plan.CustomerId, "plan.cancelled",
            $"Payment plan of {new Money(plan.TotalMinor, plan.Currency)} cancelled" + (string.IsNullOrWhiteSpace(reason) ? "" : ": " + reason.Trim()),
            data: new { planId = plan.Id },
            text: TimelineText.Of("plan.cancelled", ("amount", new Money(plan.TotalMinor, plan.Currency)), ("reason", reason?.Trim())));
        await scope.Db.SaveChangesAsync(ct);
        return await GetAsync(scope, plan.Id, ct);
    }

    /// <summary>Marks active plans completed or defaulted from the payments received, as of a date. Idempotent.</summary>
    public static async Task<IReadOnlyList<PaymentPlanView>> CheckAsync(CollectionsScope scope, DateOnly? asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var date = asOf ?? scope.Today;
        var policy = await scope.PolicyAsync(ct);
        var plans = await scope.Db.Set<PaymentPlan>().Include(p => p.Instalments).Where(p => p.Status == PaymentPlanStatus.Active && p.AgreedOn <= date).ToListAsync(ct);
        if (plans.Count == 0)
        {
            return [];
        }

        var payments = await ReceivedPayments.ForCustomersAsync(scope.Db, plans.Select(p => p.CustomerId).Distinct().ToList(), plans.Min(p => p.AgreedOn), ct);
        var changed = new List<Guid>();
        foreach (var plan in plans)
        {
            var progress = PaymentPlanProgress.Evaluate(plan, payments.GetValueOrDefault(plan.CustomerId) ?? [], policy.InstalmentGraceDays, date);
            if (progress.Status == PaymentPlanStatus.Active)
            {
                continue;
            }

            plan.Status = progress.Status;
            plan.ClosedOn = progress.ChangedOn;
            var money = new Money(plan.TotalMinor, plan.Currency);
            scope.Timeline(plan.CustomerId, progress.Status == PaymentPlanStatus.Completed ? "plan.completed" : "plan.defaulted",
                progress.Status == PaymentPlanStatus.Completed
                    ? $"Payment plan of {money} completed on {progress.ChangedOn:yyyy-MM-dd}"
                    : $"Payment plan of {money} defaulted on {progress.ChangedOn:yyyy-MM-dd}: an instalment was not paid in time; dunning resumes",
                data: new { planId = plan.Id, paidMinor = progress.PaidMinor },
                text: TimelineText.Of(progress.Status == PaymentPlanStatus.Completed ? "plan.completed" : "plan.defaulted", ("amount", money), ("on", progress.ChangedOn)));
            changed.Add(plan.Id);
        }

        await scope.Db.SaveChangesAsync(ct);
        return await ViewsAsync(scope, scope.Db.Set<PaymentPlan>().Where(p => changed.Contains(p.Id)), date, ct);
    }

    public static async Task<PaymentPlanView> GetAsync(CollectionsScope scope, Guid planId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var views = await ViewsAsync(scope, scope.Db.Set<PaymentPlan>().Where(p => p.Id == planId), scope.Today, ct);
        return views.Count == 1 ? views[0] : throw new OperationFailedException(OperationError.NotFound("paymentPlan.notFound", ("plan", planId)));
    }

    public static async Task<IReadOnlyList<PaymentPlanView>> ListAsync(CollectionsScope scope, string? customerRef, PaymentPlanStatus? status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Db.Set<PaymentPlan>().AsQueryable();
        if (customerRef is not null)
        {
            var customer = await scope.CustomerAsync(customerRef, ct);
            query = query.Where(p => p.CustomerId == customer.Id);
        }

        if (status is { } s)
        {
            query = query.Where(p => p.Status == s);
        }

        return await ViewsAsync(scope, query, scope.Today, ct);
    }

    private static async Task<List<PaymentPlanView>> ViewsAsync(CollectionsScope scope, IQueryable<PaymentPlan> query, DateOnly asOf, CancellationToken ct)
    {
        var policy = await scope.PolicyAsync(ct);
        var plans = await query.AsNoTracking().Include(p => p.Instalments).OrderByDescending(p => p.AgreedOn).ThenByDescending(p => p.Id).Take(1000).ToListAsync(ct);
        if (plans.Count == 0)
        {
            return [];
        }

        var customerIds = plans.Select(p => p.CustomerId).Distinct().ToList();
        var refs = await scope.Db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ExternalRef, ct);
        var payments = await ReceivedPayments.ForCustomersAsync(scope.Db, customerIds, plans.Min(p => p.AgreedOn), ct);
        return plans.Select(p =>
        {
            var progress = PaymentPlanProgress.Evaluate(p, payments.GetValueOrDefault(p.CustomerId) ?? new List<ReceivedPayment>(), policy.InstalmentGraceDays, asOf);
            return new PaymentPlanView(p.Id, refs.GetValueOrDefault(p.CustomerId) ?? "", p.Status, p.TotalMinor, p.Currency, p.Channel, p.AgreedOn,
                p.ActivatedOn, p.ClosedOn, p.CreatedBy, p.ReviewNote, progress.PaidMinor, progress.Instalments);
        }).ToList();
    }
}
