using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>One line of a manual allocation: an invoice number and the amount (minor units) put on it.</summary>
public sealed record AllocationLine(string Number, long AmountMinor);

/// <summary>The outcome of a review decision: done (with the payment), or refused with a readable reason and an HTTP-like status.</summary>
public sealed record ReviewResult(bool Done, Guid? PaymentId, string? Error, int Status = 200)
{
    public static ReviewResult Refused(string error, int status = 422) => new(false, null, error, status);
}

/// <summary>A stored proposal as the matcher wrote it (<see cref="CashApplication"/>).</summary>
public sealed record StoredProposal(string? Customer, IReadOnlyList<StoredProposalInvoice> Invoices, long UnallocatedMinor, decimal Confidence, IReadOnlyList<string> Reasons)
{
    public static StoredProposal? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredProposal>(json, CliJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record StoredProposalInvoice(string Number, long AmountMinor);

/// <summary>
/// The decisions on the bank-match review queue: accept the matcher's proposal, reject it, or allocate by hand
/// (split over several invoices). Every path ends in <see cref="MatchApplier.ApplyAsync"/> (one Payment, its
/// Allocations, the timeline, the payer learnt), like automatic matches and the API's manual allocation.
/// </summary>
public static class MatchReview
{
    /// <summary>Allocates a credit to a customer's invoices (amounts each within the invoice's open amount); the rest stays as customer credit.</summary>
    public static async Task<ReviewResult> AllocateAsync(EncaisseDb db, Guid transactionId, string customerRef, IReadOnlyList<AllocationLine> lines,
        string actor, IReadOnlyList<string> reasons, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lines);
        var tx = await db.Set<BankTransaction>().FirstOrDefaultAsync(t => t.Id == transactionId, ct);
        if (tx is null)
        {
            return ReviewResult.Refused($"No bank transaction {transactionId}.", 404);
        }

        if (tx.Status is not (BankTransactionStatus.Unmatched or BankTransactionStatus.Review) || tx.AmountMinor <= 0)
        {
            return ReviewResult.Refused("Only unmatched or to-review credits can be allocated.", 409);
        }

        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return ReviewResult.Refused($"No customer '{customerRef}'.");
        }

        var allocations = new List<(Guid, string, long)>();
        foreach (var line in lines.Where(l => l.AmountMinor != 0))
        {
            var invoice = await db.Invoices.AsNoTracking().FirstOrDefaultAsync(i => i.Number == line.Number && i.CustomerId == customer.Id, ct);
            if (invoice is null)
            {
                return ReviewResult.Refused($"No invoice '{line.Number}' for customer '{customerRef}'.");
            }

            if (line.AmountMinor < 0 || invoice.Currency != tx.Currency || invoice.Kind != DocumentKind.Invoice)
            {
                return ReviewResult.Refused($"Invoice '{line.Number}': a positive amount on an invoice in {tx.Currency}.");
            }

            if (invoice.CancelledOn is not null)
            {
                return ReviewResult.Refused($"Invoice '{line.Number}' is cancelled: nothing is due on it.");
            }

            var paid = await db.Allocations.Where(a => a.InvoiceId == invoice.Id).SumAsync(a => (long?)a.AmountMinor, ct) ?? 0;
            if (line.AmountMinor > invoice.GrossMinor - paid)
            {
                return ReviewResult.Refused($"Invoice '{line.Number}' has only {Currencies.FormatFrench(invoice.GrossMinor - paid, invoice.Currency)} left to pay.");
            }

            allocations.Add((invoice.Id, invoice.Number, line.AmountMinor));
        }

        if (allocations.Select(a => a.Item1).Distinct().Count() != allocations.Count)
        {
            return ReviewResult.Refused("An invoice appears twice.");
        }

        if (allocations.Sum(a => a.Item3) > tx.AmountMinor)
        {
            return ReviewResult.Refused("The allocations exceed the amount received.");
        }

        var payment = await MatchApplier.ApplyAsync(db, tx, customer.Id, allocations, 1m, reasons, actor, clock, ct);
        await db.SaveChangesAsync(ct);
        return new ReviewResult(true, payment.Id, null);
    }

    /// <summary>Applies the stored proposal as it stands (its customer, invoices and amounts).</summary>
    public static async Task<ReviewResult> AcceptAsync(EncaisseDb db, Guid transactionId, string actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var proposal = StoredProposal.Parse(await db.Set<BankTransaction>().Where(t => t.Id == transactionId).Select(t => t.Proposal).FirstOrDefaultAsync(ct));
        if (proposal?.Customer is null)
        {
            return ReviewResult.Refused("This transaction has no proposal naming a customer: allocate it by hand.", 409);
        }

        return await AllocateAsync(db, transactionId, proposal.Customer, proposal.Invoices.Select(i => new AllocationLine(i.Number, i.AmountMinor)).ToList(),
            actor, ["proposal accepted by " + actor, .. proposal.Reasons], clock, ct);
    }

    /// <summary>The proposal is wrong: the credit goes back to the unidentified receipts (its proposal kept for the record).</summary>
    public static async Task<ReviewResult> RejectAsync(EncaisseDb db, Guid transactionId, string actor, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tx = await db.Set<BankTransaction>().FirstOrDefaultAsync(t => t.Id == transactionId, ct);
        if (tx is null)
        {
            return ReviewResult.Refused($"No bank transaction {transactionId}.", 404);
        }

        if (tx.Status != BankTransactionStatus.Review)
        {
            return ReviewResult.Refused("Only a proposal waiting for review can be rejected.", 409);
        }

        if (tx.CustomerId is { } customerId)
        {
            db.Add(new TimelineEvent
            {
                TenantId = db.TenantId, CustomerId = customerId, At = now, Kind = "payment.proposalRejected", Actor = actor,
                Summary = $"Rapprochement proposé refusé ({Currencies.FormatFrench(tx.AmountMinor, tx.Currency)} reçu le {tx.BookingDate:dd/MM/yyyy})"
                    + (string.IsNullOrWhiteSpace(reason) ? "" : " : " + (reason.Trim().Length > 300 ? reason.Trim()[..300] : reason.Trim())),
                Data = JsonSerializer.Serialize(new { bankTransactionId = tx.Id, reason }, CliJson.Options),
            });
        }

        tx.Status = BankTransactionStatus.Unmatched;
        tx.CustomerId = null;
        await db.SaveChangesAsync(ct);
        return new ReviewResult(true, null, null);
    }
}
