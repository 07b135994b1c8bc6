using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Applies a match: one Payment for the bank credit, one Allocation per invoice (the rest stays as customer credit),
/// a "payment.matched" timeline event, and the payer IBAN/name learnt for the customer.
/// </summary>
public static class MatchApplier
{
    public static async Task<Payment> ApplyAsync(EncaisseDb db, BankTransaction tx, Guid customerId, IReadOnlyList<(Guid InvoiceId, string Number, long AmountMinor)> allocations,
        decimal confidence, IReadOnlyList<string> reasons, string actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(allocations);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
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
            CreatedAt = now,
        };
        db.Add(payment);
        foreach (var (invoiceId, _, amount) in allocations)
        {
            db.Add(new Allocation
            {
                TenantId = db.TenantId,
                InvoiceId = invoiceId,
                PaymentId = payment.Id,
                AmountMinor = amount,
                AllocatedOn = received,
                Source = "matching",
                CreatedAt = now,
            });
        }

        var allocated = allocations.Sum(a => a.AmountMinor);
        var numbers = allocations.Count == 0 ? "no invoice (customer credit)" : string.Join(", ", allocations.Select(a => a.Number));
        var credit = tx.AmountMinor - allocated;
        db.Add(new TimelineEvent
        {
            TenantId = db.TenantId,
            CustomerId = customerId,
            InvoiceId = allocations.Count == 1 ? allocations[0].InvoiceId : null,
            At = now,
            Kind = "payment.matched",
            Summary = $"Payment of {Currencies.FormatFrench(tx.AmountMinor, tx.Currency)} received on {received:yyyy-MM-dd} matched to {numbers}"
                + (credit > 0 ? $"; {Currencies.FormatFrench(credit, tx.Currency)} kept as customer credit" : ""),
            Actor = actor,
            Data = JsonSerializer.Serialize(new
            {
                bankTransactionId = tx.Id,
                paymentId = payment.Id,
                invoices = allocations.Select(a => new { number = a.Number, amountMinor = a.AmountMinor }),
                unallocatedMinor = credit,
                confidence,
                reasons,
            }, CliJson.Options),
        });

        tx.Status = BankTransactionStatus.Matched;
        tx.CustomerId = customerId;
        tx.PaymentId = payment.Id;
        await LearnAsync(db, tx, customerId, actor == "system" ? "matching" : "manual", now, ct);
        return payment;
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
