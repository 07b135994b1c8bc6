using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Api;

internal static class InvoiceEndpoints
{
    private static readonly string[] Sorts = ["number", "due", "issue", "amount"];

    public static void MapInvoiceApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/invoices").WithTags("Invoices");

        group.MapGet("/", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? customer, string? status, string? kind,
            DateOnly? dueFrom, DateOnly? dueTo, int? page, int? pageSize, string? sort, CancellationToken ct) =>
        {
            var list = ListQuery.From(page, pageSize, sort, "due", Sorts, out var error);
            if (error is not null
                || !ListQuery.TryEnum<InvoiceStatus>(status, "status", out var statusFilter, out error)
                || !ListQuery.TryEnum<DocumentKind>(kind, "kind", out var kindFilter, out error))
            {
                return ListQuery.BadQuery(error!);
            }

            var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            // Filtered, counted, ordered and cut on the invoices alone (every invoice has its customer); only the page's
            // rows join their customer for its reference (ADR 1552).
            var query = LedgerQueries.DocumentsAllocatedToDate(db);
            if (customer is not null)
            {
                var named = db.Customers.Where(c => c.ExternalRef == customer).Select(c => c.Id);
                query = query.Where(d => named.Contains(d.Invoice.CustomerId));
            }

            query = kindFilter is null ? query : query.Where(d => d.Invoice.Kind == kindFilter);
            query = dueFrom is null ? query : query.Where(d => d.Invoice.DueDate >= dueFrom);
            query = dueTo is null ? query : query.Where(d => d.Invoice.DueDate <= dueTo);
            query = statusFilter switch
            {
                InvoiceStatus.Cancelled => query.Where(d => d.Invoice.CancelledOn != null),
                InvoiceStatus.Paid => query.Where(d => d.Invoice.CancelledOn == null && d.AllocatedMinor >= d.Invoice.GrossMinor),
                InvoiceStatus.Overdue => query.Where(d => d.Invoice.CancelledOn == null && d.AllocatedMinor < d.Invoice.GrossMinor && d.Invoice.DueDate < today),
                InvoiceStatus.PartiallyPaid => query.Where(d => d.Invoice.CancelledOn == null && d.AllocatedMinor > 0 && d.AllocatedMinor < d.Invoice.GrossMinor),
                InvoiceStatus.Open => query.Where(d => d.Invoice.CancelledOn == null && d.AllocatedMinor < d.Invoice.GrossMinor),
                _ => query,
            };
            var (total, lowerBound) = await ListQuery.CountAsync(query, ct);
            var cut = Sorted(query, list).Skip(list.Skip).Take(list.PageSize);
            var rows = await Sorted(from d in cut
                                    join c in db.Customers on d.Invoice.CustomerId equals c.Id
                                    select new InvoiceRow { Document = d, CustomerRef = c.ExternalRef }, list)
                .ToListAsync(ct);
            return Results.Ok(new ListPage<InvoiceDto>(await ToDtosAsync(db, rows, today, ct), list.Page, list.PageSize, total, lowerBound));
        }).WithSummary("List invoices and credit notes (filters by customer, status, kind, due dates; sorting; paging)");

        group.MapGet("/{number}", async (string number, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var row = await Rows(db).SingleOrDefaultAsync(r => r.Document.Invoice.Number == number, ct);
            return row is null
                ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No invoice '{number}'.")
                : Results.Ok((await ToDtosAsync(db, [row], BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))[0]);
        }).WithSummary("One invoice with its allocated and open amounts and status");

        group.MapPost("/", async (InvoiceWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new LedgerOperations(db, tenant.Required, clock).CreateInvoiceAsync(body, ct);
            return outcome.ToHttp(i => Results.Created($"/api/v1/invoices/{Uri.EscapeDataString(i.Number)}",
                ToDto(i, body.CustomerRef!, 0, BusinessCalendar.Today(clock, tenant.Required.TimeZone))));
        }).WithSummary("Create an invoice or a credit note");

        group.MapPut("/{number}", async (string number, InvoiceWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new LedgerOperations(db, tenant.Required, clock).UpdateInvoiceAsync(number, body, ct);
            if (!outcome.IsOk)
            {
                return outcome.ToHttp(_ => Results.Ok());
            }

            var row = await Rows(db).SingleAsync(r => r.Document.Invoice.Number == number, ct);
            return Results.Ok((await ToDtosAsync(db, [row], BusinessCalendar.Today(clock, tenant.Required.TimeZone), ct))[0]);
        }).WithSummary("Update the fields an issued invoice may change: purchase-order reference, factoring, cancellation");
    }

    internal sealed class InvoiceRow
    {
        public required InvoiceWithAllocated Document { get; init; }
        public required string CustomerRef { get; init; }
    }

    /// <summary>The list's order (sort field, direction, then number), on the documents or on their rows with the customer.</summary>
    private static IQueryable<InvoiceWithAllocated> Sorted(IQueryable<InvoiceWithAllocated> query, ListQuery list) => (list.SortField, list.Descending) switch
    {
        ("number", false) => query.OrderBy(d => d.Invoice.Number),
        ("number", true) => query.OrderByDescending(d => d.Invoice.Number),
        ("issue", false) => query.OrderBy(d => d.Invoice.IssueDate).ThenBy(d => d.Invoice.Number),
        ("issue", true) => query.OrderByDescending(d => d.Invoice.IssueDate).ThenBy(d => d.Invoice.Number),
        ("amount", false) => query.OrderBy(d => d.Invoice.GrossMinor).ThenBy(d => d.Invoice.Number),
        ("amount", true) => query.OrderByDescending(d => d.Invoice.GrossMinor).ThenBy(d => d.Invoice.Number),
        (_, true) => query.OrderByDescending(d => d.Invoice.DueDate).ThenBy(d => d.Invoice.Number),
        _ => query.OrderBy(d => d.Invoice.DueDate).ThenBy(d => d.Invoice.Number),
    };

    private static IQueryable<InvoiceRow> Sorted(IQueryable<InvoiceRow> query, ListQuery list) => (list.SortField, list.Descending) switch
    {
        ("number", false) => query.OrderBy(r => r.Document.Invoice.Number),
        ("number", true) => query.OrderByDescending(r => r.Document.Invoice.Number),
        ("issue", false) => query.OrderBy(r => r.Document.Invoice.IssueDate).ThenBy(r => r.Document.Invoice.Number),
        ("issue", true) => query.OrderByDescending(r => r.Document.Invoice.IssueDate).ThenBy(r => r.Document.Invoice.Number),
        ("amount", false) => query.OrderBy(r => r.Document.Invoice.GrossMinor).ThenBy(r => r.Document.Invoice.Number),
        ("amount", true) => query.OrderByDescending(r => r.Document.Invoice.GrossMinor).ThenBy(r => r.Document.Invoice.Number),
        (_, true) => query.OrderByDescending(r => r.Document.Invoice.DueDate).ThenBy(r => r.Document.Invoice.Number),
        _ => query.OrderBy(r => r.Document.Invoice.DueDate).ThenBy(r => r.Document.Invoice.Number),
    };

    private static IQueryable<InvoiceRow> Rows(EncaisseDb db) =>
        from d in LedgerQueries.DocumentsAllocatedToDate(db)
        join c in db.Customers on d.Invoice.CustomerId equals c.Id
        select new InvoiceRow { Document = d, CustomerRef = c.ExternalRef };

    private static async Task<List<InvoiceDto>> ToDtosAsync(EncaisseDb db, List<InvoiceRow> rows, DateOnly today, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Document.Invoice.Id).ToList();
        var instalments = (await db.Instalments.AsNoTracking().Where(i => ids.Contains(i.InvoiceId)).ToListAsync(ct)).ToLookup(i => i.InvoiceId);
        return rows.Select(r =>
        {
            r.Document.Invoice.Instalments = instalments[r.Document.Invoice.Id].OrderBy(i => i.Sequence).ToList();
            return ToDto(r.Document.Invoice, r.CustomerRef, r.Document.AllocatedMinor, today);
        }).ToList();
    }

    private static InvoiceDto ToDto(Invoice i, string customerRef, long allocated, DateOnly today)
    {
        var status = i.Kind == DocumentKind.CreditNote
            ? (allocated >= i.GrossMinor ? InvoiceStatus.Paid : InvoiceStatus.Open)
            : Balances.StatusOf(i, allocated, today);
        var open = status == InvoiceStatus.Cancelled ? 0 : Math.Max(0, i.GrossMinor - allocated);
        return new InvoiceDto(i.Number, customerRef, i.Kind, i.IssueDate, i.DueDate, i.Currency,
            Currencies.FromMinor(i.NetMinor, i.Currency), Currencies.FromMinor(i.TaxMinor, i.Currency), Currencies.FromMinor(i.GrossMinor, i.Currency),
            Currencies.FromMinor(allocated, i.Currency), Currencies.FromMinor(open, i.Currency), status,
            open > 0 && i.Kind == DocumentKind.Invoice ? Balances.DaysOverdue(i.DueDate, today) : 0,
            i.PurchaseOrderRef, i.IsFactored, i.CancelledOn,
            i.Instalments.Select(x => new InstalmentDto(x.DueDate, Currencies.FromMinor(x.AmountMinor, i.Currency))).ToList());
    }
}
