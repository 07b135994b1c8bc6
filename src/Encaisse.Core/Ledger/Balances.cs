namespace Encaisse.Ledger;

public enum InvoiceStatus
{
    Open = 0,
    PartiallyPaid = 1,
    Paid = 2,
    Overdue = 3,
    Cancelled = 4,
}

/// <summary>
/// What is still owed on one invoice (or one instalment of it) on a given date. Credit notes and unallocated
/// payments appear with a negative <see cref="OpenMinor"/> (money owed back to, or held for, the customer).
/// </summary>
public sealed record OpenItem(
    Guid DocumentId,
    Guid CustomerId,
    string Number,
    DocumentKind Kind,
    int? InstalmentSequence,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    long OriginalMinor,
    long OpenMinor,
    int DaysOverdue,
    InvoiceStatus Status);

/// <summary>
/// Derives open amounts and statuses from documents and allocations. Nothing here is stored: a balance is
/// always recomputed, so a late correction of an allocation can never leave a stale figure behind.
/// </summary>
public static class Balances
{
    /// <summary>Status of an invoice on <paramref name="asOf"/>, given the allocations effective by then.</summary>
    public static InvoiceStatus StatusOf(Invoice invoice, long allocatedMinor, DateOnly asOf)
    {
        if (invoice.CancelledOn is { } cancelled && cancelled <= asOf)
        {
            return InvoiceStatus.Cancelled;
        }

        var open = invoice.GrossMinor - allocatedMinor;
        if (open <= 0)
        {
            return InvoiceStatus.Paid;
        }

        if (FirstUnpaidDueDate(invoice, allocatedMinor) < asOf)
        {
            return InvoiceStatus.Overdue;
        }

        return allocatedMinor > 0 ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Open;
    }

    /// <summary>
    /// Open items of one invoice: one per unpaid instalment (allocations settle the earliest instalments
    /// first), or one for the whole invoice. A credit note gives one negative item for its unused part.
    /// </summary>
    public static IEnumerable<OpenItem> OpenItemsOf(Invoice invoice, long allocatedMinor, DateOnly asOf)
    {
        if (invoice.CancelledOn is { } cancelled && cancelled <= asOf)
        {
            yield break;
        }

        var open = invoice.GrossMinor - allocatedMinor;
        if (open <= 0)
        {
            yield break;
        }

        if (invoice.Kind == DocumentKind.CreditNote)
        {
            yield return new OpenItem(invoice.Id, invoice.CustomerId, invoice.Number, invoice.Kind, null,
                invoice.IssueDate, invoice.DueDate, invoice.Currency, -invoice.GrossMinor, -open, 0, InvoiceStatus.Open);
            yield break;
        }

        var status = StatusOf(invoice, allocatedMinor, asOf);
        if (invoice.Instalments.Count == 0)
        {
            yield return new OpenItem(invoice.Id, invoice.CustomerId, invoice.Number, invoice.Kind, null,
                invoice.IssueDate, invoice.DueDate, invoice.Currency, invoice.GrossMinor, open,
                DaysOverdue(invoice.DueDate, asOf), status);
            yield break;
        }

        var remainingPaid = allocatedMinor;
        foreach (var instalment in invoice.Instalments.OrderBy(i => i.Sequence))
        {
            var covered = Math.Min(remainingPaid, instalment.AmountMinor);
            remainingPaid -= covered;
            var instalmentOpen = instalment.AmountMinor - covered;
            if (instalmentOpen <= 0)
            {
                continue;
            }

            var instalmentStatus = instalment.DueDate < asOf
                ? InvoiceStatus.Overdue
                : covered > 0 ? InvoiceStatus.PartiallyPaid : InvoiceStatus.Open;
            yield return new OpenItem(invoice.Id, invoice.CustomerId, invoice.Number, invoice.Kind, instalment.Sequence,
                invoice.IssueDate, instalment.DueDate, invoice.Currency, instalment.AmountMinor, instalmentOpen,
                DaysOverdue(instalment.DueDate, asOf), instalmentStatus);
        }
    }

    /// <summary>Whole days past the due date on <paramref name="asOf"/>; 0 when not yet due.</summary>
    public static int DaysOverdue(DateOnly dueDate, DateOnly asOf) =>
        asOf > dueDate ? asOf.DayNumber - dueDate.DayNumber : 0;

    private static DateOnly FirstUnpaidDueDate(Invoice invoice, long allocatedMinor)
    {
        if (invoice.Instalments.Count == 0)
        {
            return invoice.DueDate;
        }

        var remainingPaid = allocatedMinor;
        foreach (var instalment in invoice.Instalments.OrderBy(i => i.Sequence))
        {
            if (remainingPaid < instalment.AmountMinor)
            {
                return instalment.DueDate;
            }

            remainingPaid -= instalment.AmountMinor;
        }

        return invoice.DueDate;
    }
}

/// <summary>A customer's position in one currency: what it owes and what it holds as credit.</summary>
public sealed record CurrencyBalance(string Currency, long OpenInvoicesMinor, long OverdueMinor, long CreditMinor)
{
    /// <summary>Net amount owed: open invoices minus unused credit notes and unallocated payments.</summary>
    public long BalanceMinor => OpenInvoicesMinor - CreditMinor;
}

public static class CustomerBalance
{
    /// <summary>Totals per currency from open items and unallocated payments (amount, currency).</summary>
    public static IReadOnlyList<CurrencyBalance> PerCurrency(
        IEnumerable<OpenItem> openItems, IEnumerable<(long UnallocatedMinor, string Currency)> unallocatedPayments)
    {
        var totals = new SortedDictionary<string, (long Open, long Overdue, long Credit)>(StringComparer.Ordinal);
        foreach (var item in openItems)
        {
            totals.TryGetValue(item.Currency, out var t);
            if (item.OpenMinor >= 0)
            {
                t.Open += item.OpenMinor;
                if (item.Status == InvoiceStatus.Overdue)
                {
                    t.Overdue += item.OpenMinor;
                }
            }
            else
            {
                t.Credit -= item.OpenMinor;
            }

            totals[item.Currency] = t;
        }

        foreach (var (unallocated, currency) in unallocatedPayments)
        {
            if (unallocated <= 0)
            {
                continue;
            }

            totals.TryGetValue(currency, out var t);
            t.Credit += unallocated;
            totals[currency] = t;
        }

        return totals.Select(kv => new CurrencyBalance(kv.Key, kv.Value.Open, kv.Value.Overdue, kv.Value.Credit)).ToList();
    }
}
