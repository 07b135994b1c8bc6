using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Api;

internal static class CustomerEndpoints
{
    private static readonly string[] Sorts = ["ref", "name", "created"];

    public static void MapCustomerApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/customers").WithTags("Customers");

        group.MapGet("/", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? search, string? segment, string? collector,
            string? kind, string? riskClass, int? page, int? pageSize, string? sort, CancellationToken ct) =>
        {
            var list = ListQuery.From(page, pageSize, sort, "ref", Sorts, out var error);
            if (error is not null || !ListQuery.TryEnum<CustomerKind>(kind, "kind", out var kindFilter, out error))
            {
                return ListQuery.BadQuery(error!);
            }

            var query = db.Customers.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                var pattern = "%" + search.Trim().ToLowerInvariant() + "%";
                query = query.Where(c => EF.Functions.Like(c.LegalName.ToLower(), pattern) || EF.Functions.Like(c.ExternalRef.ToLower(), pattern) || c.Siren == search.Trim());
            }

            query = segment is null ? query : query.Where(c => c.Segment == segment);
            query = collector is null ? query : query.Where(c => c.Collector == collector);
            query = kindFilter is null ? query : query.Where(c => c.Kind == kindFilter);
            query = riskClass is null ? query : query.Where(c => c.RiskClass == riskClass);
            var (total, lowerBound) = await ListQuery.CountAsync(query, ct);
            query = (list.SortField, list.Descending) switch
            {
                ("name", false) => query.OrderBy(c => c.LegalName).ThenBy(c => c.ExternalRef),
                ("name", true) => query.OrderByDescending(c => c.LegalName).ThenBy(c => c.ExternalRef),
                ("created", false) => query.OrderBy(c => c.Id),
                ("created", true) => query.OrderByDescending(c => c.Id),
                (_, true) => query.OrderByDescending(c => c.ExternalRef),
                _ => query.OrderBy(c => c.ExternalRef),
            };
            var customers = await query.Include(c => c.Contacts).Skip(list.Skip).Take(list.PageSize).ToListAsync(ct);
            var today = BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            // The page's balances in one grouped read of the position snapshot, not a position per customer.
            var balances = await PageBalances.OfAsync(db, customers.Select(c => c.Id).ToList(), today, ct);
            var items = customers.Select(c => CustomerDto.From(c, tenant.Required.Currency, balances.GetValueOrDefault(c.Id) ?? [])).ToList();

            return Results.Ok(new ListPage<CustomerDto>(items, list.Page, list.PageSize, total, lowerBound));
        }).WithSummary("List customers with their balances (search, filters, sorting, paging)");

        group.MapGet("/{customerRef}", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock, DateOnly? asOf, CancellationToken ct) =>
        {
            var customer = await db.Customers.AsNoTracking().Include(c => c.Contacts).SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
            if (customer is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No customer '{customerRef}'.");
            }

            var date = asOf ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            return Results.Ok(CustomerDto.From(customer, tenant.Required.Currency, await LedgerQueries.BalancesAsync(db, customer.Id, date, ct)));
        }).WithSummary("One customer with contacts and balance per currency");

        group.MapGet("/{customerRef}/open-items", async (string customerRef, EncaisseDb db, RequestTenant tenant, TimeProvider clock,
            DateOnly? asOf, int? page, int? pageSize, CancellationToken ct) =>
        {
            var list = ListQuery.From(page, pageSize, null, "due", ["due"], out var error);
            if (error is not null)
            {
                return ListQuery.BadQuery(error);
            }

            var customerId = await db.Customers.Where(c => c.ExternalRef == customerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (customerId is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No customer '{customerRef}'.");
            }

            var date = asOf ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            var documents = LedgerQueries.OpenDocuments(db, date).Where(x => x.Invoice.CustomerId == customerId);
            var (total, lowerBound) = await ListQuery.CountAsync(documents, ct);
            var pageOfDocuments = documents.OrderBy(x => x.Invoice.DueDate).ThenBy(x => x.Invoice.Number).Skip(list.Skip).Take(list.PageSize);
            var items = await LedgerQueries.OpenItemsAsync(db, pageOfDocuments, date, ct);
            return Results.Ok(new ListPage<OpenItemDto>(items.Select(OpenItemDto.From).ToList(), list.Page, list.PageSize, total, lowerBound));
        }).WithSummary("Open items of a customer on a date, oldest due first (paged by document)");

        group.MapPost("/", async (CustomerWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await new LedgerOperations(db, tenant.Required, clock).CreateCustomerAsync(body, ct))
                .ToHttp(c => Results.Created($"/api/v1/customers/{Uri.EscapeDataString(c.ExternalRef)}", CustomerDto.From(c, tenant.Required.Currency, null))))
            .WithSummary("Create a customer");

        group.MapPut("/{customerRef}", async (string customerRef, CustomerWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await new LedgerOperations(db, tenant.Required, clock).UpdateCustomerAsync(customerRef, body, ct))
                .ToHttp(c => Results.Ok(CustomerDto.From(c, tenant.Required.Currency, null))))
            .WithSummary("Update a customer (fields left out keep their value; contacts, when given, replace the list)");
    }
}
