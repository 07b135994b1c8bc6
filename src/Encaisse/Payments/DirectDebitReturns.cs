using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Returned direct debits and reversed credits (R-transactions: a debit carrying a return reason such as AM04, MD06,
/// AC06). The payment they undo is found by end-to-end id; its allocations are reversed by negative allocations of a
/// "return" payment, which reopens the invoices (dunning picks them up again), and a "payment.returned" event is recorded.
/// </summary>
public static class DirectDebitReturns
{
    public static async Task<int> ReopenAsync(EncaisseDb db, IReadOnlyList<BankTransaction> transactions, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(clock);
        var count = 0;
        foreach (var tx in transactions.Where(t => t.AmountMinor < 0 && t.ReturnReason is not null && t.EndToEndId is not null))
        {
            var original = await FindOriginalAsync(db, tx, ct);
            if (original is null)
            {
                continue;
            }

            var allocations = await db.Allocations.Where(a => a.PaymentId == original.Id).ToListAsync(ct);
            var now = clock.GetUtcNow();
            var returned = new Payment
            {
                TenantId = db.TenantId,
                CustomerId = original.CustomerId,
                Reference = "bank:" + tx.NaturalKey,
                ReceivedOn = tx.BookingDate,
                AmountMinor = tx.AmountMinor,
                Currency = tx.Currency,
                Method = original.Method,
                Source = "bank-return",
                CreatedAt = now,
            };
            db.Add(returned);
            foreach (var allocation in allocations)
            {
                db.Add(new Allocation
                {
                    TenantId = db.TenantId,
                    InvoiceId = allocation.InvoiceId,
                    PaymentId = returned.Id,
                    AmountMinor = -allocation.AmountMinor,
                    AllocatedOn = tx.BookingDate,
                    Source = "return",
                    CreatedAt = now,
                });
            }

            if (original.CustomerId is { } customerId)
            {
                db.Add(new TimelineEvent
                {
                    TenantId = db.TenantId,
                    CustomerId = customerId,
                    InvoiceId = allocations.Count == 1 ? allocations[0].InvoiceId : null,
                    At = now,
                    Kind = "payment.returned",
                    Summary = $"Payment of {Currencies.FormatFrench(-tx.AmountMinor, tx.Currency)} returned by the bank (reason {tx.ReturnReason}): {allocations.Count} invoice(s) reopened",
                    Data = JsonSerializer.Serialize(new { bankTransactionId = tx.Id, originalPaymentId = original.Id, returnPaymentId = returned.Id, reason = tx.ReturnReason }, CliJson.Options),
                });
            }

            tx.Status = BankTransactionStatus.Returned;
            tx.CustomerId = original.CustomerId;
            tx.PaymentId = returned.Id;
            count++;
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task<Payment?> FindOriginalAsync(EncaisseDb db, BankTransaction tx, CancellationToken ct)
    {
        // A collection sent by Encaisse carries Reference "dd:<EndToEndId>"; a matched credit carries the bank transaction's id.
        var byCollection = await db.Payments.FirstOrDefaultAsync(p => p.Reference == "dd:" + tx.EndToEndId, ct);
        if (byCollection is not null)
        {
            return byCollection;
        }

        var credit = await db.Set<BankTransaction>()
            .Where(t => t.EndToEndId == tx.EndToEndId && t.AmountMinor > 0 && t.PaymentId != null && t.Id != tx.Id)
            .OrderByDescending(t => t.BookingDate)
            .FirstOrDefaultAsync(ct);
        return credit is null ? null : await db.Payments.FirstOrDefaultAsync(p => p.Id == credit.PaymentId, ct);
    }
}
