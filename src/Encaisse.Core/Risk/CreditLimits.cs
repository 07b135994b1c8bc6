using Encaisse.Ledger;
using Encaisse.Reporting;

namespace Encaisse.Risk;

/// <summary>Open invoices plus unbilled orders of a customer, in one currency.</summary>
public sealed record Exposure(string Currency, long OpenInvoicesMinor, long UnbilledOrdersMinor)
{
    public long TotalMinor => OpenInvoicesMinor + UnbilledOrdersMinor;
}

/// <summary>Whether a new order can ship on credit or needs a deposit (acompte), and why.</summary>
public sealed record OrderDecision(bool DepositRequired, long? LimitMinor, long ExposureAfterMinor, IReadOnlyList<AdviceReason> Reasons)
{
    /// <summary>
    /// The deposit that brings the exposure after the order back under the limit (0 when it stays under, the whole order
    /// at most); other reasons (class D/E, procedure) may still require one.
    /// </summary>
    public long DepositToLimitMinor { get; init; }
}

/// <summary>Recommended credit limits, exposure and the deposit decision for new orders (docs/risk.md).</summary>
public static class CreditLimits
{
    /// <summary>Months of average monthly sales granted as credit, by risk class.</summary>
    public static decimal MonthsOfSales(string riskClass) => riskClass switch
    {
        "A" => 3m,
        "B" => 2m,
        "C" => 1m,
        "D" => 0.5m,
        _ => 0m,
    };

    /// <summary>
    /// Recommended limit: the customer's average monthly sales over the last 12 months times the months its
    /// class allows; null without sales (a new customer: decide by hand, with a registry check).
    /// </summary>
    public static long? Recommended(IEnumerable<PortfolioInvoice> invoices, string riskClass, string currency, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var from = asOf.AddMonths(-12);
        var sales = invoices
            .Where(i => i.Currency == currency && i.IssueDate > from && i.ExistsOn(asOf))
            .Sum(i => i.Kind == DocumentKind.CreditNote ? -i.GrossMinor : i.GrossMinor);
        if (sales <= 0)
        {
            return null;
        }

        var monthly = Currencies.FromMinor(sales, currency) / 12m;
        return Currencies.ToMinor(monthly * MonthsOfSales(riskClass), currency);
    }

    public static Exposure ExposureOf(IEnumerable<PortfolioInvoice> invoices, long unbilledOrdersMinor, string currency, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var open = invoices.Where(i => i.Currency == currency)
            .Sum(i => (i.Kind == DocumentKind.CreditNote ? -1 : 1) * Math.Max(0, i.OpenOn(asOf)));
        return new Exposure(currency, open, unbilledOrdersMinor);
    }

    /// <summary>
    /// A new order needs a deposit when the customer is class D or E, is in a collective procedure, or when the
    /// order would take the exposure over the limit (the set limit, else the recommended one).
    /// </summary>
    public static OrderDecision ForNewOrder(Exposure exposure, long orderMinor, long? limitMinor, string? riskClass, bool insolvent)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        var after = exposure.TotalMinor + orderMinor;
        var reasons = new List<AdviceReason>();
        if (insolvent)
        {
            reasons.Add(AdviceReason.Of("orderInsolvent"));
        }

        if (riskClass is "D" or "E")
        {
            reasons.Add(AdviceReason.Of("orderClass", ("class", riskClass)));
        }

        if (limitMinor is { } limit && after > limit)
        {
            var currency = exposure.Currency;
            var data = new (string, object?)[]
            {
                ("exposure", new Money(after, currency)), ("limit", new Money(limit, currency)),
                ("deposit", new Money(Math.Clamp(after - limit, 0, Math.Max(orderMinor, 0)), currency)),
            };
            // Over the limit before this order too: no deposit on it brings the exposure back under, it only stops the order adding to it.
            reasons.Add(AdviceReason.Of(orderMinor <= 0 ? "overLimit" : exposure.TotalMinor > limit ? "orderOverLimitAlready" : "orderOverLimit", data));
        }

        var overLimit = limitMinor is { } l2 ? Math.Clamp(after - l2, 0, Math.Max(orderMinor, 0)) : 0;
        return new OrderDecision(reasons.Count > 0, limitMinor, after, reasons) { DepositToLimitMinor = overLimit };
    }
}
