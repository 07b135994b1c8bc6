using System.Globalization;
using System.Xml.Linq;
using Encaisse.Ledger;
using Encaisse.Operations;
using Encaisse.Payments.Sepa;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>What a collection run booked and the pain.008 file that asks the bank for it.</summary>
public sealed record CollectionRun(string MessageId, IReadOnlyList<DirectDebitCollection> Collections, long TotalMinor, XDocument File);

/// <summary>
/// SEPA Core direct-debit collections: selects the invoices due by the collection date of customers paying under a
/// valid mandate, books each collection as a payment <c>dd:&lt;EndToEndId&gt;</c> settling its invoice through the ledger's
/// allocation operation (so that a later return finds and reverses it), and writes the pain.008 file of what was booked.
/// The booking and the file are one unit: when <c>save</c> fails, nothing stays booked.
/// </summary>
public static class DirectDebitCollections
{
    public static async Task<Result<CollectionRun>> CollectAsync(EncaisseDb db, Tenant tenant, DateOnly on, string creditorId, Pain008Version version,
        Func<XDocument, CancellationToken, Task> save, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(save);
        if (!CreditorIdentifier.IsValid(creditorId))
        {
            return OperationError.InvalidField("creditorId", creditorId, "sepa.creditorId", ("creditorId", creditorId));
        }

        if (!Iban.IsValid(tenant.Iban))
        {
            return OperationError.Invalid("sepa.noTenantIban", ("tenant", tenant.Code));
        }

        var payers = await db.Customers.Where(c => c.PaysByDirectDebit).Select(c => c.Id).ToListAsync(ct);
        var mandates = (await db.Set<Mandate>().Where(m => payers.Contains(m.CustomerId) && m.RevokedOn == null).ToListAsync(ct))
            .GroupBy(m => m.CustomerId).ToDictionary(g => g.Key, g => g.OrderByDescending(m => m.SignedOn).First());
        // Open amounts from the ledger's settled totals; factored invoices are the factor's to collect.
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => payers.Contains(i.CustomerId) && i.Kind == DocumentKind.Invoice && i.CancelledOn == null && !i.IsFactored && i.DueDate <= on
                && i.GrossMinor > EF.Property<long>(i, "SettledMinor"))
            .Select(i => new DirectDebitSelection.DueInvoice(i.Id, i.Number, i.CustomerId, i.DueDate, i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency))
            .ToListAsync(ct);
        var selected = DirectDebitSelection.Select(invoices, mandates, on);
        if (selected.Count == 0)
        {
            return OperationError.Failed("sepa.nothingToCollect", ("date", on));
        }

        var now = clock.GetUtcNow();
        var messageId = $"ENC-{on:yyyyMMdd}-{now:HHmmss}";
        var ledger = new LedgerAllocations(db, tenant, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var booked = new List<DirectDebitCollection>();
        foreach (var (invoice, mandate) in selected)
        {
            var endToEnd = EndToEnd(invoice.Number, on);
            var payment = new Payment
            {
                CustomerId = invoice.CustomerId, Reference = "dd:" + endToEnd, ReceivedOn = on, AmountMinor = invoice.OpenMinor,
                Currency = invoice.Currency, Method = PaymentMethod.DirectDebit, PayerIban = mandate.DebtorIban, Source = "sepa", CreatedAt = now,
            };
            var settled = await ledger.SettleAsync(new SettlementRequest(AllocationOrigin.DirectDebit, "sepa")
            {
                NewPayment = payment,
                Lines = [new SettlementLine(invoice.Number, invoice.InvoiceId, invoice.OpenMinor)],
                Evidence = new { messageId, endToEndId = endToEnd, mandate = mandate.Reference },
            }, ct);
            if (!settled.IsOk)
            {
                // Settled or changed since the selection (a payment arrived): not collected.
                continue;
            }

            booked.Add(new DirectDebitCollection(endToEnd, invoice.OpenMinor, mandate.Reference, mandate.SignedOn, mandate.NextSequence, mandate.DebtorName,
                mandate.DebtorIban, mandate.DebtorBic, "Facture " + invoice.Number));
            mandate.FirstCollectedOn ??= on;
        }

        if (booked.Count == 0)
        {
            return OperationError.Failed("sepa.nothingToCollect", ("date", on));
        }

        await db.SaveChangesAsync(ct);
        var file = DirectDebitFile.Write(version, messageId, now, on, new DirectDebitCreditor(tenant.Name, tenant.Iban!, tenant.Bic, creditorId), booked);
        await save(file, ct);
        await transaction.CommitAsync(ct);
        return Result.Ok(new CollectionRun(messageId, booked, booked.Sum(c => c.AmountMinor), file));
    }

    private static string EndToEnd(string number, DateOnly on) =>
        (number.Length > 28 ? number[..28] : number) + "-" + on.ToString("yyMMdd", CultureInfo.InvariantCulture);
}
