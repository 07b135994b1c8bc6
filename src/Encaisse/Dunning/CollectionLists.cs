using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning;

/// <summary>Filters of the disputes list: customer text, status (active = open or in review, the default), reason, owner.</summary>
public sealed record DisputeQuery(string? Search, string? Status, DisputeReason? Reason, string? Owner, int Page = 1, int PageSize = 50);

public sealed record DisputeLine(Guid Id, Guid CustomerId, string CustomerRef, string CustomerName, DateOnly OpenedOn, DateOnly? ClosedOn,
    DisputeReason Reason, DisputeStatus Status, string? Owner, string Channel, string Currency, long AmountMinor, IReadOnlyList<string> Invoices);

/// <summary>Filters of the promises list: customer text, status (pending by default), promised between two dates, collector of the customer.</summary>
public sealed record PromiseQuery(string? Search, string? Status, DateOnly? From, DateOnly? To, string? Collector, int Page = 1, int PageSize = 50);

public sealed record PromiseLine(Guid Id, Guid CustomerId, string CustomerRef, string CustomerName, string? Collector, DateOnly PromisedDate,
    PromiseStatus Status, string Channel, string RecordedBy, DateOnly RecordedOn, DateOnly? ResolvedOn, string Currency, long AmountMinor);

public sealed record CollectionPage<T>(IReadOnlyList<T> Lines, bool HasNext);

/// <summary>
/// The disputes and promises lists of the back office and their exports (CSV/XLSX through <c>ReportExport</c>): read
/// only, paged without a count; the records are written by the collections operations (Disputes, Promises).
/// </summary>
public static class CollectionLists
{
    public const int ExportLimit = 100_000;
    public const string Active = "active";

    public static async Task<CollectionPage<DisputeLine>> DisputesAsync(EncaisseDb db, DisputeQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, ExportLimit);
        var rows = await DisputeRows(db, query, (Math.Max(1, query.Page) - 1) * size, size + 1, ct);
        return new CollectionPage<DisputeLine>(rows.Take(size).ToList(), rows.Count > size);
    }

    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ExportDisputesAsync(EncaisseDb db, DisputeQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await DisputeRows(db, query, 0, ExportLimit, ct);
        return rows.Select(d => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["openedOn"] = Day(d.OpenedOn),
            ["customerRef"] = d.CustomerRef,
            ["customerName"] = d.CustomerName,
            ["invoices"] = string.Join(" ", d.Invoices),
            ["reason"] = d.Reason.ToString(),
            ["status"] = d.Status.ToString(),
            ["owner"] = d.Owner,
            ["channel"] = d.Channel,
            ["currency"] = d.Currency,
            ["amount"] = Amount(d.AmountMinor, d.Currency),
            ["closedOn"] = d.ClosedOn is { } c ? Day(c) : null,
        }).ToList();
    }

    public static async Task<CollectionPage<PromiseLine>> PromisesAsync(EncaisseDb db, PromiseQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, ExportLimit);
        var rows = await PromiseLines(db, PromiseRows(db, query).Skip((Math.Max(1, query.Page) - 1) * size).Take(size + 1)).ToListAsync(ct);
        return new CollectionPage<PromiseLine>(rows.Take(size).ToList(), rows.Count > size);
    }

    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ExportPromisesAsync(EncaisseDb db, PromiseQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await PromiseLines(db, PromiseRows(db, query).Take(ExportLimit)).ToListAsync(ct);
        return rows.Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["promisedDate"] = Day(p.PromisedDate),
            ["customerRef"] = p.CustomerRef,
            ["customerName"] = p.CustomerName,
            ["collector"] = p.Collector,
            ["status"] = p.Status.ToString(),
            ["channel"] = p.Channel,
            ["recordedBy"] = p.RecordedBy,
            ["recordedOn"] = Day(p.RecordedOn),
            ["resolvedOn"] = p.ResolvedOn is { } r ? Day(r) : null,
            ["currency"] = p.Currency,
            ["amount"] = Amount(p.AmountMinor, p.Currency),
        }).ToList();
    }

    private static async Task<List<DisputeLine>> DisputeRows(EncaisseDb db, DisputeQuery query, int skip, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var disputes = db.Set<Dispute>().AsNoTracking();
        if (query.Status is null or "" or Active)
        {
            disputes = disputes.Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview);
        }
        else if (Enum.TryParse<DisputeStatus>(query.Status, true, out var status))
        {
            disputes = disputes.Where(d => d.Status == status);
        }

        if (query.Reason is { } reason)
        {
            disputes = disputes.Where(d => d.Reason == reason);
        }

        if (!string.IsNullOrWhiteSpace(query.Owner))
        {
            disputes = disputes.Where(d => d.Owner == query.Owner);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // The customers the text names, as a sub-query (the same predicate as the customers list's search).
            var named = CustomerSearch.Matching(db, query.Search.Trim()).Select(c => c.Id);
            disputes = disputes.Where(d => named.Contains(d.CustomerId));
        }

        // The page is taken from the disputes alone (newest first, along the (tenant, opened on, id) index), then joined to
        // its customers: every dispute has its customer, so these are the rows the join-then-page form gave (ADR 1590).
        var paged = disputes.OrderByDescending(d => d.OpenedOn).ThenByDescending(d => d.Id).Skip(skip).Take(take);
        var page = await (from d in paged
                          join c in db.Customers.AsNoTracking() on d.CustomerId equals c.Id
                          orderby d.OpenedOn descending, d.Id descending
                          select new { d.Id, CustomerId = c.Id, c.ExternalRef, c.LegalName, d.OpenedOn, d.ClosedOn, d.Reason, d.Status, d.Owner, d.Channel, d.Currency, d.AmountMinor })
            .ToListAsync(ct);
        var ids = page.Select(p => p.Id).ToList();
        // The invoice numbers of the page's disputes in one read.
        var numbers = (await (from di in db.Set<DisputedInvoice>().AsNoTracking()
                              join i in db.Invoices.AsNoTracking() on di.InvoiceId equals i.Id
                              where ids.Contains(di.DisputeId)
                              select new { di.DisputeId, i.Number }).ToListAsync(ct))
            .ToLookup(x => x.DisputeId, x => x.Number);
        return page.Select(p => new DisputeLine(p.Id, p.CustomerId, p.ExternalRef, p.LegalName, p.OpenedOn, p.ClosedOn, p.Reason, p.Status, p.Owner,
            p.Channel, p.Currency, p.AmountMinor, numbers[p.Id].Order(StringComparer.Ordinal).ToList())).ToList();
    }

    private static IQueryable<PromiseToPay> PromiseRows(EncaisseDb db, PromiseQuery query)
    {
        ArgumentNullException.ThrowIfNull(db);
        var promises = db.Set<PromiseToPay>().AsNoTracking();
        if (query.Status is null or "")
        {
            promises = promises.Where(p => p.Status == PromiseStatus.Pending);
        }
        else if (Enum.TryParse<PromiseStatus>(query.Status, true, out var status))
        {
            promises = promises.Where(p => p.Status == status);
        }

        if (query.From is { } from)
        {
            promises = promises.Where(p => p.PromisedDate >= from);
        }

        if (query.To is { } to)
        {
            promises = promises.Where(p => p.PromisedDate <= to);
        }

        if (!string.IsNullOrWhiteSpace(query.Collector))
        {
            var followed = db.Customers.AsNoTracking().Where(c => c.Collector == query.Collector).Select(c => c.Id);
            promises = promises.Where(p => followed.Contains(p.CustomerId));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // The customers the text names, as a sub-query (the same predicate as the customers list's search).
            var named = CustomerSearch.Matching(db, query.Search.Trim()).Select(c => c.Id);
            promises = promises.Where(p => named.Contains(p.CustomerId));
        }

        return promises.OrderBy(p => p.PromisedDate).ThenBy(p => p.Id);
    }

    /// <summary>
    /// A page of promises joined to their customers: the page is taken from the promises alone, then joined (every promise
    /// has its customer, so these are the rows the join-then-page form gave; ADR 1590).
    /// </summary>
    private static IQueryable<PromiseLine> PromiseLines(EncaisseDb db, IQueryable<PromiseToPay> page) =>
        from p in page
        join c in db.Customers.AsNoTracking() on p.CustomerId equals c.Id
        orderby p.PromisedDate, p.Id
        select new PromiseLine(p.Id, c.Id, c.ExternalRef, c.LegalName, c.Collector, p.PromisedDate, p.Status, p.Channel,
            p.RecordedBy, p.RecordedOn, p.ResolvedOn, p.Currency, p.AmountMinor);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static decimal Amount(long minor, string currency) =>
        decimal.Parse(Currencies.FormatInvariant(minor, currency), CultureInfo.InvariantCulture);
}
