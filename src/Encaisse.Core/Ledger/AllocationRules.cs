using Encaisse.Operations;

namespace Encaisse.Ledger;

/// <summary>An invoice as the allocation rules see it, read under lock just before writing.</summary>
public sealed record AllocationTarget(Guid Id, string Number, Guid CustomerId, DocumentKind Kind, string Currency, long GrossMinor, long SettledMinor,
    bool IsCancelled, bool IsFactored)
{
    public long OpenMinor => Math.Max(0, GrossMinor - SettledMinor);
}

/// <summary>What settles: a payment or a credit note, with what it still has available, read under lock.</summary>
public sealed record AllocationSource(Guid Id, string Reference, bool IsCreditNote, Guid? CustomerId, string Currency, long AvailableMinor, bool IsCancelled);

/// <summary>
/// What makes an allocation (lettrage) acceptable, checked by the ledger's one allocation operation for every writer:
/// a positive amount; an invoice (not a credit note) that is neither cancelled nor sold to a factor; the same
/// customer and currency on both sides; never more than what is still open on the invoice nor more than what is
/// still available on the payment or credit note. Errors are coded with their figures (catalogue <c>error.allocation.*</c>).
/// </summary>
public static class AllocationRules
{
    /// <summary>Null when <paramref name="amountMinor"/> may go from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public static OperationError? Check(AllocationTarget target, AllocationSource source, long amountMinor, bool allowFactored = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        if (target.Kind != DocumentKind.Invoice)
        {
            return OperationError.Invalid("allocation.notAnInvoice", ("invoice", target.Number));
        }

        if (amountMinor <= 0)
        {
            return OperationError.Invalid("allocation.notPositive", ("invoice", target.Number));
        }

        if (target.IsCancelled)
        {
            return OperationError.Conflict("allocation.invoiceCancelled", ("invoice", target.Number));
        }

        if (target.IsFactored && !allowFactored)
        {
            return OperationError.Conflict("allocation.invoiceFactored", ("invoice", target.Number));
        }

        if (source.IsCancelled)
        {
            return OperationError.Conflict("allocation.creditNoteCancelled", ("creditNote", source.Reference));
        }

        if (source.CustomerId is { } owner && owner != target.CustomerId)
        {
            return OperationError.Conflict(source.IsCreditNote ? "allocation.creditNoteOfAnotherCustomer" : "allocation.paymentOfAnotherCustomer",
                ("invoice", target.Number), ("source", source.Reference));
        }

        if (target.Currency != source.Currency)
        {
            return OperationError.Invalid("allocation.currency", ("invoice", target.Number), ("invoiceCurrency", target.Currency),
                ("sourceCurrency", source.Currency));
        }

        if (amountMinor > target.OpenMinor)
        {
            return OperationError.Conflict("allocation.overSettles", ("invoice", target.Number), ("amount", new Money(amountMinor, target.Currency)),
                ("open", new Money(target.OpenMinor, target.Currency)));
        }

        if (amountMinor > source.AvailableMinor)
        {
            return OperationError.Conflict("allocation.sourceExhausted", ("source", source.Reference), ("amount", new Money(amountMinor, source.Currency)),
                ("available", new Money(source.AvailableMinor, source.Currency)));
        }

        return null;
    }
}
