using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Applies a match of one bank credit through the ledger's allocation operation (<see cref="LedgerAllocations"/>): the
/// credit is recorded as a Payment and settles the invoices in the same transaction (what is left stays as customer
/// credit; a bank-fee shortfall within the tolerance is written off), then the transaction is marked matched and the
/// payer's IBAN (and, for a person's correction, name) is learnt. When the ledger refuses (an invoice settled in the
/// meantime by another import, a currency mismatch...), nothing is written and the error says why. An invoice sold to a
/// factor is settled only when the caller says the credit is meant for it (<c>allowFactored</c>: the bank
/// queue, where a person chose it, and a credit naming exactly the sold invoices); the money is then owed to the factor.
/// </summary>
public static class MatchApplier
{
    public static async Task<Result<Settled>> ApplyAsync(EncaisseDb db, Tenant tenant, BankTransaction tx, Guid customerId,
        IReadOnlyList<(Guid InvoiceId, string Number, long AmountMinor)> allocations, long writeOffToleranceMinor, decimal confidence,
        IReadOnlyList<string> reasons, string actor, string origin, TimeProvider clock, CancellationToken ct, bool allowFactored = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(allocations);
        var received = tx.ValueDate ?? tx.BookingDate;
        var payment = new Payment
        {
            TenantId = db.TenantId,
            CustomerId = customerId,
            Reference = "bank:" + tx.NaturalKey,
            ReceivedOn = received,
            AmountMinor = tx.AmountMinor,
            Currency = tx.Currency,
            Method = tx.MandateReference is null ? PaymentMethod.Transfer : PaymentMethod.DirectDebit,
            PayerName = tx.CounterpartyName,
            PayerIban = tx.CounterpartyIban,
            Source = "bank",
            CreatedAt = clock.GetUtcNow(),
        };
        var settled = await new LedgerAllocations(db, tenant, clock).SettleAsync(new SettlementRequest(origin, actor)
        {
            NewPayment = payment,
            Lines = allocations.Select(a => new SettlementLine(a.Number, a.InvoiceId, a.AmountMinor)).ToList(),
            WriteOffToleranceMinor = writeOffToleranceMinor,
            AllowFactored = allowFactored,
            Evidence = new { bankTransactionId = tx.Id, confidence, reasons },
        }, ct);
        if (!settled.IsOk)
        {
            return settled;
        }

        tx.Status = BankTransactionStatus.Matched;
        tx.CustomerId = customerId;
        tx.PaymentId = payment.Id;
        await LearnAsync(db, tx, customerId, actor == "system" ? "matching" : "manual", clock.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return settled;
    }

    /// <summary>Remembers the payer IBAN (and, for manual corrections, the name) as paying for <paramref name="customerId"/>.</summary>
    public static async Task LearnAsync(EncaisseDb db, BankTransaction tx, Guid customerId, string source, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tx);
        var keys = new List<(string Kind, string Key)>();
        if (Iban.Normalize(tx.CounterpartyIban) is { } iban)
        {
            keys.Add(("iban", iban));
        }

        if (source == "manual" && Matching.InvoiceText.NameKey(tx.CounterpartyName) is { } name)
        {
            keys.Add(("name", name.Length > 200 ? name[..200] : name));
        }

        foreach (var (kind, key) in keys)
        {
            var local = db.ChangeTracker.Entries<PayerAlias>().Select(e => e.Entity).FirstOrDefault(a => a.Kind == kind && a.Key == key);
            var alias = local ?? await db.Set<PayerAlias>().FirstOrDefaultAsync(a => a.Kind == kind && a.Key == key, ct);
            if (alias is null)
            {
                db.Add(new PayerAlias { TenantId = db.TenantId, Kind = kind, Key = key, CustomerId = customerId, Source = source, CreatedAt = now });
            }
            else if (source == "manual" && alias.CustomerId != customerId)
            {
                // A person's correction wins over what the engine learnt.
                alias.CustomerId = customerId;
                alias.Source = source;
            }
        }
    }
}
