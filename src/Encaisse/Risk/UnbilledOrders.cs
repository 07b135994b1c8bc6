using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk;

/// <summary>An order taken and not yet invoiced, as the API posts it (amount in major units, tax included).</summary>
public sealed record RecordOrder(string CustomerRef, string? Reference, DateOnly? OrderedOn, decimal? Amount, string? Currency, string? Status);

/// <summary>
/// The order as stored and the credit decision taken on it: the exposure without the order against the limit, the
/// class advice (deposit percentage, terms). <see cref="IsNew"/> tells a first record from a change.
/// </summary>
public sealed record OrderRecorded(UnbilledOrder Order, bool IsNew, OrderDecision Decision, long AdvisedDepositMinor, string? RiskClass, CreditAdvice? Advice);

/// <summary>
/// The one writer of unbilled orders (<c>POST /api/v1/customers/{ref}/orders</c>): checks the input, decides whether a
/// deposit is needed and records (or updates) the order by its reference. Errors: <c>customer.notFound</c>,
/// <c>order.invalid</c> (fields), <c>order.otherCustomer</c> (conflict).
/// </summary>
public static class UnbilledOrders
{
    public static async Task<Result<OrderRecorded>> RecordAsync(EncaisseDb db, Tenant tenant, TimeProvider clock, RecordOrder request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.ExternalRef == request.CustomerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("customer.notFound", ("customer", request.CustomerRef));
        }

        var errors = new List<FieldError>();
        var currency = request.Currency ?? tenant.Currency;
        if (string.IsNullOrWhiteSpace(request.Reference) || request.Reference.Length > 100)
        {
            errors.Add(Field("reference", request.Reference, "order.reference"));
        }

        if (!Currencies.IsKnown(currency))
        {
            errors.Add(Field("currency", currency, "order.currency", ("currency", currency)));
        }

        if (request.Amount is not > 0)
        {
            errors.Add(Field("amount", request.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), "order.amount"));
        }

        var status = UnbilledOrderStatus.Open;
        if (request.Status is not null && !Enum.TryParse(request.Status, true, out status))
        {
            errors.Add(Field("status", request.Status, "order.status"));
        }

        if (errors.Count > 0)
        {
            return OperationError.InvalidFields(errors, "order.invalid");
        }

        var reference = request.Reference!;
        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var amount = Currencies.ToMinor(request.Amount!.Value, currency);
        var order = await db.Set<UnbilledOrder>().SingleOrDefaultAsync(o => o.Reference == reference, ct);
        var isNew = order is null;
        if (order is not null && order.CustomerId != customer.Id)
        {
            return OperationError.Conflict("order.otherCustomer", ("order", reference));
        }

        // The decision looks at the exposure without this order, then adds it.
        var invoices = await PortfolioLoader.LoadAsync(db, ct, customer.Id);
        var otherOrders = await db.Set<UnbilledOrder>()
            .Where(o => o.CustomerId == customer.Id && o.Status == UnbilledOrderStatus.Open && o.Currency == currency && o.Reference != reference)
            .SumAsync(o => o.AmountMinor, ct);
        var exposure = CreditLimits.ExposureOf(invoices, otherOrders, currency, today);
        // The class advice (deposit percentage, terms; the onboarding check counts while there is no payment history), ADR 1830.
        var risk = (await RiskEvaluation.RunAsync(db, tenant, today, clock, ct, customer.ExternalRef, apply: false)).Single();
        var riskClass = risk.Advice?.RiskClass ?? customer.RiskClass;
        var limit = customer.CreditLimitMinor ?? CreditLimits.Recommended(invoices, customer.RiskClass ?? "C", currency, today)
            ?? (currency == tenant.Currency && risk.RecommendedLimit is { } starting ? Currencies.ToMinor(starting, currency) : null);
        var orderMinor = status == UnbilledOrderStatus.Open ? amount : 0;
        var decision = CreditLimits.ForNewOrder(exposure, orderMinor, limit, riskClass,
            customer.InsolvencyOpenedOn is not null || customer.CeasedOn is not null || risk.Onboarding?.CreditRefused == true);
        var advisedDeposit = risk.Advice?.DepositForOrder(orderMinor, decision.DepositToLimitMinor) ?? decision.DepositToLimitMinor;

        order ??= new UnbilledOrder { TenantId = db.TenantId, CustomerId = customer.Id, Reference = reference, CreatedAt = clock.GetUtcNow() };
        order.OrderedOn = request.OrderedOn ?? today;
        order.AmountMinor = amount;
        order.Currency = currency;
        order.Status = status;
        order.DepositRequired = decision.DepositRequired || advisedDeposit > 0;
        if (isNew)
        {
            db.Add(order);
        }

        await db.SaveChangesAsync(ct);
        return Result.Ok(new OrderRecorded(order, isNew, decision, advisedDeposit, riskClass, risk.Advice));
    }

    private static FieldError Field(string field, string? value, string code, params (string Name, object? Value)[] data) =>
        new(field, value, Localization.Catalogue.Text(Localization.Catalogue.English, "error." + code, data));
}
