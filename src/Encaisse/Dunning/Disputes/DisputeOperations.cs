using Encaisse.Operations;
using Encaisse.Dunning.Timeline;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Disputes;

/// <param name="Amount">Contested amount; defaults to the invoices' open amounts.</param>
/// <param name="Channel">collector, portal, email, phone, api.</param>
public sealed record OpenDispute(
    string CustomerRef,
    IReadOnlyList<string> InvoiceNumbers,
    DisputeReason Reason,
    decimal? Amount = null,
    string? Description = null,
    string? Owner = null,
    string? Channel = null);

public sealed record DisputeHistoryView(DateTimeOffset At, DateOnly On, string Actor, DisputeStatus? FromStatus, DisputeStatus ToStatus, string? Comment);

public sealed record DisputeView(
    Guid Id,
    string CustomerRef,
    DisputeStatus Status,
    DisputeReason Reason,
    long AmountMinor,
    string Currency,
    IReadOnlyList<string> InvoiceNumbers,
    string? Description,
    string? Owner,
    string Channel,
    DateOnly OpenedOn,
    DateOnly? ClosedOn,
    string? CreditNoteNumber,
    IReadOnlyList<DisputeStatus> NextStatuses,
    IReadOnlyList<DisputeHistoryView> History);

/// <summary>Opens disputes, moves them through their statuses (with history) and resolves them with a credit note.</summary>
public static class DisputeOperations
{
    public static async Task<DisputeView> OpenAsync(CollectionsScope scope, OpenDispute request, CancellationToken ct)
    {
        var dispute = await AddAsync(scope, request, ct);
        await scope.Db.SaveChangesAsync(ct);
        return await GetAsync(scope, dispute.Id, ct);
    }

    /// <summary>Validates and adds the dispute to the unit of work without saving (used by call logging).</summary>
    internal static async Task<Dispute> AddAsync(CollectionsScope scope, OpenDispute request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(request);
        var customer = await scope.CustomerAsync(request.CustomerRef, ct);
        var errors = new RequestErrors();
        var numbers = (request.InvoiceNumbers ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count == 0)
        {
            errors.Add("invoiceNumbers", "dispute.noInvoice");
        }

        if (!Enum.IsDefined(request.Reason))
        {
            errors.Add("reason", "dispute.reasonUnknown");
        }

        errors.ThrowIfAny();
        var today = scope.Today;
        var position = await CustomerPositions.LoadAsync(scope.Db, customer.Id, today, ct);
        var invoices = new List<Invoice>();
        foreach (var number in numbers)
        {
            var invoice = position.Documents.FirstOrDefault(d => d.Number == number);
            if (invoice is null)
            {
                var elsewhere = await scope.Db.Invoices.AnyAsync(i => i.Number == number, ct);
                errors.Add("invoiceNumbers", elsewhere ? "dispute.invoiceOfAnotherCustomer" : "invoice.notFound", ("invoice", number));
                continue;
            }

            if (invoice.Kind != DocumentKind.Invoice)
            {
                errors.Add("invoiceNumbers", "dispute.notAnInvoice", ("invoice", number));
                continue;
            }

            var status = Balances.StatusOf(invoice, position.AllocatedOf(invoice.Id), today);
            if (status is InvoiceStatus.Paid or InvoiceStatus.Cancelled)
            {
                errors.Add("invoiceNumbers", status == InvoiceStatus.Paid ? "dispute.invoicePaid" : "dispute.invoiceCancelled", ("invoice", number));
                continue;
            }

            invoices.Add(invoice);
        }

        errors.ThrowIfAny();
        var currencies = invoices.Select(i => i.Currency).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            errors.Add("invoiceNumbers", "dispute.currencies", ("currencies", currencies));
            errors.ThrowIfAny();
        }

        var invoiceIds = invoices.Select(i => i.Id).ToList();
        var alreadyDisputed = await scope.Db.Set<Dispute>()
            .Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview)
            .SelectMany(d => d.Invoices).Where(l => invoiceIds.Contains(l.InvoiceId)).Select(l => l.InvoiceId).ToListAsync(ct);
        foreach (var id in alreadyDisputed.Distinct())
        {
            errors.Add("invoiceNumbers", "dispute.alreadyOpen", ("invoice", invoices.First(i => i.Id == id).Number));
        }

        var currency = currencies[0];
        var open = invoices.Sum(i => position.OpenOf(i.Id));
        var amount = open;
        if (request.Amount is { } typed)
        {
            amount = CollectionsScope.ToMinor(typed, currency, "amount", errors);
            if (amount <= 0)
            {
                errors.Add("amount", "dispute.amountNotPositive");
            }
            else if (amount > open)
            {
                errors.Add("amount", "dispute.aboveOpen", ("open", new Money(open, currency)));
            }
        }

        errors.ThrowIfAny();
        var dispute = new Dispute
        {
            TenantId = scope.Tenant.Id,
            CustomerId = customer.Id,
            AmountMinor = amount,
            Currency = currency,
            Reason = request.Reason,
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
            Owner = string.IsNullOrWhiteSpace(request.Owner) ? customer.Collector ?? scope.Actor : request.Owner.Trim(),
            Status = DisputeStatus.Open,
            Channel = string.IsNullOrWhiteSpace(request.Channel) ? "collector" : request.Channel.Trim().ToLowerInvariant(),
            OpenedOn = today,
            CreatedAt = scope.Now,
        };
        dispute.Invoices.AddRange(invoices.Select(i => new DisputedInvoice { TenantId = scope.Tenant.Id, DisputeId = dispute.Id, InvoiceId = i.Id }));
        scope.Db.Add(dispute);
        scope.Db.Add(new DisputeEvent
        {
            TenantId = scope.Tenant.Id, DisputeId = dispute.Id, At = scope.Now, On = today, Actor = scope.Actor,
            ToStatus = DisputeStatus.Open, Comment = dispute.Description,
        });
        var numbersText = string.Join(", ", invoices.Select(i => i.Number));
        scope.Timeline(customer.Id, "dispute.opened",
            $"Dispute opened on {numbersText} ({Reason(dispute.Reason)}, {new Money(amount, currency)}) via {dispute.Channel}",
            invoices.Count == 1 ? invoices[0].Id : null,
            new { disputeId = dispute.Id, invoices = invoices.Select(i => i.Number), amountMinor = amount, currency, reason = dispute.Reason },
            TimelineText.Of("dispute.opened", ("invoices", numbersText), ("reason", Word(dispute.Reason)), ("amount", new Money(amount, currency)),
                ("channel", new Encaisse.Localization.Word(dispute.Channel))));
        return dispute;
    }

    /// <summary>
    /// Moves a dispute to <paramref name="to"/>. Resolving requires a credit note of the same customer; its
    /// unused amount is allocated to the disputed invoices (earliest due first), dated on its issue date.
    /// </summary>
    public static async Task<DisputeView> ChangeStatusAsync(
        CollectionsScope scope, Guid disputeId, DisputeStatus to, string? comment, string? creditNoteNumber, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        // The credit note's allocations and the new status are one change: both or neither.
        await using var transaction = scope.Db.Database.CurrentTransaction is null ? await scope.Db.Database.BeginTransactionAsync(ct) : null;
        var dispute = await scope.Db.Set<Dispute>().Include(d => d.Invoices).SingleOrDefaultAsync(d => d.Id == disputeId, ct)
            ?? throw new OperationFailedException(OperationError.NotFound("dispute.notFound", ("dispute", disputeId)));
        var errors = new RequestErrors();
        if (!Enum.IsDefined(to))
        {
            errors.Add("status", "dispute.statusUnknown");
            errors.ThrowIfAny();
        }

        if (!DisputeTransitions.IsAllowed(dispute.Status, to))
        {
            var next = DisputeTransitions.Next(dispute.Status);
            if (next.Count == 0)
            {
                errors.Add("status", "dispute.closed", ("status", Word(dispute.Status)));
            }
            else
            {
                errors.Add("status", "dispute.transition", ("status", Word(dispute.Status)), ("next", next.Select(n => Word(n)).ToList()), ("to", Word(to)));
            }

            errors.ThrowIfAny();
        }

        var today = scope.Today;
        string? allocationText = null;
        if (to == DisputeStatus.ResolvedWithCreditNote)
        {
            if (string.IsNullOrWhiteSpace(creditNoteNumber))
            {
                errors.Add("creditNoteNumber", "dispute.creditNoteRequired");
                errors.ThrowIfAny();
            }

            allocationText = await AllocateCreditNoteAsync(scope, dispute, creditNoteNumber!.Trim(), errors, ct);
        }

        var from = dispute.Status;
        dispute.Status = to;
        dispute.ClosedOn = dispute.IsActive ? null : today;
        scope.Db.Add(new DisputeEvent
        {
            TenantId = scope.Tenant.Id, DisputeId = dispute.Id, At = scope.Now, On = today, Actor = scope.Actor,
            FromStatus = from, ToStatus = to, Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
        });
        var kind = to switch
        {
            DisputeStatus.ResolvedWithCreditNote => "dispute.resolved",
            DisputeStatus.Rejected => "dispute.rejected",
            DisputeStatus.InReview => "dispute.in_review",
            _ => "dispute.reopened",
        };
        scope.Timeline(dispute.CustomerId, kind,
            $"Dispute {Short(dispute.Id)} moved from {from} to {to}" + (allocationText is null ? "" : "; " + allocationText),
            dispute.Invoices.Count == 1 ? dispute.Invoices[0].InvoiceId : null,
            new { disputeId = dispute.Id, from, to, creditNoteId = dispute.CreditNoteId },
            TimelineText.Of("dispute.moved", ("dispute", Short(dispute.Id)), ("from", Word(from)), ("to", Word(to)), ("detail", allocationText)));
        await scope.Db.SaveChangesAsync(ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return await GetAsync(scope, dispute.Id, ct);
    }

    /// <summary>
    /// Applies the credit note to the disputed invoices (earliest due first) through the ledger's allocation operation.
    /// What the tenant's automatic credit-note rule had put on other invoices is taken back first: the credit note was
    /// issued for this dispute.
    /// </summary>
    private static async Task<string> AllocateCreditNoteAsync(
        CollectionsScope scope, Dispute dispute, string number, RequestErrors errors, CancellationToken ct)
    {
        var creditNote = await scope.Db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Number == number && i.CustomerId == dispute.CustomerId, ct);
        if (creditNote is null || creditNote.Kind != DocumentKind.CreditNote)
        {
            errors.Add("creditNoteNumber", creditNote is null ? "dispute.noCreditNote" : "dispute.notACreditNote", ("creditNote", number));
        }
        else if (creditNote.CancelledOn is not null)
        {
            errors.Add("creditNoteNumber", "allocation.creditNoteCancelled", ("creditNote", number));
        }
        else if (creditNote.Currency != dispute.Currency)
        {
            errors.Add("creditNoteNumber", "dispute.creditNoteCurrency", ("creditNote", number), ("creditNoteCurrency", creditNote.Currency), ("disputeCurrency", dispute.Currency));
        }

        errors.ThrowIfAny();
        var ledger = new LedgerAllocations(scope.Db, scope.Tenant, scope.Clock);
        var disputed = dispute.Invoices.Select(l => l.InvoiceId).ToHashSet();
        var byRule = await scope.Db.Allocations.AsNoTracking()
            .Where(a => a.CreditNoteId == creditNote!.Id && a.Source == AllocationOrigin.CreditNoteRule && !disputed.Contains(a.InvoiceId))
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in byRule)
        {
            (await ledger.RemoveAsync(id, scope.Actor, ct)).OrThrow();
        }

        var position = await CustomerPositions.LoadOpenAsync(scope.Db, dispute.CustomerId, DateOnly.MaxValue, ct);
        var remaining = position.Credits.FirstOrDefault(c => c.Id == creditNote!.Id)?.AvailableMinor ?? 0;
        var lines = new List<SettlementLine>();
        foreach (var invoice in position.Documents.Where(d => disputed.Contains(d.Id)).OrderBy(d => d.DueDate).ThenBy(d => d.Number, StringComparer.Ordinal))
        {
            var amount = Math.Min(remaining, position.OpenOf(invoice.Id));
            if (amount > 0)
            {
                lines.Add(new SettlementLine(invoice.Number, invoice.Id, amount));
                remaining -= amount;
            }
        }

        long allocatedTotal = 0;
        if (lines.Count > 0)
        {
            var settled = (await ledger.SettleAsync(new SettlementRequest(AllocationOrigin.Dispute, scope.Actor) { CreditNoteId = creditNote!.Id, Lines = lines }, ct)).OrThrow();
            allocatedTotal = settled.AllocatedMinor;
        }

        dispute.CreditNoteId = creditNote!.Id;
        return $"credit note {number} allocated for {new Money(allocatedTotal, creditNote.Currency)}";
    }

    public static async Task<DisputeView> GetAsync(CollectionsScope scope, Guid disputeId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var views = await ViewsAsync(scope, scope.Db.Set<Dispute>().Where(d => d.Id == disputeId), withHistory: true, ct);
        return views.Count == 1 ? views[0] : throw new OperationFailedException(OperationError.NotFound("dispute.notFound", ("dispute", disputeId)));
    }

    /// <summary>Disputes, newest first, optionally of one status and/or one customer.</summary>
    public static async Task<IReadOnlyList<DisputeView>> ListAsync(
        CollectionsScope scope, DisputeStatus? status, string? customerRef, bool activeOnly, CancellationToken ct) =>
        await ViewsAsync(scope, await FilterAsync(scope, status, customerRef, activeOnly, ct), withHistory: false, ct);

    /// <summary>
    /// One page of the list (newest opened first, then by id) and the count for the filters, exact up to <paramref name="countCap"/> (beyond it
    /// the count is the cap and the flag says so): what the API's list form needs (docs/api.md).
    /// </summary>
    public static async Task<(IReadOnlyList<DisputeView> Items, int Total, bool TotalIsLowerBound)> PageAsync(
        CollectionsScope scope, DisputeStatus? status, string? customerRef, bool activeOnly, int skip, int take, int countCap, CancellationToken ct)
    {
        var query = await FilterAsync(scope, status, customerRef, activeOnly, ct);
        var counted = await query.Take(countCap + 1).CountAsync(ct);
        return (await ViewsAsync(scope, query, withHistory: false, ct, skip, take), Math.Min(counted, countCap), counted > countCap);
    }

    private static async Task<IQueryable<Dispute>> FilterAsync(
        CollectionsScope scope, DisputeStatus? status, string? customerRef, bool activeOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Db.Set<Dispute>().AsQueryable();
        if (customerRef is not null)
        {
            var customer = await scope.CustomerAsync(customerRef, ct);
            query = query.Where(d => d.CustomerId == customer.Id);
        }

        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        if (activeOnly)
        {
            query = query.Where(d => d.Status == DisputeStatus.Open || d.Status == DisputeStatus.InReview);
        }

        return query;
    }

    private static async Task<List<DisputeView>> ViewsAsync(CollectionsScope scope, IQueryable<Dispute> query, bool withHistory, CancellationToken ct,
        int skip = 0, int take = 1000)
    {
        var db = scope.Db;
        // The newest disputes read in the (tenant, opened on, id) index's order, each with its customer's reference and its
        // credit note's number looked up for the rows returned only (not whole customers and invoices), then the numbers of
        // their invoices in one read (ADR 1590).
        var disputes = await query.AsNoTracking().OrderByDescending(d => d.OpenedOn).ThenByDescending(d => d.Id).Skip(skip).Take(take)
            .Select(d => new
            {
                Dispute = d,
                CustomerRef = db.Customers.Where(c => c.Id == d.CustomerId).Select(c => c.ExternalRef).FirstOrDefault(),
                CreditNoteNumber = db.Invoices.Where(i => i.Id == d.CreditNoteId).Select(i => i.Number).FirstOrDefault(),
            }).ToListAsync(ct);
        var ids = disputes.Select(d => d.Dispute.Id).ToList();
        var numbers = (await db.Set<DisputedInvoice>().AsNoTracking().Where(l => ids.Contains(l.DisputeId))
                .Select(l => new { l.DisputeId, Number = db.Invoices.Where(i => i.Id == l.InvoiceId).Select(i => i.Number).FirstOrDefault() })
                .ToListAsync(ct))
            .ToLookup(l => l.DisputeId, l => l.Number ?? "?");
        var history = new Dictionary<Guid, List<DisputeHistoryView>>();
        if (withHistory)
        {
            var events = await scope.Db.Set<DisputeEvent>().AsNoTracking().Where(e => ids.Contains(e.DisputeId)).ToListAsync(ct);
            history = events.GroupBy(e => e.DisputeId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new DisputeHistoryView(e.At, e.On, e.Actor, e.FromStatus, e.ToStatus, e.Comment)).ToList());
        }

        return disputes.Select(x => new DisputeView(
            x.Dispute.Id, x.CustomerRef ?? "", x.Dispute.Status, x.Dispute.Reason, x.Dispute.AmountMinor, x.Dispute.Currency,
            numbers[x.Dispute.Id].Order(StringComparer.Ordinal).ToList(),
            x.Dispute.Description, x.Dispute.Owner, x.Dispute.Channel, x.Dispute.OpenedOn, x.Dispute.ClosedOn,
            x.CreditNoteNumber,
            DisputeTransitions.Next(x.Dispute.Status),
            history.GetValueOrDefault(x.Dispute.Id) ?? [])).ToList();
    }

    internal static string Reason(DisputeReason reason) => reason switch
    {
        DisputeReason.NotReceived => "not received",
        DisputeReason.AlreadyPaid => "already paid",
        _ => reason.ToString().ToLowerInvariant(),
    };

    internal static string Short(Guid id) => id.ToString("N")[..8];

    private static Encaisse.Localization.Word Word<T>(T value) where T : struct, Enum => Encaisse.Localization.Word.Of(value);
}
