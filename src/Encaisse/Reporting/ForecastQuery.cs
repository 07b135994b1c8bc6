using Encaisse.Dunning;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Reporting;

/// <summary>
/// Loads what the cash-in forecast needs (ledger, promises, payment plans and disputes with the days they were in force) and runs
/// it per currency: the forecast and each past week see the promises and disputes of their own day.
/// </summary>
public static class ForecastQuery
{
    /// <summary>The forecast of every currency of the ledger.</summary>
    public static Task<IReadOnlyList<CashForecastReport>> RunAsync(EncaisseDb db, DateOnly asOf, int weeks, int pastWeeks, CancellationToken ct) =>
        RunAsync(db, asOf, weeks, pastWeeks, null, null, ct);

    /// <summary>
    /// The forecast of <paramref name="currency"/> only (all when null), with the past weeks of <paramref name="forecastBefore"/>
    /// taken as already forecast (<see cref="CashForecast.Compute(IReadOnlyCollection{PortfolioInvoice}, IReadOnlyCollection{PendingPromise}, IReadOnlyCollection{DisputePeriod}, string, DateOnly, int, int, IReadOnlyDictionary{DateOnly, long}?)"/>).
    /// </summary>
    public static async Task<IReadOnlyList<CashForecastReport>> RunAsync(EncaisseDb db, DateOnly asOf, int weeks, int pastWeeks,
        string? currency, IReadOnlyDictionary<DateOnly, long>? forecastBefore, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (forecastBefore is not null && currency is null)
        {
            throw new ArgumentException("Past forecasts are of one currency: name it.", nameof(currency));
        }

        var invoices = await PortfolioLoader.LoadAsync(db, ct);
        // A promise resolved (kept, broken, cancelled) without a date cannot be placed in time: it counts nowhere.
        var promises = await db.Set<PromiseToPay>().AsNoTracking()
            .Where(p => p.Status == PromiseStatus.Pending || p.ResolvedOn != null)
            .Select(p => new PendingPromise(p.CustomerId, p.Currency, p.AmountMinor, p.PromisedDate, p.RecordedOn,
                p.Status == PromiseStatus.Pending ? null : p.ResolvedOn))
            .ToListAsync(ct);
        // A payment plan's instalments are promises in force from its activation until it closed (completed, defaulted,
        // cancelled); one closed without a date counts nowhere, like a promise.
        var instalments = await (
                from plan in db.Set<PaymentPlan>().AsNoTracking()
                join i in db.Set<PaymentPlanInstalment>().AsNoTracking() on plan.Id equals i.PaymentPlanId
                where plan.ActivatedOn != null && (plan.Status == PaymentPlanStatus.Active || plan.ClosedOn != null)
                select new PendingPromise(plan.CustomerId, plan.Currency, i.AmountMinor, i.DueDate, plan.ActivatedOn,
                    plan.Status == PaymentPlanStatus.Active ? null : plan.ClosedOn))
            .ToListAsync(ct);
        promises.AddRange(instalments);
        // Likewise a dispute closed without a closing date; an active one is in force from its opening day.
        var disputes = await (
                from d in db.Set<Dispute>().AsNoTracking()
                join i in db.Set<DisputedInvoice>().AsNoTracking() on d.Id equals i.DisputeId
                where d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview || d.ClosedOn != null
                select new
                {
                    i.InvoiceId,
                    d.OpenedOn,
                    ClosedOn = d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview ? null : d.ClosedOn,
                })
            .ToListAsync(ct);
        var periods = disputes.Select(d => new DisputePeriod(d.InvoiceId, d.OpenedOn, d.ClosedOn)).ToList();
        return invoices.Select(i => i.Currency).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(c => currency is null || c == currency)
            .Select(c => CashForecast.Compute(invoices, promises, periods, c, asOf, weeks, pastWeeks, forecastBefore))
            .ToList();
    }
}
