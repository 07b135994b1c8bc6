using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Returned direct debits and reversed credits (R-transactions: a debit carrying a return reason such as AM04, MD06,
/// AC06). The payment they undo is found by end-to-end id; the ledger reverses its allocations
/// (<see cref="LedgerAllocations.ReverseAsync"/>: negative allocations of a "return" payment), which reopens the
/// invoices (dunning picks them up again) and records a "payment.returned" timeline entry.
/// </summary>
public static class DirectDebitReturns
{
    public static async Task<int> ReopenAsync(EncaisseDb db, IReadOnlyList<BankTransaction> transactions, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(clock);
        var returns = transactions.Where(t => t.AmountMinor < 0 && t.ReturnReason is not null && t.EndToEndId is not null).ToList();
        if (returns.Count == 0)
        {
            return 0;
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var ledger = new LedgerAllocations(db, tenant, clock);
        var count = 0;
        foreach (var tx in returns)
        {
            var original = await FindOriginalAsync(db, tx, ct);
            if (original is null)
            {
                continue;
            }

            var returned = new Payment
            {
                CustomerId = original.CustomerId,
                Reference = "bank:" + tx.NaturalKey,
                ReceivedOn = tx.BookingDate,
                AmountMinor = tx.AmountMinor,
                Currency = tx.Currency,
                Method = original.Method,
                Source = "bank-return",
                CreatedAt = clock.GetUtcNow(),
            };
            var reversed = await ledger.ReverseAsync(original.Id, returned, "system", tx.ReturnReason,
                new { bankTransactionId = tx.Id, originalPaymentId = original.Id, reason = tx.ReturnReason }, ct);
            if (!reversed.IsOk)
            {
                continue;
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
        var byCollection = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Reference == "dd:" + tx.EndToEndId, ct);
        if (byCollection is not null)
        {
            return byCollection;
        }

        var credit = await db.Set<BankTransaction>().AsNoTracking()
            .Where(t => t.EndToEndId == tx.EndToEndId && t.AmountMinor > 0 && t.PaymentId != null && t.Id != tx.Id)
            .OrderByDescending(t => t.BookingDate)
            .FirstOrDefaultAsync(ct);
        return credit is null ? null : await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == credit.PaymentId, ct);
    }
}
