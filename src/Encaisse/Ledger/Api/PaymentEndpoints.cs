using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Encaisse.Web.Api;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger.Api;

internal static class PaymentEndpoints
{
    private static readonly string[] Sorts = ["received", "amount", "reference"];

    public static void MapPaymentApi(this RouteGroupBuilder api)
    {
        var payments = api.MapGroup("/payments").WithTags("Payments");

        payments.MapGet("/", async (EncaisseDb db, string? customer, bool? unallocated, DateOnly? from, DateOnly? to,
            int? page, int? pageSize, string? sort, CancellationToken ct) =>
        {
            var list = ListQuery.From(page, pageSize, sort, "received", Sorts, out var error);
            if (error is not null)
            {
                return ListQuery.BadQuery(error);
            }

            var query = Rows(db);
            query = customer is null ? query : query.Where(r => r.CustomerRef == customer);
            query = unallocated == true ? query.Where(r => r.Payment.UnallocatedMinor > 0) : query;
            query = from is null ? query : query.Where(r => r.Payment.Payment.ReceivedOn >= from);
            query = to is null ? query : query.Where(r => r.Payment.Payment.ReceivedOn <= to);
            var (total, lowerBound) = await ListQuery.CountAsync(query, ct);
            query = (list.SortField, list.Descending) switch
            {
                ("amount", false) => query.OrderBy(r => r.Payment.Payment.AmountMinor).ThenBy(r => r.Payment.Payment.Reference),
                ("amount", true) => query.OrderByDescending(r => r.Payment.Payment.AmountMinor).ThenBy(r => r.Payment.Payment.Reference),
                ("reference", false) => query.OrderBy(r => r.Payment.Payment.Reference),
                ("reference", true) => query.OrderByDescending(r => r.Payment.Payment.Reference),
                (_, false) => query.OrderBy(r => r.Payment.Payment.ReceivedOn).ThenBy(r => r.Payment.Payment.Reference),
                _ => query.OrderByDescending(r => r.Payment.Payment.ReceivedOn).ThenBy(r => r.Payment.Payment.Reference),
            };
            var rows = await query.Skip(list.Skip).Take(list.PageSize).ToListAsync(ct);
            return Results.Ok(new ListPage<PaymentDto>(rows.Select(ToDto).ToList(), list.Page, list.PageSize, total, lowerBound));
        }).WithSummary("List payments (filter unallocated=true for customer credit and unidentified receipts)");

        payments.MapGet("/{reference}", async (string reference, EncaisseDb db, CancellationToken ct) =>
        {
            var row = await Rows(db).SingleOrDefaultAsync(r => r.Payment.Payment.Reference == reference, ct);
            return row is null ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No payment '{reference}'.") : Results.Ok(ToDto(row));
        }).WithSummary("One payment with its unallocated remainder");

        payments.MapPost("/", async (PaymentWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await new LedgerOperations(db, tenant.Required, clock).CreatePaymentAsync(body, ct))
                .ToHttp(p => Results.Created($"/api/v1/payments/{Uri.EscapeDataString(p.Reference)}",
                    ToDto(new PaymentRow { Payment = new PaymentWithUnallocated { Payment = p, UnallocatedMinor = p.AmountMinor }, CustomerRef = body.CustomerRef }))))
            .WithSummary("Record a payment received (customerRef optional for an unidentified receipt)");

        payments.MapPut("/{reference}", async (string reference, PaymentWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new LedgerOperations(db, tenant.Required, clock).UpdatePaymentAsync(reference, body, ct);
            return !outcome.IsOk
                ? outcome.ToHttp(_ => Results.Ok())
                : Results.Ok(ToDto(await Rows(db).SingleAsync(r => r.Payment.Payment.Reference == reference, ct)));
        }).WithSummary("Identify the payer of a payment or correct the payer's details");

        var allocations = api.MapGroup("/allocations").WithTags("Allocations");
        allocations.MapGet("/", async (EncaisseDb db, string? invoice, string? payment, CancellationToken ct) =>
        {
            var query = from a in db.Allocations.AsNoTracking()
                        join i in db.Invoices on a.InvoiceId equals i.Id
                        join p in db.Payments on a.PaymentId equals p.Id into ps
                        from p in ps.DefaultIfEmpty()
                        join n in db.Invoices on a.CreditNoteId equals n.Id into ns
                        from n in ns.DefaultIfEmpty()
                        select new { a, i.Number, i.Currency, PaymentRef = p == null ? null : p.Reference, NoteNumber = n == null ? null : n.Number };
            query = invoice is null ? query : query.Where(x => x.Number == invoice);
            query = payment is null ? query : query.Where(x => x.PaymentRef == payment);
            var rows = await query.OrderBy(x => x.a.AllocatedOn).Take(ListQuery.MaxPageSize).ToListAsync(ct);
            return Results.Ok(rows.Select(x => new AllocationDto(x.a.Id, x.Number, x.PaymentRef, x.NoteNumber,
                Currencies.FromMinor(x.a.AmountMinor, x.Currency), x.Currency, x.a.AllocatedOn, x.a.Source)).ToList());
        }).WithSummary("Allocations of an invoice or of a payment");

        allocations.MapPost("/", async (AllocationWrite body, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
        {
            var outcome = await new LedgerOperations(db, tenant.Required, clock).AllocateAsync(body, AllocationOrigin.Api, "api", ct);
            return outcome.ToHttp(a => Results.Created($"/api/v1/allocations/{a.Id}", new { id = a.Id }));
        }).WithSummary("Settle an invoice with a payment or a credit note (amount defaults to what both sides allow)");

        allocations.MapDelete("/{id:guid}", async (Guid id, EncaisseDb db, RequestTenant tenant, TimeProvider clock, CancellationToken ct) =>
            (await new LedgerOperations(db, tenant.Required, clock).RemoveAllocationAsync(id, "api", ct)).ToHttp(_ => Results.NoContent()))
            .WithSummary("Undo an allocation");
    }

    internal sealed class PaymentRow
    {
        public required PaymentWithUnallocated Payment { get; init; }
        public string? CustomerRef { get; init; }
    }

    private static IQueryable<PaymentRow> Rows(EncaisseDb db) =>
        from p in LedgerQueries.PaymentsWithUnallocated(db, DateOnly.MaxValue)
        join c in db.Customers on p.Payment.CustomerId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        select new PaymentRow { Payment = p, CustomerRef = c == null ? null : c.ExternalRef };

    private static PaymentDto ToDto(PaymentRow r)
    {
        var p = r.Payment.Payment;
        return new PaymentDto(p.Reference, r.CustomerRef, p.ReceivedOn, Currencies.FromMinor(p.AmountMinor, p.Currency), p.Currency,
            p.Method, p.PayerName, p.PayerIban, Currencies.FromMinor(r.Payment.UnallocatedMinor, p.Currency));
    }
}
