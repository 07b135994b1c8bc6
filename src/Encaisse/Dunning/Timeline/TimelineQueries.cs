using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Timeline;

public sealed record TimelineEntry(Guid Id, DateTimeOffset At, string Kind, string Summary, string Actor, string? InvoiceNumber, string? Data);

public sealed record TimelinePage(string CustomerRef, int Page, int PageSize, int Total, IReadOnlyList<TimelineEntry> Entries);

/// <summary>Reads a customer's timeline, newest first, a page at a time.</summary>
public static class TimelineQueries
{
    public const int MaxPageSize = 200;

    /// <param name="page">1-based.</param>
    /// <param name="kindPrefix">Only kinds starting with this (e.g. "promise." or "dispute").</param>
    /// <param name="language">"fr" (default) or "en": summaries stored as data are written in it; older rows keep their stored text.</param>
    public static async Task<TimelinePage> PageAsync(CollectionsScope scope, string customerRef, int page, int pageSize, string? kindPrefix, CancellationToken ct,
        string language = "fr")
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new RequestErrors();
        if (page < 1)
        {
            errors.Add("page", "list.pageStart");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", "list.pageSize", ("max", MaxPageSize));
        }

        errors.ThrowIfAny();
        var customer = await scope.CustomerAsync(customerRef, ct);
        var query = scope.Db.Set<TimelineEvent>().AsNoTracking().Where(e => e.CustomerId == customer.Id);
        if (!string.IsNullOrWhiteSpace(kindPrefix))
        {
            query = query.Where(e => e.Kind.StartsWith(kindPrefix));
        }

        // SQLite cannot order by DateTimeOffset in SQL: order the (at, id) keys here, then load one page.
        var keys = await query.Select(e => new { e.Id, e.At }).ToListAsync(ct);
        var pageIds = keys.OrderByDescending(k => k.At).ThenByDescending(k => k.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(k => k.Id).ToList();
        var events = await scope.Db.Set<TimelineEvent>().AsNoTracking().Where(e => pageIds.Contains(e.Id)).ToListAsync(ct);
        var invoiceIds = events.Where(e => e.InvoiceId != null).Select(e => e.InvoiceId!.Value).Distinct().ToList();
        var numbers = await scope.Db.Invoices.AsNoTracking().Where(i => invoiceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        var entries = events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new TimelineEntry(e.Id, e.At, e.Kind, TimelineText.Render(e.Data, language) ?? e.Summary, e.Actor, e.InvoiceId is { } i ? numbers.GetValueOrDefault(i) : null, e.Data))
            .ToList();
        return new TimelinePage(customer.ExternalRef, page, pageSize, keys.Count, entries);
    }
}
