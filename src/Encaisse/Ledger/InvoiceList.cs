using System.Globalization;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>Which invoices the list shows: by the open amount today (open, overdue, not yet due), paid, cancelled, or all.</summary>
public enum InvoiceListStatus
{
    All = 0,
    Open = 1,
    Overdue = 2,
    NotDue = 3,
    Paid = 4,
    Cancelled = 5,
}

/// <summary>
/// Filters of the invoices list: text (invoice number, customer reference or name), status, collector, currency, due
/// between two dates (an aged-balance bucket is a due range), one customer.
/// </summary>
public sealed record InvoiceQuery(string? Search, InvoiceListStatus Status, string? Collector, DateOnly? DueFrom, DateOnly? DueTo,
    DateOnly Today, string? Currency = null, Guid? CustomerId = null, int Page = 1, int PageSize = 50);

/// <summary>One invoice of the list, its open amount today from the ledger's maintained settled total (ADR 0610).</summary>
public sealed record InvoiceLine(Guid Id, string Number, Guid CustomerId, string CustomerRef, string CustomerName, string? Collector,
    DateOnly IssueDate, DateOnly DueDate, string Currency, long GrossMinor, long OpenMinor, DateOnly? CancelledOn)
{
    public InvoiceStatus StatusOn(DateOnly today) =>
        CancelledOn is not null ? InvoiceStatus.Cancelled
        : OpenMinor <= 0 ? InvoiceStatus.Paid
        : DueDate < today ? InvoiceStatus.Overdue
        : OpenMinor < GrossMinor ? InvoiceStatus.PartiallyPaid
        : InvoiceStatus.Open;

    public int DaysLate(DateOnly today) => OpenMinor > 0 && CancelledOn is null && DueDate < today ? today.DayNumber - DueDate.DayNumber : 0;
}

/// <summary>
/// A page of the list, and the count and open total of the whole selection per currency — none when the selection
/// holds more than <see cref="InvoiceList.TotalsLimit"/> invoices (<see cref="MoreThanLimit"/>).
/// </summary>
public sealed record InvoicePage(IReadOnlyList<InvoiceLine> Lines, bool HasNext, IReadOnlyList<(string Currency, int Count, long OpenMinor)> Totals,
    bool MoreThanLimit = false);

/// <summary>
/// The invoices list of the back office and its export (CSV/XLSX through <c>ReportExport</c>): index-friendly filters,
/// paging without a count (one row more says whether there is a next page), and the open total of the whole
/// selection per currency — the figure a dashboard drill-down lands on — when it holds at most
/// <see cref="TotalsLimit"/> invoices.
/// </summary>
public static class InvoiceList
{
    public const int ExportLimit = 100_000;

    public static Task<InvoicePage> SearchAsync(EncaisseDb db, InvoiceQuery query, CancellationToken ct) =>
        SearchAsync(db, query, TotalsLimit, CustomerSearch.IdLimit, ct);

    /// <summary>The list with its limits given (tests: the totals' cap, and the customer search read the long way).</summary>
    internal static async Task<InvoicePage> SearchAsync(EncaisseDb db, InvoiceQuery query, int totalsLimit, int customerLimit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, ExportLimit);
        var page = Math.Max(1, query.Page);
        var selection = await SelectAsync(db, query, customerLimit, ct);
        var rows = await Ordered(selection).Skip((page - 1) * size).Take(size + 1).ToListAsync(ct);
        // The totals of a selection of at most TotalsLimit invoices (a customer, a search, a collector's bucket): counting
        // and summing the whole ledger on every page would read a million rows; beyond the limit the list says "more
        // than" and the aged balance gives the totals.
        // Counted on the invoices alone when no filter needs their customer (every invoice has one).
        var selected = string.IsNullOrWhiteSpace(query.Collector) && string.IsNullOrWhiteSpace(query.Search)
            ? await Filtered(db, query).Select(i => i.Id).Take(totalsLimit + 1).CountAsync(ct)
            : await selection.Select(x => x.Invoice.Id).Take(totalsLimit + 1).CountAsync(ct);
        if (selected > totalsLimit)
        {
            return new InvoicePage(rows.Take(size).ToList(), rows.Count > size, [], MoreThanLimit: true);
        }

        var totals = await selection.GroupBy(x => x.Invoice.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Open = g.Sum(x => x.Invoice.GrossMinor - EF.Property<long>(x.Invoice, "SettledMinor")) })
            .ToListAsync(ct);
        return new InvoicePage(rows.Take(size).ToList(), rows.Count > size,
            totals.OrderBy(t => t.Currency, StringComparer.Ordinal).Select(t => (t.Currency, t.Count, t.Open)).ToList());
    }

    /// <summary>The largest selection whose count and open total the list states.</summary>
    public const int TotalsLimit = 10_000;

    /// <summary>Every invoice the filters select (up to <see cref="ExportLimit"/>), for CSV or XLSX.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ExportAsync(EncaisseDb db, InvoiceQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await Ordered(await SelectAsync(db, query, CustomerSearch.IdLimit, ct)).Take(ExportLimit).ToListAsync(ct);
        return rows.Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["number"] = i.Number,
            ["customerRef"] = i.CustomerRef,
            ["customerName"] = i.CustomerName,
            ["collector"] = i.Collector,
            ["issueDate"] = Day(i.IssueDate),
            ["dueDate"] = Day(i.DueDate),
            ["currency"] = i.Currency,
            ["amount"] = Amount(i.GrossMinor, i.Currency),
            ["open"] = Amount(Math.Max(0, i.OpenMinor), i.Currency),
            ["status"] = i.StatusOn(query.Today).ToString(),
            ["daysLate"] = i.DaysLate(query.Today),
        }).ToList();
    }

    /// <summary>The due range of an aged-balance bucket label (notDue, 1-30, …, over90) on <paramref name="today"/>.</summary>
    public static (DateOnly? From, DateOnly? To) DueRangeOf(string label, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label == "notDue")
        {
            return (today, null);
        }

        if (label.StartsWith("over", StringComparison.Ordinal))
        {
            return (null, today.AddDays(-int.Parse(label[4..], CultureInfo.InvariantCulture) - 1));
        }

        var parts = label.Split('-');
        return (today.AddDays(-int.Parse(parts[1], CultureInfo.InvariantCulture)), today.AddDays(-int.Parse(parts[0], CultureInfo.InvariantCulture)));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Amount(long minor, string currency) =>
        decimal.Parse(Currencies.FormatInvariant(minor, currency), CultureInfo.InvariantCulture);

    private sealed class Row
    {
        public required Invoice Invoice { get; init; }
        public required Customer Customer { get; init; }
    }

    private static async Task<IQueryable<Row>> SelectAsync(EncaisseDb db, InvoiceQuery query, int customerLimit, CancellationToken ct)
    {
        var invoices = Filtered(db, query);
        var rows = from i in invoices
                   join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                   select new Row { Invoice = i, Customer = c };
        if (!string.IsNullOrWhiteSpace(query.Collector))
        {
            rows = rows.Where(x => x.Customer.Collector == query.Collector);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Number starting with the text, or a customer the text names (CustomerSearch: found first, then their invoices).
            var text = query.Search.Trim();
            var customers = await CustomerSearch.IdsAsync(db, text, customerLimit, ct);
            var named = CustomerSearch.Matching(db, text).Select(c => c.Id);
            rows = customers is null
                ? rows.Where(x => x.Invoice.Number.StartsWith(text) || named.Contains(x.Invoice.CustomerId))
                : rows.Where(x => x.Invoice.Number.StartsWith(text) || customers.Contains(x.Invoice.CustomerId));
        }

        return rows;
    }

    /// <summary>The invoices the filters on the invoice itself select (status, due range, currency, customer).</summary>
    private static IQueryable<Invoice> Filtered(EncaisseDb db, InvoiceQuery query)
    {
        ArgumentNullException.ThrowIfNull(db);
        var invoices = db.Invoices.AsNoTracking().Where(i => i.Kind == DocumentKind.Invoice);
        var today = query.Today;
        invoices = query.Status switch
        {
            InvoiceListStatus.Open => invoices.Where(i => i.CancelledOn == null && i.IssueDate <= today && i.GrossMinor > EF.Property<long>(i, "SettledMinor")),
            InvoiceListStatus.Overdue => invoices.Where(i => i.CancelledOn == null && i.IssueDate <= today && i.DueDate < today && i.GrossMinor > EF.Property<long>(i, "SettledMinor")),
            InvoiceListStatus.NotDue => invoices.Where(i => i.CancelledOn == null && i.IssueDate <= today && i.DueDate >= today && i.GrossMinor > EF.Property<long>(i, "SettledMinor")),
            InvoiceListStatus.Paid => invoices.Where(i => i.CancelledOn == null && i.GrossMinor <= EF.Property<long>(i, "SettledMinor")),
            InvoiceListStatus.Cancelled => invoices.Where(i => i.CancelledOn != null),
            _ => invoices,
        };
        if (query.DueFrom is { } from)
        {
            invoices = invoices.Where(i => i.DueDate >= from);
        }

        if (query.DueTo is { } to)
        {
            invoices = invoices.Where(i => i.DueDate <= to);
        }

        if (query.Currency is { Length: > 0 } currency)
        {
            invoices = invoices.Where(i => i.Currency == currency);
        }

        if (query.CustomerId is { } customerId)
        {
            invoices = invoices.Where(i => i.CustomerId == customerId);
        }

        return invoices;
    }

    private static IQueryable<InvoiceLine> Ordered(IQueryable<Row> rows) =>
        rows.OrderBy(x => x.Invoice.DueDate).ThenBy(x => x.Invoice.Number)
            .Select(x => new InvoiceLine(x.Invoice.Id, x.Invoice.Number, x.Customer.Id, x.Customer.ExternalRef, x.Customer.LegalName, x.Customer.Collector, x.Invoice.IssueDate, x.Invoice.DueDate,
                x.Invoice.Currency, x.Invoice.GrossMinor, x.Invoice.GrossMinor - EF.Property<long>(x.Invoice, "SettledMinor"), x.Invoice.CancelledOn));
}
