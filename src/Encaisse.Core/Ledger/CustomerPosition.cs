namespace Encaisse.Ledger;

public enum CreditKind
{
    /// <summary>A credit note not (fully) applied to invoices.</summary>
    CreditNote = 0,
    /// <summary>Money received and not (fully) allocated to invoices (unapplied cash).</summary>
    UnappliedPayment = 1,
}

/// <summary>Something the customer holds against what it owes: an open credit note or unapplied cash, on a date.</summary>
public sealed record CustomerCredit(Guid Id, CreditKind Kind, string Reference, DateOnly Date, string Currency, long AvailableMinor);

/// <summary>
/// One customer's position on <see cref="AsOf"/>: its documents issued by then, the allocations effective by then,
/// the open items, the credits it holds (open credit notes, unapplied cash) and the balances per currency. The one
/// definition of "what is open": a document counts when issued on or before the date and not cancelled by then; an
/// allocation counts when dated on or before it (both sides: invoice settled, credit note or payment used); a
/// payment counts when received on or before it. Pure: built by <see cref="Compute"/> from plain data.
/// </summary>
public sealed class CustomerPosition
{
    private readonly Dictionary<Guid, long> allocatedByDocument;
    private readonly Dictionary<Guid, long> openByInvoice;

    private CustomerPosition(Guid customerId, DateOnly asOf, IReadOnlyList<Invoice> documents, IReadOnlyList<Allocation> allocations,
        IReadOnlyList<OpenItem> openItems, IReadOnlyList<CustomerCredit> credits, IReadOnlyList<CurrencyBalance> balances,
        Dictionary<Guid, long> allocatedByDocument)
    {
        CustomerId = customerId;
        AsOf = asOf;
        Documents = documents;
        Allocations = allocations;
        OpenItems = openItems;
        Credits = credits;
        Balances = balances;
        this.allocatedByDocument = allocatedByDocument;
        openByInvoice = openItems.Where(i => i.OpenMinor > 0).GroupBy(i => i.DocumentId).ToDictionary(g => g.Key, g => g.Sum(i => i.OpenMinor));
    }

    public Guid CustomerId { get; }
    public DateOnly AsOf { get; }
    /// <summary>Invoices and credit notes issued by the date (cancelled ones included; their open amount is 0).</summary>
    public IReadOnlyList<Invoice> Documents { get; }
    /// <summary>Allocations on these documents effective by the date.</summary>
    public IReadOnlyList<Allocation> Allocations { get; }
    /// <summary>Open items: one per unpaid invoice or instalment (positive), one per open credit note (negative).</summary>
    public IReadOnlyList<OpenItem> OpenItems { get; }
    /// <summary>Open credit notes and unapplied payments, oldest first.</summary>
    public IReadOnlyList<CustomerCredit> Credits { get; }
    public IReadOnlyList<CurrencyBalance> Balances { get; }

    /// <summary>Open amount of one invoice (all its instalments) on the date; 0 when paid, cancelled or unknown.</summary>
    public long OpenOf(Guid invoiceId) => openByInvoice.GetValueOrDefault(invoiceId);

    /// <summary>Allocated to an invoice, or used from a credit note, by the date.</summary>
    public long AllocatedOf(Guid documentId) => allocatedByDocument.GetValueOrDefault(documentId);

    /// <summary>Net balance owed in <paramref name="currency"/> (open invoices minus credits).</summary>
    public long BalanceIn(string currency) => Balances.FirstOrDefault(b => b.Currency == currency)?.BalanceMinor ?? 0;

    /// <summary>Credits held in <paramref name="currency"/>.</summary>
    public long CreditIn(string currency) => Credits.Where(c => c.Currency == currency).Sum(c => c.AvailableMinor);

    /// <summary>
    /// The position from the customer's documents (with their instalments), the allocations on them and its
    /// payments with what is allocated from each (allocations of any date; only those effective by the date count).
    /// </summary>
    public static CustomerPosition Compute(Guid customerId, DateOnly asOf, IEnumerable<Invoice> documents, IEnumerable<Allocation> allocations,
        IEnumerable<Payment> payments)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(allocations);
        ArgumentNullException.ThrowIfNull(payments);
        var issued = documents.Where(d => d.CustomerId == customerId && d.IssueDate <= asOf)
            .OrderBy(d => d.DueDate).ThenBy(d => d.Number, StringComparer.Ordinal).ToList();
        var effective = allocations.Where(a => a.AllocatedOn <= asOf).ToList();
        var allocated = new Dictionary<Guid, long>();
        var byPayment = new Dictionary<Guid, long>();
        foreach (var a in effective)
        {
            allocated[a.InvoiceId] = allocated.GetValueOrDefault(a.InvoiceId) + a.AmountMinor;
            if (a.CreditNoteId is { } note)
            {
                allocated[note] = allocated.GetValueOrDefault(note) + a.AmountMinor;
            }

            if (a.PaymentId is { } payment)
            {
                byPayment[payment] = byPayment.GetValueOrDefault(payment) + a.AmountMinor;
            }
        }

        var ids = issued.Select(d => d.Id).ToHashSet();
        var own = effective.Where(a => ids.Contains(a.InvoiceId) || (a.CreditNoteId is { } n && ids.Contains(n))).ToList();
        var openItems = issued.SelectMany(d => Ledger.Balances.OpenItemsOf(d, allocated.GetValueOrDefault(d.Id), asOf)).ToList();
        var credits = new List<CustomerCredit>();
        foreach (var item in openItems.Where(i => i.Kind == DocumentKind.CreditNote))
        {
            credits.Add(new CustomerCredit(item.DocumentId, CreditKind.CreditNote, item.Number, item.IssueDate, item.Currency, -item.OpenMinor));
        }

        foreach (var p in payments.Where(p => p.CustomerId == customerId && p.ReceivedOn <= asOf))
        {
            var unapplied = p.AmountMinor - byPayment.GetValueOrDefault(p.Id);
            if (unapplied > 0)
            {
                credits.Add(new CustomerCredit(p.Id, CreditKind.UnappliedPayment, p.Reference, p.ReceivedOn, p.Currency, unapplied));
            }
        }

        credits = credits.OrderBy(c => c.Date).ThenBy(c => c.Reference, StringComparer.Ordinal).ToList();
        var balances = CustomerBalance.PerCurrency(openItems.Where(i => i.OpenMinor > 0),
            credits.Select(c => (c.AvailableMinor, c.Currency)));
        return new CustomerPosition(customerId, asOf, issued, own, openItems, credits, balances, allocated);
    }
}
