using System.Data.Common;
using Encaisse.Dunning.Running;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Ledger;

/// <summary>Where an allocation comes from (stored in <see cref="Allocation.Source"/>; the word shown in timelines).</summary>
public static class AllocationOrigin
{
    public const string Manual = "manual";
    public const string Api = "api";
    public const string Matching = "matching";
    public const string Review = "review";
    public const string DirectDebit = "sepa";
    public const string Return = "return";
    public const string Dispute = "dispute";
    public const string Import = "import";
    public const string Fec = "fec";
    /// <summary>An open credit note applied to the oldest open invoices by the tenant's automatic rule.</summary>
    public const string CreditNoteRule = "credit-rule";
    /// <summary>A small difference (bank fee) written off when a payment is accepted as paid in full.</summary>
    public const string WriteOff = "writeoff";
}

/// <summary>One invoice to settle: by id or number; <see cref="AmountMinor"/> null takes what is open (up to what the source has left).</summary>
public sealed record SettlementLine(string? Number = null, Guid? InvoiceId = null, long? AmountMinor = null);

/// <summary>
/// A settlement asked of the ledger: what settles (an existing payment, a payment received now, or a credit note) and
/// the invoices it settles. <see cref="WriteOffToleranceMinor"/> accepts an invoice as paid in full when what stays
/// open after this settlement is that small (bank fees): the difference is written off, visibly.
/// </summary>
public sealed record SettlementRequest(string Origin, string Actor)
{
    public Guid? PaymentId { get; init; }
    /// <summary>A payment recorded by this settlement, in the same transaction (a bank credit, a direct-debit collection).</summary>
    public Payment? NewPayment { get; init; }
    public Guid? CreditNoteId { get; init; }
    public IReadOnlyList<SettlementLine> Lines { get; init; } = [];
    /// <summary>Effective date; default: the payment's arrival or the credit note's issue date.</summary>
    public DateOnly? On { get; init; }
    /// <summary>The most written off over the whole settlement (bank fees are one difference, not one per invoice).</summary>
    public long WriteOffToleranceMinor { get; init; }
    /// <summary>Settling a factored invoice (the factor's own payment, a returned collection) is allowed only when set.</summary>
    public bool AllowFactored { get; init; }
    /// <summary>Details kept in the timeline entry (bank transaction, confidence, match reasons).</summary>
    public object? Evidence { get; init; }
}

/// <summary>What a settlement did.</summary>
public sealed record Settled(
    Guid CustomerId,
    Guid? PaymentId,
    string Currency,
    IReadOnlyList<Allocation> Allocations,
    long AllocatedMinor,
    long WrittenOffMinor,
    long LeftOnSourceMinor,
    IReadOnlyList<string> SettledInvoices,
    int RemindersCancelled);

/// <summary>
/// The one owner of allocations (lettrage): every writer — manual allocation (API, pages, CLI), automatic matching,
/// the review queue, SEPA collections, direct-debit returns, dispute credit notes, the credit-note rule, payment
/// imports and FEC lettering — settles invoices here, and nowhere else is an <see cref="Allocation"/> created. In one
/// transaction it locks the documents (PostgreSQL <c>FOR UPDATE</c>; SQLite has one writer), re-reads what is open and
/// available under the lock, checks <see cref="AllocationRules"/>, writes the allocations (the settled totals follow by
/// trigger, ADR 0610), writes one timeline entry, and lets what depended on the invoices react before committing:
/// pending reminders of invoices now settled are cancelled with their reason, the customer's promises re-evaluated.
/// </summary>
public sealed class LedgerAllocations(EncaisseDb db, Tenant tenant, TimeProvider clock)
{
    /// <summary>Settles invoices with a payment or a credit note.</summary>
    public async Task<Result<Settled>> SettleAsync(SettlementRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = (request.PaymentId is null ? 0 : 1) + (request.NewPayment is null ? 0 : 1) + (request.CreditNoteId is null ? 0 : 1);
        if (sources != 1)
        {
            return OperationError.InvalidField("paymentReference", null, "allocation.oneSource");
        }

        if (request.Lines.Count == 0 && request.NewPayment is null)
        {
            return OperationError.InvalidField("invoices", null, "allocation.noInvoice");
        }

        return await InTransactionAsync(async () =>
        {
            if (request.NewPayment is { } fresh)
            {
                fresh.TenantId = tenant.Id;
                db.Payments.Add(fresh);
                await db.SaveChangesAsync(ct);
            }

            var source = request.CreditNoteId is { } noteId
                ? await LockCreditNoteAsync(noteId, ct)
                : await LockPaymentAsync(request.PaymentId ?? request.NewPayment!.Id, ct);
            if (source is null)
            {
                return request.CreditNoteId is not null
                    ? OperationError.NotFound("allocation.noCreditNote", ("creditNote", request.CreditNoteId.ToString()))
                    : OperationError.NotFound("allocation.noPayment", ("payment", request.PaymentId.ToString()));
            }

            var targets = await LockInvoicesAsync(request.Lines, ct);
            if (!targets.IsOk)
            {
                return Result<Settled>.Fail(targets.Error!);
            }

            return await WriteAsync(request, source, targets.Value, ct);
        }, ct, request.NewPayment);
    }

    /// <summary>
    /// A returned direct debit or reversed credit (R-transaction): the returned payment's allocations are reversed by
    /// negative allocations of <paramref name="reversal"/> (a negative payment recorded here), which reopens the invoices.
    /// </summary>
    public async Task<Result<Settled>> ReverseAsync(Guid paymentId, Payment reversal, string actor, string? reason, object? evidence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reversal);
        return await InTransactionAsync(async () =>
        {
            var original = await LockPaymentAsync(paymentId, ct);
            if (original is null)
            {
                return OperationError.NotFound("allocation.noPayment", ("payment", paymentId.ToString()));
            }

            var allocations = await db.Allocations.AsNoTracking().Where(a => a.PaymentId == paymentId).ToListAsync(ct);
            var reversed = allocations.GroupBy(a => a.InvoiceId).Select(g => (Invoice: g.Key, Amount: g.Sum(a => a.AmountMinor))).Where(x => x.Amount != 0).ToList();
            await LockRowsAsync("invoices", reversed.Select(r => r.Invoice), ct);
            reversal.TenantId = tenant.Id;
            reversal.CustomerId ??= original.CustomerId;
            db.Payments.Add(reversal);
            var now = clock.GetUtcNow();
            var written = reversed.Select(r => new Allocation
            {
                TenantId = tenant.Id, InvoiceId = r.Invoice, PaymentId = reversal.Id, AmountMinor = -r.Amount, AllocatedOn = reversal.ReceivedOn,
                Source = AllocationOrigin.Return, CreatedAt = now,
            }).ToList();
            db.Allocations.AddRange(written);
            var numbers = await NumbersAsync(reversed.Select(r => r.Invoice), ct);
            if (reversal.CustomerId is { } customerId)
            {
                db.Add(TimelineText.Entry(tenant.Id, customerId, now, "payment.returned", actor,
                    TimelineText.Of("ledger.returned", ("amount", new Money(-reversal.AmountMinor, reversal.Currency)), ("count", reversed.Count), ("reason", reason),
                        ("invoices", numbers.Values.Order(StringComparer.Ordinal).ToList())),
                    reversed.Count == 1 ? reversed[0].Invoice : null, evidence));
            }

            await db.SaveChangesAsync(ct);
            return Result.Ok(new Settled(reversal.CustomerId ?? Guid.Empty, reversal.Id, reversal.Currency, written, written.Sum(a => a.AmountMinor), 0, 0, [], 0));
        }, ct);
    }

    /// <summary>Removes one allocation (a lettrage made by mistake); the invoice reopens.</summary>
    public async Task<Result<Guid>> RemoveAsync(Guid allocationId, string actor, CancellationToken ct) =>
        await InTransactionAsync(async () =>
        {
            var allocation = await db.Allocations.SingleOrDefaultAsync(a => a.Id == allocationId, ct);
            if (allocation is null)
            {
                return OperationError.NotFound("allocation.notFound", ("allocation", allocationId.ToString()));
            }

            await LockRowsAsync("invoices", [allocation.InvoiceId], ct);
            var invoice = await db.Invoices.AsNoTracking().Where(i => i.Id == allocation.InvoiceId).Select(i => new { i.CustomerId, i.Number, i.Currency }).SingleAsync(ct);
            db.Allocations.Remove(allocation);
            db.Add(TimelineText.Entry(tenant.Id, invoice.CustomerId, clock.GetUtcNow(), "payment.unallocated", actor,
                TimelineText.Of("ledger.unallocated", ("amount", new Money(allocation.AmountMinor, invoice.Currency)), ("invoice", invoice.Number)),
                allocation.InvoiceId, new { allocationId }));
            await db.SaveChangesAsync(ct);
            return Result.Ok(allocationId);
        }, ct);

    /// <summary>
    /// The tenant's credit-note rule: when automatic, the customer's open credit notes are applied to its oldest open
    /// invoices (due date, then number) of the same currency, leaving out invoices in an active dispute and factored
    /// ones. Returns the number of allocations written (0 when the rule is manual or nothing is open).
    /// </summary>
    public async Task<Result<int>> ApplyCreditNotesAsync(Guid customerId, string actor, CancellationToken ct)
    {
        if (tenant.CreditNoteApplication != CreditNoteApplication.Automatic)
        {
            return Result.Ok(0);
        }

        var today = BusinessCalendar.Today(clock, tenant.TimeZone);
        var position = await CustomerPositions.LoadAsync(db, customerId, today, ct);
        var disputed = await Dunning.Timeline.DisputedInvoices.OfCustomerAsync(db, customerId, ct);
        var count = 0;
        foreach (var credit in position.Credits.Where(c => c.Kind == CreditKind.CreditNote))
        {
            var left = credit.AvailableMinor;
            var lines = new List<SettlementLine>();
            foreach (var item in position.OpenItems.Where(i => i.Kind == DocumentKind.Invoice && i.Currency == credit.Currency && i.OpenMinor > 0
                         && !disputed.Contains(i.DocumentId) && !position.Documents.First(d => d.Id == i.DocumentId).IsFactored)
                         .GroupBy(i => i.DocumentId).Select(g => (Id: g.Key, Open: g.Sum(i => i.OpenMinor), Due: g.Min(i => i.DueDate), g.First().Number))
                         .OrderBy(x => x.Due).ThenBy(x => x.Number, StringComparer.Ordinal))
            {
                if (left <= 0)
                {
                    break;
                }

                var take = Math.Min(left, item.Open - lines.Where(l => l.InvoiceId == item.Id).Sum(l => l.AmountMinor ?? 0));
                if (take > 0)
                {
                    lines.Add(new SettlementLine(InvoiceId: item.Id, AmountMinor: take));
                    left -= take;
                }
            }

            if (lines.Count == 0)
            {
                continue;
            }

            var applied = await SettleAsync(new SettlementRequest(AllocationOrigin.CreditNoteRule, actor) { CreditNoteId = credit.Id, Lines = lines }, ct);
            if (!applied.IsOk)
            {
                return Result<int>.Fail(applied.Error!);
            }

            count += applied.Value.Allocations.Count;
            position = await CustomerPositions.LoadAsync(db, customerId, today, ct);
        }

        return Result.Ok(count);
    }

    /// <summary>
    /// The same rules set-based, for imports of many rows (payments naming their invoice, FEC lettering). The
    /// candidates come from <paramref name="candidatesSql"/> (columns <c>id, invoice_id, payment_id, credit_note_id,
    /// amount, allocated_on</c>; <c>@t</c> is the tenant). Allocations the same origin wrote before for the rows matched
    /// by <paramref name="replaceCondition"/> are replaced (re-imports are idempotent). A candidate is written only on an
    /// invoice that is neither cancelled nor factored, from a payment or credit note of the same customer and currency,
    /// and for at most what is still open on the invoice and available on the source after the candidates before it
    /// (never more: a row that would over-settle is cut or refused). Invoices are locked first on PostgreSQL.
    /// Returns the rows replaced, the rows written and the candidates refused (a cut row is written: the rest of a
    /// payment stays as customer credit).
    /// </summary>
    public static async Task<(int Removed, int Written, int Refused)> SettleStagedAsync(Func<string, CancellationToken, Task<int>> execute, Func<string, CancellationToken, Task<long>> scalar,
        DatabaseProvider provider, string candidatesSql, string origin, string? replaceCondition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(scalar);
        var removed = replaceCondition is null ? 0
            : await execute($"DELETE FROM allocations WHERE tenant_id = @t AND source = '{origin}' AND {replaceCondition}", ct);
        var candidates = await scalar($"SELECT COUNT(*) FROM ({candidatesSql}) c", ct);
        if (candidates == 0)
        {
            return (removed, 0, 0);
        }

        if (provider == DatabaseProvider.Postgres)
        {
            await execute($"SELECT 1 FROM invoices WHERE id IN (SELECT c.invoice_id FROM ({candidatesSql}) c) ORDER BY id FOR UPDATE", ct);
        }

        var least = provider == DatabaseProvider.Postgres ? "LEAST" : "MIN";
        var settled = Ledger.Storage.SettledTotals.Column;
        var written = await execute($"""
            INSERT INTO allocations (id, tenant_id, invoice_id, payment_id, credit_note_id, amount_minor, allocated_on, source, created_at)
            SELECT x.id, @t, x.invoice_id, x.payment_id, x.credit_note_id,
                   {least}(x.amount, x.invoice_open - COALESCE(x.invoice_before, 0), x.source_available - COALESCE(x.source_before, 0)),
                   x.allocated_on, '{origin}', @now
            FROM (SELECT c.id, c.invoice_id, c.payment_id, c.credit_note_id, c.amount, c.allocated_on,
                         i.gross_minor - i.{settled} AS invoice_open,
                         CASE WHEN c.payment_id IS NOT NULL
                              THEN p.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.payment_id = p.id), 0)
                              ELSE n.gross_minor - n.{settled} END AS source_available,
                         SUM(c.amount) OVER (PARTITION BY c.invoice_id ORDER BY c.allocated_on, c.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS invoice_before,
                         SUM(c.amount) OVER (PARTITION BY COALESCE(c.payment_id, c.credit_note_id) ORDER BY c.allocated_on, c.id
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS source_before
                  FROM ({candidatesSql}) c
                  JOIN invoices i ON i.tenant_id = @t AND i.id = c.invoice_id AND i.kind = 'Invoice' AND i.cancelled_on IS NULL AND NOT i.is_factored
                  LEFT JOIN payments p ON p.tenant_id = @t AND p.id = c.payment_id
                  LEFT JOIN invoices n ON n.tenant_id = @t AND n.id = c.credit_note_id AND n.kind = 'CreditNote' AND n.cancelled_on IS NULL
                  WHERE c.amount > 0 AND (p.id IS NOT NULL OR n.id IS NOT NULL)
                    AND COALESCE(p.currency, n.currency) = i.currency
                    AND COALESCE(p.customer_id, n.customer_id, i.customer_id) = i.customer_id) x
            WHERE {least}(x.amount, x.invoice_open - COALESCE(x.invoice_before, 0), x.source_available - COALESCE(x.source_before, 0)) > 0
            """, ct);
        return (removed, written, (int)(candidates - written));
    }

    private async Task<Result<Settled>> WriteAsync(SettlementRequest request, AllocationSource source, IReadOnlyList<AllocationTarget> targets, CancellationToken ct)
    {
        var customerId = source.CustomerId ?? targets.FirstOrDefault()?.CustomerId;
        if (customerId is null)
        {
            return OperationError.InvalidField("invoices", null, "allocation.noInvoice");
        }

        var now = clock.GetUtcNow();
        var on = request.On ?? await SourceDateAsync(request, source, ct);
        var available = source.AvailableMinor;
        var written = new List<Allocation>();
        var settled = new List<string>();
        long writtenOff = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[i];
            var explicitAmount = request.Lines[i].AmountMinor;
            var amount = explicitAmount ?? Math.Min(target.OpenMinor, available);
            if (AllocationRules.Check(target, source with { AvailableMinor = available, CustomerId = customerId }, amount, request.AllowFactored) is { } refusal)
            {
                return refusal;
            }

            written.Add(new Allocation
            {
                TenantId = tenant.Id, InvoiceId = target.Id, PaymentId = source.IsCreditNote ? null : source.Id, CreditNoteId = source.IsCreditNote ? source.Id : null,
                AmountMinor = amount, AllocatedOn = on, Source = request.Origin, CreatedAt = now,
            });
            available -= amount;
            var left = target.OpenMinor - amount;
            if (left > 0 && left <= request.WriteOffToleranceMinor - writtenOff)
            {
                written.Add(new Allocation
                {
                    TenantId = tenant.Id, InvoiceId = target.Id, AmountMinor = left, AllocatedOn = on, Source = AllocationOrigin.WriteOff, CreatedAt = now,
                });
                writtenOff += left;
                left = 0;
            }

            if (left == 0)
            {
                settled.Add(target.Number);
            }
        }

        if (!source.IsCreditNote && source.CustomerId is null)
        {
            // The payer is now identified: the payment belongs to the customer whose invoices it settles.
            var payment = await db.Payments.SingleAsync(p => p.Id == source.Id, ct);
            payment.CustomerId = customerId;
        }

        db.Allocations.AddRange(written);
        var allocated = written.Where(a => a.Source != AllocationOrigin.WriteOff).Sum(a => a.AmountMinor);
        var currency = targets.FirstOrDefault()?.Currency ?? source.Currency;
        var numbers = targets.Select(t => t.Number).ToList();
        var text = TimelineText.Of(targets.Count == 0 ? "ledger.receivedAsCredit" : source.IsCreditNote ? "ledger.creditApplied" : "ledger.settled",
            ("amount", new Money(allocated, currency)), ("source", source.Reference), ("invoices", numbers),
            ("origin", new Word("origin." + request.Origin)),
            ("writeOff", writtenOff > 0 ? new Nested("ledger.writeOff") : null), ("writeOff.amount", new Money(writtenOff, currency)),
            ("credit", available > 0 && !source.IsCreditNote && targets.Count > 0 ? new Nested("ledger.keptAsCredit") : null),
            ("credit.amount", new Money(available, currency)));
        var kind = source.IsCreditNote ? "creditNote.applied"
            : request.Origin is AllocationOrigin.Matching or AllocationOrigin.Review ? "payment.matched" : "payment.allocated";
        db.Add(TimelineText.Entry(tenant.Id, customerId.Value, now, kind, request.Actor, text,
            targets.Count == 1 ? targets[0].Id : null,
            new
            {
                origin = request.Origin,
                paymentId = source.IsCreditNote ? (Guid?)null : source.Id,
                creditNoteId = source.IsCreditNote ? source.Id : (Guid?)null,
                invoices = written.Select(a => new { invoiceId = a.InvoiceId, amountMinor = a.AmountMinor, writeOff = a.Source == AllocationOrigin.WriteOff }),
                leftOnSourceMinor = available,
                evidence = request.Evidence,
            }));
        await db.SaveChangesAsync(ct);

        // What depended on these invoices reacts in the same transaction: nothing can be sent for a settled invoice.
        var cancelled = settled.Count == 0 ? 0
            : await PaidInvoiceReminders.CancelAsync(db, customerId.Value, targets.Where(t => settled.Contains(t.Number)).Select(t => t.Id).ToList(), request.Actor, now, ct);
        if (!source.IsCreditNote)
        {
            var scope = new Dunning.Timeline.CollectionsScope(db, tenant, clock, request.Actor);
            await Dunning.Promises.PromiseOperations.CheckAsync(scope, null, ct, customerId);
        }

        await db.SaveChangesAsync(ct);

        return Result.Ok(new Settled(customerId.Value, source.IsCreditNote ? null : source.Id, currency, written, allocated, writtenOff, available, settled, cancelled));
    }

    private async Task<DateOnly> SourceDateAsync(SettlementRequest request, AllocationSource source, CancellationToken ct) =>
        source.IsCreditNote
            ? await db.Invoices.Where(i => i.Id == source.Id).Select(i => i.IssueDate).SingleAsync(ct)
            : request.NewPayment?.ReceivedOn ?? await db.Payments.Where(p => p.Id == source.Id).Select(p => p.ReceivedOn).SingleAsync(ct);

    /// <summary>
    /// Runs <paramref name="body"/> in the caller's transaction or a new one. The caller's pending changes are saved
    /// first (they are the caller's, whatever happens here); the operation's own writes sit behind a savepoint and are
    /// undone, and its added entities forgotten, when it answers an error. A new transaction is committed at the end.
    /// </summary>
    private async Task<Result<T>> InTransactionAsync<T>(Func<Task<Result<T>>> body, CancellationToken ct, object? created = null)
    {
        var own = db.Database.CurrentTransaction is null;
        var transaction = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CreateSavepointAsync(Savepoint, ct);
            var result = await body();
            if (!result.IsOk)
            {
                await transaction.RollbackToSavepointAsync(Savepoint, ct);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added || (created is not null && ReferenceEquals(e.Entity, created))).ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }

            if (own)
            {
                await transaction.CommitAsync(ct);
            }

            return result;
        }
        finally
        {
            if (own)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private const string Savepoint = "ledger_allocation";

    private async Task<AllocationSource?> LockPaymentAsync(Guid paymentId, CancellationToken ct)
    {
        await LockRowsAsync("payments", [paymentId], ct);
        var rows = await new ReportingSql(db).QueryAsync("""
            SELECT p.id, p.reference, p.customer_id, p.currency, p.amount_minor - COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.payment_id = p.id), 0)
            FROM payments p WHERE p.tenant_id = @tenant AND p.id = @id
            """, new Dictionary<string, object?> { ["@tenant"] = tenant.Id, ["@id"] = paymentId },
            r => new AllocationSource(ReadGuid(r, 0), r.GetString(1), false, r.IsDBNull(2) ? null : ReadGuid(r, 2), r.GetString(3), ReportingSql.Long(r, 4), false), ct);
        return rows.SingleOrDefault();
    }

    private async Task<AllocationSource?> LockCreditNoteAsync(Guid creditNoteId, CancellationToken ct)
    {
        await LockRowsAsync("invoices", [creditNoteId], ct);
        var rows = await new ReportingSql(db).QueryAsync($"""
            SELECT i.id, i.number, i.customer_id, i.currency, i.gross_minor - i.{Ledger.Storage.SettledTotals.Column}, i.cancelled_on, i.kind
            FROM invoices i WHERE i.tenant_id = @tenant AND i.id = @id
            """, new Dictionary<string, object?> { ["@tenant"] = tenant.Id, ["@id"] = creditNoteId },
            r => (Source: new AllocationSource(ReadGuid(r, 0), r.GetString(1), true, ReadGuid(r, 2), r.GetString(3), ReportingSql.Long(r, 4), !r.IsDBNull(5)),
                Kind: r.GetString(6)), ct);
        return rows.SingleOrDefault(r => r.Kind == nameof(DocumentKind.CreditNote)).Source;
    }

    /// <summary>The invoices of the lines, locked in id order (no deadlock between two writers), read after the lock.</summary>
    private async Task<Result<IReadOnlyList<AllocationTarget>>> LockInvoicesAsync(IReadOnlyList<SettlementLine> lines, CancellationToken ct)
    {
        var byNumber = lines.Where(l => l.InvoiceId is null).Select(l => l.Number ?? "").Distinct().ToList();
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (byNumber.Count > 0)
        {
            foreach (var row in await db.Invoices.AsNoTracking().Where(i => byNumber.Contains(i.Number)).Select(i => new { i.Number, i.Id }).ToListAsync(ct))
            {
                ids[row.Number] = row.Id;
            }
        }

        var wanted = new List<Guid>();
        foreach (var line in lines)
        {
            if (line.InvoiceId is { } id)
            {
                wanted.Add(id);
            }
            else if (ids.TryGetValue(line.Number ?? "", out var found))
            {
                wanted.Add(found);
            }
            else
            {
                return OperationError.InvalidField("invoiceNumber", line.Number, "allocation.noInvoiceNumber", ("invoice", line.Number));
            }
        }

        if (wanted.Distinct().Count() != wanted.Count)
        {
            return OperationError.InvalidField("invoices", null, "allocation.invoiceTwice");
        }

        await LockRowsAsync("invoices", wanted, ct);
        var parameters = new Dictionary<string, object?> { ["@tenant"] = tenant.Id };
        var names = new List<string>();
        for (var i = 0; i < wanted.Count; i++)
        {
            parameters[$"@id{i}"] = wanted[i];
            names.Add($"@id{i}");
        }

        var rows = wanted.Count == 0 ? [] : await new ReportingSql(db).QueryAsync($"""
            SELECT i.id, i.number, i.customer_id, i.kind, i.currency, i.gross_minor, i.{Ledger.Storage.SettledTotals.Column}, i.cancelled_on, i.is_factored
            FROM invoices i WHERE i.tenant_id = @tenant AND i.id IN ({string.Join(", ", names)})
            """, parameters,
            r => new AllocationTarget(ReadGuid(r, 0), r.GetString(1), ReadGuid(r, 2), Enum.Parse<DocumentKind>(r.GetString(3)), r.GetString(4),
                ReportingSql.Long(r, 5), ReportingSql.Long(r, 6), !r.IsDBNull(7), ReadBool(r, 8)), ct);
        var byId = rows.ToDictionary(r => r.Id);
        var targets = new List<AllocationTarget>();
        foreach (var (id, line) in wanted.Zip(lines))
        {
            if (!byId.TryGetValue(id, out var target))
            {
                return OperationError.InvalidField("invoiceNumber", line.Number ?? id.ToString(), "allocation.noInvoiceNumber", ("invoice", line.Number ?? id.ToString()));
            }

            targets.Add(target);
        }

        return Result.Ok<IReadOnlyList<AllocationTarget>>(targets);
    }

    /// <summary>Row locks on PostgreSQL, in id order; SQLite transactions already hold the database's single write lock.</summary>
    private async Task LockRowsAsync(string table, IEnumerable<Guid> ids, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var ordered = ids.Distinct().Order().ToArray();
        if (ordered.Length == 0)
        {
            return;
        }

        var sql = table == "payments"
            ? "SELECT id FROM payments WHERE id = ANY({0}) ORDER BY id FOR UPDATE"
            : "SELECT id FROM invoices WHERE id = ANY({0}) ORDER BY id FOR UPDATE";
        await db.Database.ExecuteSqlRawAsync(sql, [ordered], ct);
    }

    private async Task<Dictionary<Guid, string>> NumbersAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return await db.Invoices.AsNoTracking().Where(i => list.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
    }

    private static Guid ReadGuid(DbDataReader r, int ordinal) => r.GetValue(ordinal) switch
    {
        Guid g => g,
        string s => Guid.Parse(s),
        var other => throw new InvalidOperationException($"Not an id: {other}"),
    };

    private static bool ReadBool(DbDataReader r, int ordinal) => r.GetValue(ordinal) switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        var other => Convert.ToBoolean(other, System.Globalization.CultureInfo.InvariantCulture),
    };
}
