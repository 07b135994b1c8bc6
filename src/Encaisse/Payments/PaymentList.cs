using Encaisse.Ledger;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>Filters of the payments list: text (customer reference or name, payment reference, payer), received between two dates, only those with cash not yet applied.</summary>
public sealed record PaymentQuery(string? Search, DateOnly? From, DateOnly? To, bool UnappliedOnly, int Page = 1, int PageSize = 50);

/// <summary>One payment: what came in, what is allocated to invoices, what stays unapplied (the customer's credit).</summary>
public sealed record PaymentLine(Guid Id, DateOnly ReceivedOn, Guid? CustomerId, string? CustomerRef, string? CustomerName, string Reference, PaymentMethod Method,
    string Currency, long AmountMinor, long AllocatedMinor, string? PayerName, string Source)
{
    public long UnappliedMinor => AmountMinor - AllocatedMinor;
}

/// <summary>Unapplied cash of the tenant: customer credit left on payments, and bank credits nobody is identified for yet.</summary>
public sealed record UnappliedCash(string Currency, long CustomerCreditMinor, int CustomerCreditPayments, long UnidentifiedMinor, int UnidentifiedCredits, long ToReviewMinor, int ToReviewCredits);

public sealed record PaymentPage(IReadOnlyList<PaymentLine> Lines, bool HasNext);

/// <summary>
/// The payments list of the back office and its export: payments received with their allocated part read from the
/// ledger's maintained total (<c>payments.allocated_minor</c>, ADR 0610), never recomputed from allocations.
/// </summary>
public static class PaymentList
{
    public const int ExportLimit = 100_000;

    public static Task<PaymentPage> SearchAsync(EncaisseDb db, PaymentQuery query, CancellationToken ct) =>
        SearchAsync(db, query, named: null, ct);

    /// <summary>
    /// The list, with the customers its text names already found (<see cref="CustomerSearch.FindAsync(EncaisseDb, string, CancellationToken)"/>:
    /// the global search finds them once for the invoices and the payments); null finds them here.
    /// </summary>
    public static async Task<PaymentPage> SearchAsync(EncaisseDb db, PaymentQuery query, CustomerMatches? named, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await PageAsync(db, query, await CustomerSearch.ForListAsync(db, query.Search, named, CustomerSearch.IdLimit, ct), ct);
    }

    /// <summary>The list with the customer search's limit given (tests: the search read the long way).</summary>
    internal static async Task<PaymentPage> SearchAsync(EncaisseDb db, PaymentQuery query, int customerLimit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        return await PageAsync(db, query, await CustomerSearch.ForListAsync(db, query.Search, null, customerLimit, ct), ct);
    }

    private static async Task<PaymentPage> PageAsync(EncaisseDb db, PaymentQuery query, CustomerMatches? named, CancellationToken ct)
    {
        var size = Math.Clamp(query.PageSize, 1, ExportLimit);
        var page = Math.Max(1, query.Page);
        // The page's payments first, in the list's order, from the covering index alone (ADR 1593), then their rows and customers.
        var ids = InOrder(Selected(db, query, named)).Skip((page - 1) * size).Take(size + 1).Select(p => p.Id);
        var rows = await Lines(db, db.Payments.AsNoTracking().Where(p => ids.Contains(p.Id))).ToListAsync(ct);
        return new PaymentPage(rows.Take(size).ToList(), rows.Count > size);
    }

    /// <summary>Every payment the filters select (up to <see cref="ExportLimit"/>), for CSV or XLSX.</summary>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ExportAsync(EncaisseDb db, PaymentQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = await Lines(db, Selected(db, query, await CustomerSearch.ForListAsync(db, query.Search, null, CustomerSearch.IdLimit, ct))).Take(ExportLimit).ToListAsync(ct);
        return rows.Select(p => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["receivedOn"] = p.ReceivedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["customerRef"] = p.CustomerRef,
            ["customerName"] = p.CustomerName,
            ["reference"] = p.Reference,
            ["method"] = p.Method.ToString(),
            ["currency"] = p.Currency,
            ["amount"] = Amount(p.AmountMinor, p.Currency),
            ["allocated"] = Amount(p.AllocatedMinor, p.Currency),
            ["unapplied"] = Amount(p.UnappliedMinor, p.Currency),
            ["payer"] = p.PayerName,
            ["source"] = p.Source,
        }).ToList();
    }

    /// <summary>Unapplied cash in the tenant's currency: credit left on payments, unidentified and to-review bank credits.</summary>
    public static async Task<UnappliedCash> UnappliedAsync(EncaisseDb db, string currency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The payments that still hold cash, read on their partial index (ix_payments_unapplied) and added up here:
        // PostgreSQL cannot estimate "amount > allocated" (it assumes a third of the payments), so an aggregate in SQL
        // was planned with parallel workers whose start cost 80-300 ms on a busy server for a handful of rows (ADR 1552).
        var left = await db.Payments.AsNoTracking()
            .Where(p => p.Currency == currency && p.AmountMinor > EF.Property<long>(p, "AllocatedMinor"))
            .Select(p => p.AmountMinor - EF.Property<long>(p, "AllocatedMinor"))
            .ToListAsync(ct);
        var credit = left.Count == 0 ? null : new { Total = left.Sum(), left.Count };
        var bank = await db.Set<BankTransaction>().AsNoTracking()
            .Where(t => t.Currency == currency && t.AmountMinor > 0 && (t.Status == BankTransactionStatus.Unmatched || t.Status == BankTransactionStatus.Review))
            .GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Total = g.Sum(t => t.AmountMinor), Count = g.Count() })
            .ToListAsync(ct);
        var unmatched = bank.FirstOrDefault(b => b.Status == BankTransactionStatus.Unmatched);
        var review = bank.FirstOrDefault(b => b.Status == BankTransactionStatus.Review);
        return new UnappliedCash(currency, credit?.Total ?? 0, credit?.Count ?? 0, unmatched?.Total ?? 0, unmatched?.Count ?? 0, review?.Total ?? 0, review?.Count ?? 0);
    }

    /// <summary>An amount with the currency's decimals kept (480.00, not 480) for files.</summary>
    private static decimal Amount(long minor, string currency) =>
        decimal.Parse(Currencies.FormatInvariant(minor, currency), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The payments the filters select (payment columns only: the text is tested on the payment and the customers it names).</summary>
    private static IQueryable<Payment> Selected(EncaisseDb db, PaymentQuery query, CustomerMatches? named)
    {
        ArgumentNullException.ThrowIfNull(db);
        var payments = db.Payments.AsNoTracking();
        if (query.From is { } from)
        {
            payments = payments.Where(p => p.ReceivedOn >= from);
        }

        if (query.To is { } to)
        {
            payments = payments.Where(p => p.ReceivedOn <= to);
        }

        if (query.UnappliedOnly)
        {
            payments = payments.Where(p => p.AmountMinor > EF.Property<long>(p, "AllocatedMinor"));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var text = query.Search.Trim();
            var lower = text.ToLowerInvariant();
            // Payment reference, payer, or a customer the text names (CustomerSearch: found first, then their payments).
            var customers = named?.Ids;
            var matching = CustomerSearch.Matching(db, text).Select(c => c.Id);
            payments = customers is null
                ? payments.Where(p => p.Reference == text || (p.CustomerId != null && matching.Contains(p.CustomerId.Value))
                    || (p.PayerName != null && p.PayerName.ToLower().Contains(lower)))
                : payments.Where(p => p.Reference == text || (p.CustomerId != null && customers.Contains(p.CustomerId.Value))
                    || (p.PayerName != null && p.PayerName.ToLower().Contains(lower)));
        }

        return payments;
    }

    /// <summary>The list's order: received last first (equal dates by id, last first).</summary>
    private static IQueryable<Payment> InOrder(IQueryable<Payment> payments) => payments.OrderByDescending(p => p.ReceivedOn).ThenByDescending(p => p.Id);

    /// <summary>The lines of <paramref name="payments"/> in the list's order, with their customer.</summary>
    private static IQueryable<PaymentLine> Lines(EncaisseDb db, IQueryable<Payment> payments) =>
        from p in InOrder(payments)
        join c in db.Customers.AsNoTracking() on p.CustomerId equals c.Id into owners
        from c in owners.DefaultIfEmpty()
        select new PaymentLine(p.Id, p.ReceivedOn, p.CustomerId, c == null ? null : c.ExternalRef, c == null ? null : c.LegalName, p.Reference,
            p.Method, p.Currency, p.AmountMinor, EF.Property<long>(p, "AllocatedMinor"), p.PayerName, p.Source);
}
