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
        // A single return names one payment; a batched return (one debit, several details) one per detail.
        var returns = transactions.Where(t => t.AmountMinor < 0)
            .Select(t => (Tx: t, Parts: BatchDetails.Of(t) is { Count: > 0 } parts
                ? parts.Select(p => (EndToEnd: p.EndToEndId, Reason: p.ReturnReason ?? t.ReturnReason, Minor: p.AmountMinor ?? 0)).ToList()
                : [(EndToEnd: t.EndToEndId, Reason: t.ReturnReason, Minor: t.AmountMinor)]))
            .Where(r => r.Parts.Any(p => p.EndToEnd is not null && p.Reason is not null))
            .ToList();
        if (returns.Count == 0)
        {
            return 0;
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var ledger = new LedgerAllocations(db, tenant, clock);
        var count = 0;
        foreach (var (tx, parts) in returns)
        {
            var reversedAny = false;
            for (var i = 0; i < parts.Count; i++)
            {
                var (endToEnd, reason, minor) = parts[i];
                if (endToEnd is null || reason is null || await FindOriginalAsync(db, tx, endToEnd, ct) is not { } original)
                {
                    continue;
                }

                var returned = new Payment
                {
                    CustomerId = original.CustomerId,
                    Reference = "bank:" + tx.NaturalKey + (parts.Count > 1 ? ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""),
                    ReceivedOn = tx.BookingDate,
                    AmountMinor = minor != 0 ? minor : -original.AmountMinor,
                    Currency = tx.Currency,
                    Method = original.Method,
                    Source = "bank-return",
                    CreatedAt = clock.GetUtcNow(),
                };
                var reversed = await ledger.ReverseAsync(original.Id, returned, "system", reason,
                    new { bankTransactionId = tx.Id, originalPaymentId = original.Id, reason, endToEndId = endToEnd }, ct);
                if (!reversed.IsOk)
                {
                    continue;
                }

                reversedAny = true;
                tx.CustomerId ??= original.CustomerId;
                tx.PaymentId ??= returned.Id;
            }

            if (reversedAny)
            {
                tx.Status = BankTransactionStatus.Returned;
                count++;
            }
        }

        await db.SaveChangesAsync(ct);
        return count;
    }

    private static async Task<Payment?> FindOriginalAsync(EncaisseDb db, BankTransaction tx, string endToEndId, CancellationToken ct)
    {
        // A collection sent by Encaisse carries Reference "dd:<EndToEndId>"; a matched credit carries the bank transaction's id.
        var byCollection = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Reference == "dd:" + endToEndId, ct);
        if (byCollection is not null)
        {
            return byCollection;
        }

        var credit = await db.Set<BankTransaction>().AsNoTracking()
            .Where(t => t.EndToEndId == endToEndId && t.AmountMinor > 0 && t.PaymentId != null && t.Id != tx.Id)
            .OrderByDescending(t => t.BookingDate)
            .FirstOrDefaultAsync(ct);
        return credit is null ? null : await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == credit.PaymentId, ct);
    }
}
