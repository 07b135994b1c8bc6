using System.Globalization;
using System.Linq.Expressions;
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
    DateOnly Today, string? Currency = null, Guid? CustomerId = null, int Page = 1, int PageSize = 50, InvoiceTotals Totals = InvoiceTotals.Shown);

/// <summary>
/// How far the list counts its selection to state its count and open total (ADR 1552): up to
/// <see cref="InvoiceList.ShownTotalsLimit"/> on every page, up to <see cref="InvoiceList.TotalsLimit"/> when the
/// reader asks, or not at all (the global search shows a few invoices and no total).
/// </summary>
public enum InvoiceTotals
{
    Shown = 0,
    Asked = 1,
    None = 2,
}

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
/// holds more than <see cref="Limit"/> invoices (<see cref="MoreThanLimit"/>), the limit it was counted to.
/// </summary>
public sealed record InvoicePage(IReadOnlyList<InvoiceLine> Lines, bool HasNext, IReadOnlyList<(string Currency, int Count, long OpenMinor)> Totals,
    bool MoreThanLimit = false, int Limit = 0);

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
        SearchAsync(db, query, named: null, ct);

    /// <summary>
    /// The list, with the customers its text names already found (<see cref="CustomerSearch.FindAsync"/>: the global
    /// search finds them once for the invoices and the payments); null finds them here.
    /// </summary>
    public static async Task<InvoicePage> SearchAsync(EncaisseDb db, InvoiceQuery query, CustomerMatches? named, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = query.Totals switch
        {
            InvoiceTotals.None => 0,
            InvoiceTotals.Asked => TotalsLimit,
            _ => ShownTotalsLimit,
        };
        return await SearchAsync(db, query, limit, await CustomerSearch.ForListAsync(db, query.Search, named, CustomerSearch.IdLimit, ct), ct);
    }

    /// <summary>The list with its limits given (tests: the totals' cap, and the customer search read the long way).</summary>
    internal static async Task<InvoicePage> SearchAsync(EncaisseDb db, InvoiceQuery query, int totalsLimit, int customerLimit, CancellationToken ct) =>
        await SearchAsync(db, query, totalsLimit, await CustomerSearch.ForListAsync(db, query.Search, null, customerLimit, ct), ct);

    private static async Task<InvoicePage> SearchAsync(EncaisseDb db, InvoiceQuery query, int totalsLimit, CustomerMatches? named, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, ExportLimit);
        var page = Math.Max(1, query.Page);
        var selection = Select(db, query, named);
        var rows = await LinesAsync(db, selection, (page - 1) * size, size + 1, ct);
        var lines = rows.Take(size).ToList();
        var hasNext = rows.Count > size;
        if (totalsLimit <= 0)
        {
            return new InvoicePage(lines, hasNext, []);
        }

        // The count and open total of a selection of at most totalsLimit invoices (a customer, a search, a collector's
        // bucket): counting and summing the whole ledger on every page would read a million rows, and even counting to
        // 10,001 costs more than the page itself, so the page counts to ShownTotalsLimit and the reader may ask for more
        // (ADR 1551, 1552). A first page that holds the whole selection is its own total: no query.
        if (page == 1 && !hasNext)
        {
            return rows.Count > totalsLimit
                ? new InvoicePage(lines, hasNext, [], MoreThanLimit: true, Limit: totalsLimit)
                : new InvoicePage(lines, hasNext, rows.GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => (g.Key, g.Count(), g.Sum(r => r.OpenMinor))).ToList(), Limit: totalsLimit);
        }

        var selected = await CountAsync(db, query, named, totalsLimit + 1, ct);
        if (selected > totalsLimit)
        {
            return new InvoicePage(lines, hasNext, [], MoreThanLimit: true, Limit: totalsLimit);
        }

        var totals = await selection.GroupBy(i => i.Currency)
            .Select(g => new { Currency = g.Key, Count = g.Count(), Open = g.Sum(i => i.GrossMinor - EF.Property<long>(i, "SettledMinor")) })
            .ToListAsync(ct);
        return new InvoicePage(lines, hasNext,
            totals.OrderBy(t => t.Currency, StringComparer.Ordinal).Select(t => (t.Currency, t.Count, t.Open)).ToList(), Limit: totalsLimit);
    }

    /// <summary>The largest selection whose count and open total the list states when the reader asks for them.</summary>
    public const int TotalsLimit = 10_000;

    /// <summary>The largest selection whose count and open total every page states (the API's count cap too).</summary>
    public const int ShownTotalsLimit = 1_000;

    /// <summary>Every invoice the filters select (up to <see cref="ExportLimit"/>), for CSV or XLSX.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ExportAsync(EncaisseDb db, InvoiceQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var selection = Select(db, query, await CustomerSearch.ForListAsync(db, query.Search, null, CustomerSearch.IdLimit, ct));
        var rows = await LinesAsync(db, selection, 0, ExportLimit, ct);
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

    /// <summary>
    /// The invoices every filter selects, on the invoices alone: the collector and the customers the text names are
    /// tested by their customer ids (every invoice has its customer), so the page is ordered and cut on the invoices
    /// and joins only the customers of the rows it shows (ADR 1552).
    /// </summary>
    private static IQueryable<Invoice> Select(EncaisseDb db, InvoiceQuery query, CustomerMatches? named)
    {
        var invoices = Filtered(db, query);
        if (!string.IsNullOrWhiteSpace(query.Collector))
        {
            var collector = query.Collector;
            var ofCollector = db.Customers.AsNoTracking().Where(c => c.Collector == collector).Select(c => c.Id);
            invoices = invoices.Where(i => ofCollector.Contains(i.CustomerId));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // Number starting with the text, or a customer the text names (CustomerSearch: found first, then their invoices;
            // more than its limit: the same customers as a sub-query).
            var text = query.Search.Trim();
            var customers = named?.Ids;
            var matching = CustomerSearch.Matching(db, text).Select(c => c.Id);
            invoices = invoices.Where(customers is null
                ? Either(NumberStarts(db, text), i => matching.Contains(i.CustomerId))
                : Either(NumberStarts(db, text), i => customers.Contains(i.CustomerId)));
        }

        return invoices;
    }

    /// <summary>
    /// How many invoices the filters select, counted up to <paramref name="cap"/>. A text search is counted in two disjoint
    /// parts, the named customers' invoices then the other invoices whose number starts with the text, each stopping at
    /// the cap: counted as one "number or customer" selection, PostgreSQL reads every match of both (a bitmap of 20,000
    /// invoices for a common name) or walks the list's order testing each invoice, before it can stop. Alone, the
    /// customers' part is a semi-join PostgreSQL estimates from the name search, whether the customers are given as ids
    /// or as the sub-query.
    /// </summary>
    private static async Task<int> CountAsync(EncaisseDb db, InvoiceQuery query, CustomerMatches? named, int cap, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query.Search))
        {
            return await Select(db, query, named).Select(i => i.Id).Take(cap).CountAsync(ct);
        }

        var text = query.Search.Trim();
        var unsearched = Select(db, query with { Search = null }, null);
        var ofCustomers = await OfNamed(db, unsearched, text, named, among: true).Select(i => i.Id).Take(cap).CountAsync(ct);
        return ofCustomers >= cap
            ? ofCustomers
            : ofCustomers + await OfNamed(db, unsearched.Where(NumberStarts(db, text)), text, named, among: false)
                .Select(i => i.Id).Take(cap - ofCustomers).CountAsync(ct);
    }

    /// <summary>
    /// Whether an invoice's number starts with <paramref name="text"/>, whatever the case ("fa-2026" finds FA-2026-0101):
    /// SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not, so there ILIKE, which the trigram index on the
    /// number answers as it does LIKE (<see cref="Storage.SearchIndexes"/>).
    /// </summary>
    private static Expression<Func<Invoice, bool>> NumberStarts(EncaisseDb db, string text)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return i => i.Number.StartsWith(text);
        }

        var pattern = text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
        return i => EF.Functions.ILike(i.Number, pattern, @"\");
    }

    /// <summary>The invoices <paramref name="first"/> or <paramref name="second"/> selects, as one condition of the query.</summary>
    private static Expression<Func<Invoice, bool>> Either(Expression<Func<Invoice, bool>> first,
        Expression<Func<Invoice, bool>> second)
    {
        var body = Microsoft.EntityFrameworkCore.Query.ReplacingExpressionVisitor.Replace(second.Parameters[0], first.Parameters[0], second.Body);
        return Expression.Lambda<Func<Invoice, bool>>(Expression.OrElse(first.Body, body), first.Parameters);
    }

    /// <summary>The invoices of the customers <paramref name="text"/> names (<paramref name="among"/>), or of the others.</summary>
    private static IQueryable<Invoice> OfNamed(EncaisseDb db, IQueryable<Invoice> invoices, string text, CustomerMatches? named, bool among)
    {
        if (named?.Ids is { } ids)
        {
            return among ? invoices.Where(i => ids.Contains(i.CustomerId)) : invoices.Where(i => !ids.Contains(i.CustomerId));
        }

        var matching = CustomerSearch.Matching(db, text).Select(c => c.Id);
        return among ? invoices.Where(i => matching.Contains(i.CustomerId)) : invoices.Where(i => !matching.Contains(i.CustomerId));
    }

    /// <summary>The lines <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of the selection in the list's order (due date, number), with their customer.</summary>
    private static Task<List<InvoiceLine>> LinesAsync(EncaisseDb db, IQueryable<Invoice> selection, int skip, int take, CancellationToken ct)
    {
        // The page's invoices first, in the list's order, from the order index alone when it covers the filters (ADR 1593:
        // kind, customer and id are included, so a text search does not read each invoice it walks past), then their rows.
        var page = selection.OrderBy(i => i.DueDate).ThenBy(i => i.Number).Skip(skip).Take(take).Select(i => i.Id);
        return (from i in db.Invoices.AsNoTracking()
                where page.Contains(i.Id)
                join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                orderby i.DueDate, i.Number
                select new InvoiceLine(i.Id, i.Number, c.Id, c.ExternalRef, c.LegalName, c.Collector, i.IssueDate, i.DueDate,
                    i.Currency, i.GrossMinor, i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.CancelledOn))
            .ToListAsync(ct);
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
}
