using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Factoring;

/// <summary>
/// Money that reached the wrong account: a factored invoice settled by a payment the seller received (bank matching,
/// manual allocation, payment import, direct debit — whatever path, since every one goes through the ledger), still to be
/// transferred to the factor. <see cref="DueMinor"/> = payments allocated to the invoice since its assignment − transfers recorded.
/// </summary>
public sealed record TransferDue(Guid InvoiceId, string Invoice, string CustomerRef, string CustomerName, string Factor, FactoringMode Mode, string Currency,
    long ReceivedMinor, long TransferredMinor, long DueMinor, DateOnly LastReceivedOn, IReadOnlyList<string> Payments);

/// <summary>One transfer recorded.</summary>
public sealed record TransferRecorded(string Invoice, string Factor, long AmountMinor, string Currency, DateOnly TransferredOn, string? Reference, long LeftMinor);

/// <summary>A credit note applied to a sold invoice, to be reported to the factor on the next bordereau (not reported yet).</summary>
public sealed record DeductionLine(Guid InvoiceId, Guid CreditNoteId, string Invoice, string CreditNote, DateOnly CreditNoteDate, string CustomerRef,
    string CustomerName, long AmountMinor, string Currency);

/// <summary>
/// What the seller owes its factors, computed from the ledger after it committed (ADR 1820): the ledger's allocation
/// operation is left as it is, and every path that settles an invoice is seen, set-based imports included.
/// </summary>
public static class FactoringTransfers
{
    /// <summary>Factored invoices the seller received money for and has not transferred in full (oldest receipt first).</summary>
    public static async Task<IReadOnlyList<TransferDue>> DueAsync(EncaisseDb db, CancellationToken ct, bool includeDone = false, Guid? customerId = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var received = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                              join al in db.Allocations.AsNoTracking() on a.InvoiceId equals al.InvoiceId
                              join p in db.Payments.AsNoTracking() on al.PaymentId equals (Guid?)p.Id
                              join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                              where customerId == null || i.CustomerId == customerId
                              select new
                              {
                                  a.InvoiceId, a.FactorId, AssignedAt = a.CreatedAt, al.AmountMinor, al.CreatedAt, al.AllocatedOn, p.Reference, i.Number, i.CustomerId, i.Currency,
                              }).ToListAsync(ct);
        // Payments lettered before the sale are the seller's: the factor bought what was still open.
        var since = received.Where(r => r.CreatedAt >= r.AssignedAt).ToList();
        if (since.Count == 0)
        {
            return [];
        }

        var invoiceIds = since.Select(r => r.InvoiceId).Distinct().ToList();
        var transferred = (await db.Set<FactoringTransfer>().AsNoTracking().Where(t => invoiceIds.Contains(t.InvoiceId))
            .Select(t => new { t.InvoiceId, t.AmountMinor }).ToListAsync(ct)).GroupBy(t => t.InvoiceId).ToDictionary(g => g.Key, g => g.Sum(t => t.AmountMinor));
        var factors = await db.Set<Factor>().AsNoTracking().ToDictionaryAsync(f => f.Id, ct);
        var customerIds = since.Select(r => r.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.ExternalRef, c.LegalName })
            .ToDictionaryAsync(c => c.Id, ct);
        var rows = new List<TransferDue>();
        foreach (var invoice in since.GroupBy(r => r.InvoiceId))
        {
            var first = invoice.First();
            var sum = invoice.Sum(r => r.AmountMinor);
            var done = transferred.GetValueOrDefault(invoice.Key);
            var due = sum - done;
            if (due <= 0 && !includeDone)
            {
                continue;
            }

            var factor = factors[first.FactorId];
            var customer = customers[first.CustomerId];
            rows.Add(new TransferDue(invoice.Key, first.Number, customer.ExternalRef, customer.LegalName, factor.Name, factor.Mode, first.Currency, sum, done,
                Math.Max(0, due), invoice.Max(r => r.AllocatedOn), invoice.Where(r => r.AmountMinor > 0).Select(r => r.Reference).Distinct(StringComparer.Ordinal).ToList()));
        }

        return rows.OrderBy(r => r.LastReceivedOn).ThenBy(r => r.Invoice, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Records that what was received for these invoices was transferred to their factor (all or nothing). <paramref name="amount"/>
    /// (one invoice only) records a part; by default the whole amount due. Audited, and on each customer's timeline.
    /// </summary>
    public static async Task<Result<IReadOnlyList<TransferRecorded>>> RecordAsync(EncaisseDb db, IReadOnlyCollection<string> numbers, decimal? amount, DateOnly? on,
        string? reference, string actor, TimeProvider clock, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(clock);
        var wanted = numbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return OperationError.InvalidField("invoices", null, "factoring.noInvoices");
        }

        if (amount is not null && (wanted.Count > 1 || amount <= 0))
        {
            return OperationError.InvalidField("amount", amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "factoring.transferAmount");
        }

        if (reference is { Length: > 100 })
        {
            return OperationError.InvalidField("reference", reference, "factoring.transferReference");
        }

        var invoices = await db.Invoices.AsNoTracking().Where(i => wanted.Contains(i.Number) && i.Kind == DocumentKind.Invoice)
            .Select(i => new { i.Id, i.Number, i.CustomerId }).ToListAsync(ct);
        var missing = wanted.Except(invoices.Select(i => i.Number), StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return OperationError.NotFound("factoring.noInvoice", ("invoices", string.Join(", ", missing)));
        }

        var ids = invoices.Select(i => i.Id).ToList();
        var assigned = await db.Set<FactoringAssignment>().AsNoTracking().Where(a => ids.Contains(a.InvoiceId)).Select(a => a.InvoiceId).ToListAsync(ct);
        if (invoices.FirstOrDefault(i => !assigned.Contains(i.Id)) is { } free)
        {
            return OperationError.Conflict("factoring.notAssigned", ("invoice", free.Number));
        }

        var due = (await DueAsync(db, ct)).ToDictionary(d => d.InvoiceId);
        var now = clock.GetUtcNow();
        var date = on ?? today;
        var recorded = new List<TransferRecorded>();
        var factors = await db.Set<Factor>().AsNoTracking().ToDictionaryAsync(f => f.Name, ct);
        foreach (var invoice in invoices.OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            if (!due.TryGetValue(invoice.Id, out var row) || row.DueMinor <= 0)
            {
                return OperationError.Conflict("factoring.nothingToTransfer", ("invoice", invoice.Number));
            }

            var minor = amount is { } a ? Currencies.ToMinor(a, row.Currency) : row.DueMinor;
            if (minor > row.DueMinor)
            {
                return OperationError.InvalidField("amount", amount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "factoring.transferTooMuch",
                    ("invoice", invoice.Number), ("due", new Money(row.DueMinor, row.Currency)));
            }

            var factor = factors[row.Factor];
            db.Add(new FactoringTransfer
            {
                TenantId = db.TenantId, FactorId = factor.Id, InvoiceId = invoice.Id, CustomerId = invoice.CustomerId, AmountMinor = minor, Currency = row.Currency,
                TransferredOn = date, Reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), RecordedBy = actor, CreatedAt = now,
            });
            db.Add(TimelineText.Entry(db.TenantId, invoice.CustomerId, now, "factoring.transferred", actor,
                TimelineText.Of("factoring.transferred", ("amount", new Money(minor, row.Currency)), ("invoice", invoice.Number), ("factor", factor.Name), ("date", date),
                    ("reference", string.IsNullOrWhiteSpace(reference) ? "—" : reference.Trim())),
                invoice.Id, new { factorId = factor.Id, amountMinor = minor, reference }));
            recorded.Add(new TransferRecorded(invoice.Number, factor.Name, minor, row.Currency, date, reference, row.DueMinor - minor));
        }

        using (db.AuditAs("factoring.transferDone"))
        {
            await db.SaveChangesAsync(ct);
        }

        return Result.Ok<IReadOnlyList<TransferRecorded>>(recorded);
    }

    /// <summary>
    /// Credit notes applied to invoices sold to <paramref name="factorId"/> since their assignment and not reported yet (per
    /// credit note and invoice: what was applied less what earlier bordereaux reported).
    /// </summary>
    public static async Task<IReadOnlyList<DeductionLine>> UnreportedDeductionsAsync(EncaisseDb db, Guid factorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var applied = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                             where a.FactorId == factorId
                             join al in db.Allocations.AsNoTracking() on a.InvoiceId equals al.InvoiceId
                             join n in db.Invoices.AsNoTracking() on al.CreditNoteId equals (Guid?)n.Id
                             join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                             join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                             select new
                             {
                                 a.InvoiceId, CreditNoteId = n.Id, AssignedAt = a.CreatedAt, al.CreatedAt, al.AmountMinor, Invoice = i.Number, CreditNote = n.Number,
                                 n.IssueDate, c.ExternalRef, c.LegalName, i.Currency,
                             }).ToListAsync(ct);
        var since = applied.Where(r => r.CreatedAt >= r.AssignedAt).ToList();
        if (since.Count == 0)
        {
            return [];
        }

        var invoiceIds = since.Select(r => r.InvoiceId).Distinct().ToList();
        var reported = (await db.Set<FactoringDeduction>().AsNoTracking().Where(d => invoiceIds.Contains(d.InvoiceId)).ToListAsync(ct))
            .GroupBy(d => (d.InvoiceId, d.CreditNoteId)).ToDictionary(g => g.Key, g => g.Sum(d => d.AmountMinor));
        return since.GroupBy(r => (r.InvoiceId, r.CreditNoteId))
            .Select(g => (Row: g.First(), Left: g.Sum(r => r.AmountMinor) - reported.GetValueOrDefault(g.Key)))
            .Where(x => x.Left > 0)
            .Select(x => new DeductionLine(x.Row.InvoiceId, x.Row.CreditNoteId, x.Row.Invoice, x.Row.CreditNote, x.Row.IssueDate, x.Row.ExternalRef, x.Row.LegalName,
                x.Left, x.Row.Currency))
            .OrderBy(d => d.Currency, StringComparer.Ordinal).ThenBy(d => d.CustomerRef, StringComparer.Ordinal).ThenBy(d => d.Invoice, StringComparer.Ordinal)
            .ThenBy(d => d.CreditNote, StringComparer.Ordinal).ToList();
    }
}
