using System.Text.Json;
using Encaisse.Operations;
using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>One line of a manual allocation: an invoice number and the amount (minor units) put on it.</summary>
public sealed record AllocationLine(string Number, long AmountMinor);

/// <summary>A stored proposal as the matcher wrote it (<see cref="CashApplication"/>).</summary>
public sealed record StoredProposal(string? Customer, IReadOnlyList<StoredProposalInvoice> Invoices, long UnallocatedMinor, decimal Confidence, IReadOnlyList<string> Reasons,
    IReadOnlyList<Matching.MatchReason>? ReasonCodes = null)
{
    /// <summary>The reasons in <paramref name="language"/>, written from their codes (proposals stored before the codes keep their English text).</summary>
    public IReadOnlyList<string> ReasonsIn(string language) =>
        ReasonCodes is { Count: > 0 } codes ? [.. codes.Select(r => Matching.MatchReasonText.Render(r, language))] : Reasons;

    public static StoredProposal? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredProposal>(json, Encaisse.Operations.JsonShape.Options);
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
/// (split over several invoices). Every path ends in <see cref="MatchApplier.ApplyAsync"/> and so in the ledger's one
/// allocation operation (a Payment, its Allocations, the timeline, the payer learnt), like automatic matches.
/// </summary>
public static class MatchReview
{
    /// <summary>Allocates a credit to a customer's invoices (amounts each within the invoice's open amount); the rest stays as customer credit.</summary>
    public static async Task<Result<Settled>> AllocateAsync(EncaisseDb db, Guid transactionId, string customerRef, IReadOnlyList<AllocationLine> lines,
        string actor, IReadOnlyList<string> reasons, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lines);
        var tx = await db.Set<BankTransaction>().FirstOrDefaultAsync(t => t.Id == transactionId, ct);
        if (tx is null)
        {
            return OperationError.NotFound("bank.noTransaction", ("transaction", transactionId.ToString()));
        }

        if (tx.Status is not (BankTransactionStatus.Unmatched or BankTransactionStatus.Review) || tx.AmountMinor <= 0)
        {
            return OperationError.Conflict("bank.notOpenCredit");
        }

        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.InvalidField("customerRef", customerRef, "customer.notFound", ("customer", customerRef));
        }

        var numbers = lines.Where(l => l.AmountMinor != 0).Select(l => l.Number).ToList();
        var invoices = await db.Invoices.AsNoTracking().Where(i => numbers.Contains(i.Number) && i.CustomerId == customer.Id)
            .ToDictionaryAsync(i => i.Number, i => i.Id, StringComparer.Ordinal, ct);
        var allocations = new List<(Guid, string, long)>();
        foreach (var line in lines.Where(l => l.AmountMinor != 0))
        {
            if (!invoices.TryGetValue(line.Number, out var invoiceId))
            {
                return OperationError.InvalidField("invoices", line.Number, "bank.noInvoiceOfCustomer", ("invoice", line.Number), ("customer", customerRef));
            }

            allocations.Add((invoiceId, line.Number, line.AmountMinor));
        }

        if (allocations.Sum(a => a.Item3) > tx.AmountMinor)
        {
            return OperationError.InvalidField("invoices", null, "bank.allocationsExceedCredit");
        }

        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        // A person's decision on the bank queue: its allocations are in the audit trail (accepting a proposal comes here too).
        using var audit = db.AuditAs(db.AuditAction ?? "allocation.reviewAllocated");
        // A person chose these invoices for this credit: one sold to a factor is settled too, and the money is then listed to transfer to the factor.
        return await MatchApplier.ApplyAsync(db, tenant, tx, customer.Id, allocations, 0, 1m, reasons, actor, AllocationOrigin.Review, clock, ct, allowFactored: true);
    }

    /// <summary>Applies the stored proposal as it stands (its customer, invoices and amounts).</summary>
    public static async Task<Result<Settled>> AcceptAsync(EncaisseDb db, Guid transactionId, string actor, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var proposal = StoredProposal.Parse(await db.Set<BankTransaction>().Where(t => t.Id == transactionId).Select(t => t.Proposal).FirstOrDefaultAsync(ct));
        if (proposal?.Customer is null)
        {
            return OperationError.Conflict("bank.noProposal");
        }

        using var audit = db.AuditAs("allocation.reviewAccepted");
        return await AllocateAsync(db, transactionId, proposal.Customer, proposal.Invoices.Select(i => new AllocationLine(i.Number, i.AmountMinor)).ToList(),
            actor, ["proposal accepted by " + actor, .. proposal.Reasons], clock, ct);
    }

    /// <summary>The proposal is wrong: the credit goes back to the unidentified receipts (its proposal kept for the record).</summary>
    public static async Task<Result<Guid>> RejectAsync(EncaisseDb db, Guid transactionId, string actor, string? reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tx = await db.Set<BankTransaction>().FirstOrDefaultAsync(t => t.Id == transactionId, ct);
        if (tx is null)
        {
            return OperationError.NotFound("bank.noTransaction", ("transaction", transactionId.ToString()));
        }

        if (tx.Status != BankTransactionStatus.Review)
        {
            return OperationError.Conflict("bank.notInReview");
        }

        if (tx.CustomerId is { } customerId)
        {
            var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim().Length > 300 ? reason.Trim()[..300] : reason.Trim();
            db.Add(TimelineText.Entry(db.TenantId, customerId, now, "payment.proposalRejected", actor,
                TimelineText.Of("bank.proposalRejected", ("amount", new Money(tx.AmountMinor, tx.Currency)), ("date", tx.BookingDate), ("reason", why)),
                data: new { bankTransactionId = tx.Id, reason = why }));
        }

        tx.Status = BankTransactionStatus.Unmatched;
        tx.CustomerId = null;
        await db.SaveChangesAsync(ct);
        return Result.Ok(tx.Id);
    }
}
