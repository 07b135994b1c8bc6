using Encaisse.Web.Api;
using Encaisse.Ledger;
using Encaisse.Payments.BankFormats;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments.Api;

/// <summary>/api/v1/bank: import statements, list transactions (review queue, unidentified receipts), correct matches by hand.</summary>
public static class BankApi
{
    public sealed record ManualAllocation(string CustomerRef, IReadOnlyList<ManualInvoice>? Invoices);

    public sealed record ManualInvoice(string Number, decimal Amount);

    public static void MapPaymentsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var bank = api.MapGroup("/bank");
        bank.MapGet("/transactions", ListAsync);
        bank.MapPost("/statements", ImportAsync).DisableAntiforgery();
        bank.MapPost("/transactions/{id:guid}/allocate", AllocateAsync);
    }

    private static async Task<IResult> ListAsync(EncaisseDb db, string? status, int? limit, CancellationToken ct)
    {
        var query = db.Set<BankTransaction>().AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<BankTransactionStatus>(status, ignoreCase: true, out var wanted))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not one of unmatched, review, matched, ignored, returned."] });
            }

            query = query.Where(t => t.Status == wanted);
        }

        var rows = await query.OrderByDescending(t => t.BookingDate).ThenBy(t => t.Id).Take(Math.Clamp(limit ?? 200, 1, 5000)).ToListAsync(ct);
        return Results.Json(rows.Select(t => new
        {
            id = t.Id,
            bookingDate = t.BookingDate,
            valueDate = t.ValueDate,
            amount = Currencies.FromMinor(t.AmountMinor, t.Currency),
            currency = t.Currency,
            counterpartyName = t.CounterpartyName,
            counterpartyIban = t.CounterpartyIban,
            remittanceInformation = t.RemittanceInformation,
            endToEndId = t.EndToEndId,
            bankReference = t.BankReference,
            details = t.Details is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(t.Details).RootElement,
            status = t.Status,
            confidence = t.Confidence,
            proposal = t.Proposal is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonDocument.Parse(t.Proposal).RootElement,
            customerId = t.CustomerId,
            paymentId = t.PaymentId,
        }), Encaisse.Operations.JsonShape.Options);
    }

    /// <summary>
    /// Imports a statement. Statements whose balances do not add up are stored flagged (their credits wait for review);
    /// <c>strict=true</c> refuses them instead. The former <c>checkBalances</c> stays as an alias: <c>true</c> asked for
    /// the check (strict), <c>false</c> for reading anyway (the default now).
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpRequest request, EncaisseDb db, TimeProvider clock, string? format, bool? strict, bool? checkBalances, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        string? fileName = null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.FirstOrDefault();
            if (file is null)
            {
                return ResultHttp.Problem(Encaisse.Operations.OperationError.InvalidField("file", null, "bank.noFile"));
            }

            fileName = file.FileName;
            await file.CopyToAsync(buffer, ct);
        }
        else
        {
            await request.Body.CopyToAsync(buffer, ct);
        }

        buffer.Position = 0;
        var result = await StatementImport.ImportFileAsync(db, buffer, fileName, format, strict ?? checkBalances ?? false, clock, ct);
        return result.IsOk ? Results.Json(result.Value, Encaisse.Operations.JsonShape.Options) : ResultHttp.Problem(result.Error!);
    }

    /// <summary>Manual correction: allocate a transaction to a customer's invoices (or keep it as their credit); the payer is learnt.</summary>
    private static async Task<IResult> AllocateAsync(Guid id, ManualAllocation body, EncaisseDb db, TimeProvider clock, CancellationToken ct)
    {
        var currency = await db.Set<BankTransaction>().Where(t => t.Id == id).Select(t => t.Currency).FirstOrDefaultAsync(ct);
        if (currency is null)
        {
            return Results.NotFound();
        }

        var lines = (body.Invoices ?? []).Select(l => new AllocationLine(l.Number, Currencies.ToMinor(l.Amount, currency))).ToList();
        var result = await MatchReview.AllocateAsync(db, id, body.CustomerRef, lines, "api", ["allocated by hand"], clock, ct);
        return result.ToHttp(settled => Results.Json(new { paymentId = settled.PaymentId, status = BankTransactionStatus.Matched }, Encaisse.Operations.JsonShape.Options));
    }
}
