using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Payments;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Factoring;

/// <summary>A factor to create or update (by name).</summary>
public sealed record FactorInput(string? Name, string? Iban, string? Bic, string? ContractNumber, FactoringMode Mode);

/// <summary>What an assignment did: invoices newly sold to the factor, and those it already held (idempotent).</summary>
public sealed record AssignmentSummary(string Factor, FactoringMode Mode, IReadOnlyList<string> Assigned, IReadOnlyList<string> AlreadyAssigned);

/// <summary>One invoice on a bordereau de cession.</summary>
public sealed record RemittanceLine(string Number, string CustomerRef, string CustomerName, string? Siren, DateOnly IssueDate, DateOnly DueDate,
    long GrossMinor, long OpenMinor, string Currency);

/// <summary>
/// A bordereau de cession: the invoices of one factor and one currency, listed once, and the credit notes applied to invoices
/// already sold since the last one, reported once as deductions.
/// </summary>
public sealed record RemittanceView(Guid Id, string Factor, string? ContractNumber, int Sequence, DateOnly RemittedOn, string Currency, long TotalMinor,
    IReadOnlyList<RemittanceLine> Lines)
{
    public IReadOnlyList<DeductionLine> Deductions { get; init; } = [];

    public long DeductionMinor => Deductions.Sum(d => d.AmountMinor);

    /// <summary>What the bordereau cedes once the credit notes are deducted.</summary>
    public long NetMinor => TotalMinor - DeductionMinor;

    /// <summary>BC-{factor}-0001: the name of its files.</summary>
    public string Reference => ReferenceOf(Factor, Sequence);

    public static string ReferenceOf(string factor, int sequence) =>
        $"BC-{new string((factor ?? "").Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant()}-{sequence.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A bordereau made, as listed on the factoring page.</summary>
public sealed record RemittanceSummary(Guid Id, string Factor, string Reference, int Sequence, DateOnly RemittedOn, int InvoiceCount, long TotalMinor, long DeductionMinor,
    string Currency);

/// <summary>An invoice sold to a factor, as listed on the factoring page.</summary>
public sealed record AssignedInvoice(Guid InvoiceId, string Number, string CustomerRef, string CustomerName, string Factor, FactoringMode Mode, DateOnly AssignedOn,
    DateOnly DueDate, long GrossMinor, long OpenMinor, string Currency, string? Remittance);

/// <summary>Who collects an invoice sold under notified factoring: the customer pays this account, never the seller's.</summary>
/// <summary>What an un-assignment did: invoices taken back before any bordereau, and invoices the factor repurchased after one.</summary>
public sealed record UnassignmentSummary(IReadOnlyList<string> Unassigned, IReadOnlyList<string> Repurchased, IReadOnlyList<string> BackInDunning);

public sealed record FactorPayee(Guid FactorId, string Name, string Iban, string? Bic);

/// <summary>
/// Factoring (affacturage): factors, invoices sold to them, remittances (bordereaux de cession). Under notified factoring
/// an assigned invoice leaves the seller's dunning, claims and matching (<see cref="Invoice.IsFactored"/>) and the portal
/// shows the factor's account for it; under confidential factoring the seller keeps collecting.
/// </summary>
public static class FactoringOperations
{
    public static async Task<Result<Factor>> SetFactorAsync(EncaisseDb db, FactorInput input, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return OperationError.InvalidField("name", input.Name, "factoring.name");
        }

        var iban = Iban.Normalize(input.Iban);
        if (!Iban.IsValid(iban))
        {
            return OperationError.InvalidField("iban", input.Iban, "factoring.iban", ("value", input.Iban));
        }

        var bic = string.IsNullOrWhiteSpace(input.Bic) ? null : input.Bic.Trim().ToUpperInvariant();
        if (bic is not null && bic.Length is not (8 or 11))
        {
            return OperationError.InvalidField("bic", input.Bic, "factoring.bic", ("value", input.Bic));
        }

        var now = clock.GetUtcNow();
        var factor = await db.Set<Factor>().SingleOrDefaultAsync(f => f.Name == name, ct);
        if (factor is null)
        {
            factor = new Factor { TenantId = db.TenantId, Name = name, Iban = iban!, CreatedAt = now };
            db.Add(factor);
        }

        factor.Iban = iban!;
        factor.Bic = bic;
        factor.ContractNumber = string.IsNullOrWhiteSpace(input.ContractNumber) ? null : input.ContractNumber.Trim();
        factor.Mode = input.Mode;
        factor.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok(factor);
    }

    public static async Task<IReadOnlyList<Factor>> FactorsAsync(EncaisseDb db, CancellationToken ct) =>
        await db.Set<Factor>().AsNoTracking().OrderBy(f => f.Name).ToListAsync(ct);

    /// <summary>
    /// Sells invoices to a factor, all or nothing: each must exist, be an invoice, not cancelled, still open and not
    /// held by another factor. Already held by this factor: left as is (idempotent). Notified factoring takes the
    /// invoice out of the seller's collections at once.
    /// </summary>
    public static async Task<Result<AssignmentSummary>> AssignAsync(EncaisseDb db, string? factorName, IReadOnlyCollection<string> numbers, string actor,
        TimeProvider clock, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(numbers);
        var factor = await db.Set<Factor>().AsNoTracking().SingleOrDefaultAsync(f => f.Name == factorName, ct);
        if (factor is null)
        {
            return OperationError.NotFound("factoring.noFactor", ("factor", factorName));
        }

        var wanted = numbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return OperationError.InvalidField("invoices", null, "factoring.noInvoices");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var named = await NamedInvoicesAsync(db, wanted, ct);
        if (!named.IsOk)
        {
            return named.Error!;
        }

        var invoices = named.Value;

        var ids = invoices.Select(i => i.Id).ToList();
        var settled = await db.Invoices.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, Settled = EF.Property<long>(i, "SettledMinor") }).ToDictionaryAsync(i => i.Id, i => i.Settled, ct);
        var held = await db.Set<FactoringAssignment>().AsNoTracking().Where(a => ids.Contains(a.InvoiceId)).ToDictionaryAsync(a => a.InvoiceId, ct);
        foreach (var invoice in invoices.OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            if (invoice.Kind != DocumentKind.Invoice)
            {
                return OperationError.Conflict("factoring.notInvoice", ("invoice", invoice.Number));
            }

            if (held.TryGetValue(invoice.Id, out var assignment) && assignment.FactorId != factor.Id)
            {
                return OperationError.Conflict("factoring.otherFactor", ("invoice", invoice.Number));
            }

            if (assignment is null && (invoice.CancelledOn is not null || invoice.GrossMinor - settled[invoice.Id] <= 0))
            {
                return OperationError.Conflict("factoring.notOpen", ("invoice", invoice.Number));
            }
        }

        var now = clock.GetUtcNow();
        var assigned = new List<string>();
        foreach (var invoice in invoices.Where(i => !held.ContainsKey(i.Id)).OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            db.Add(new FactoringAssignment { TenantId = db.TenantId, InvoiceId = invoice.Id, FactorId = factor.Id, AssignedOn = today, AssignedBy = actor, CreatedAt = now });
            if (factor.Mode == FactoringMode.Notified)
            {
                invoice.IsFactored = true;
                invoice.UpdatedAt = now;
            }

            db.Add(TimelineText.Entry(db.TenantId, invoice.CustomerId, now, "factoring.assigned", actor,
                TimelineText.Of("factoring.assigned", ("invoice", invoice.Number), ("factor", factor.Name), ("mode", Word.Of(factor.Mode))), invoice.Id,
                new { factorId = factor.Id }));
            assigned.Add(invoice.Number);
        }

        await db.SaveChangesAsync(ct);
        if (factor.Mode == FactoringMode.Notified)
        {
            // Reminders still planned or awaiting approval for invoices the factor now collects are cancelled with the reason.
            foreach (var customer in invoices.Where(i => assigned.Contains(i.Number)).GroupBy(i => i.CustomerId))
            {
                await Dunning.Running.PaidInvoiceReminders.CancelAsync(db, customer.Key, customer.Select(i => i.Id).ToList(), actor, now, ct, factored: true);
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return Result.Ok(new AssignmentSummary(factor.Name, factor.Mode, assigned,
            invoices.Where(i => held.ContainsKey(i.Id)).Select(i => i.Number).Order(StringComparer.Ordinal).ToList()));
    }

    /// <summary>
    /// Takes invoices back from their factor (ADR 1840), all or nothing. Before a bordereau listed it, an invoice simply stops
    /// being sold (the factor never received it). Once remitted, it is the factor's: it comes back only as a repurchase
    /// (rétrocession) the factor made, whose reference must be given (<paramref name="repurchaseReference"/>), else the
    /// coded refusal <c>factoring.unassign.remitted</c>. Refused while money received for the invoice is still to be
    /// transferred to the factor (<c>factoring.unassign.transferPending</c>): that money is the factor's either way.
    /// A notified-factoring invoice returns to the seller's dunning, claims and matching (<see cref="Invoice.IsFactored"/>
    /// cleared). Each invoice is on the customer's timeline (<c>factoring.unassigned</c> or <c>factoring.repurchased</c>).
    /// </summary>
    public static async Task<Result<UnassignmentSummary>> UnassignAsync(EncaisseDb db, IReadOnlyCollection<string> numbers, string? repurchaseReference, string actor,
        TimeProvider clock, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(numbers);
        var wanted = numbers.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return OperationError.InvalidField("invoices", null, "factoring.noInvoices");
        }

        var reference = string.IsNullOrWhiteSpace(repurchaseReference) ? null : repurchaseReference.Trim();
        if (reference is { Length: > 100 })
        {
            return OperationError.InvalidField("repurchaseReference", reference, "factoring.unassign.reference");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var named = await NamedInvoicesAsync(db, wanted, ct);
        if (!named.IsOk)
        {
            return named.Error!;
        }

        var invoices = named.Value;

        var ids = invoices.Select(i => i.Id).ToList();
        var assignments = await db.Set<FactoringAssignment>().Where(a => ids.Contains(a.InvoiceId)).ToDictionaryAsync(a => a.InvoiceId, ct);
        var factorIds = assignments.Values.Select(a => a.FactorId).Distinct().ToList();
        var factors = await db.Set<Factor>().AsNoTracking().Where(f => factorIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var remittanceIds = assignments.Values.Where(a => a.RemittanceId != null).Select(a => a.RemittanceId!.Value).Distinct().ToList();
        var remittances = await db.Set<FactoringRemittance>().AsNoTracking().Where(r => remittanceIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var pendingTransfers = new HashSet<Guid>();
        foreach (var customerId in invoices.Select(i => i.CustomerId).Distinct())
        {
            pendingTransfers.UnionWith((await FactoringTransfers.DueAsync(db, ct, customerId: customerId)).Where(d => d.DueMinor > 0).Select(d => d.InvoiceId));
        }

        foreach (var invoice in invoices.OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            if (!assignments.TryGetValue(invoice.Id, out var assignment))
            {
                return OperationError.Conflict("factoring.notAssigned", ("invoice", invoice.Number));
            }

            if (assignment.RemittanceId is { } remitted && reference is null)
            {
                var r = remittances[remitted];
                return OperationError.Conflict("factoring.unassign.remitted", ("invoice", invoice.Number), ("factor", factors[assignment.FactorId].Name),
                    ("remittance", RemittanceView.ReferenceOf(factors[r.FactorId].Name, r.Sequence)));
            }

            if (pendingTransfers.Contains(invoice.Id))
            {
                return OperationError.Conflict("factoring.unassign.transferPending", ("invoice", invoice.Number), ("factor", factors[assignment.FactorId].Name));
            }
        }

        var now = clock.GetUtcNow();
        var unassigned = new List<string>();
        var repurchased = new List<string>();
        var backInDunning = new List<string>();
        foreach (var invoice in invoices.OrderBy(i => i.Number, StringComparer.Ordinal))
        {
            var assignment = assignments[invoice.Id];
            var factor = factors[assignment.FactorId];
            db.Remove(assignment);
            if (assignment.RemittanceId is { } remittanceId)
            {
                // Only an invoice already remitted needs the factor's word (the reference); before remittance a reference is not kept.
                var r = remittances[remittanceId];
                db.Add(new FactoringRepurchase
                {
                    TenantId = db.TenantId, InvoiceId = invoice.Id, FactorId = factor.Id, RemittanceId = remittanceId, AssignedOn = assignment.AssignedOn,
                    AssignedBy = assignment.AssignedBy, RepurchasedOn = today, Reference = reference!, RecordedBy = actor, CreatedAt = now,
                });
                db.Add(TimelineText.Entry(db.TenantId, invoice.CustomerId, now, "factoring.repurchased", actor,
                    TimelineText.Of("factoring.repurchased", ("invoice", invoice.Number), ("factor", factor.Name),
                        ("remittance", RemittanceView.ReferenceOf(factor.Name, r.Sequence)), ("reference", reference), ("date", today)), invoice.Id,
                    new { factorId = factor.Id, remittanceId, reference }));
                repurchased.Add(invoice.Number);
            }
            else
            {
                db.Add(TimelineText.Entry(db.TenantId, invoice.CustomerId, now, "factoring.unassigned", actor,
                    TimelineText.Of("factoring.unassigned", ("invoice", invoice.Number), ("factor", factor.Name)), invoice.Id, new { factorId = factor.Id }));
                unassigned.Add(invoice.Number);
            }

            if (invoice.IsFactored)
            {
                invoice.IsFactored = false;
                invoice.UpdatedAt = now;
                backInDunning.Add(invoice.Number);
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Result.Ok(new UnassignmentSummary(unassigned, repurchased, backInDunning));
    }

    /// <summary>
    /// The factor's bordereaux: every assigned invoice not yet remitted, one bordereau per currency, numbered per factor;
    /// the invoices are marked remitted in the same transaction, so none is listed twice. Nothing to remit: an empty list.
    /// </summary>
    public static async Task<Result<IReadOnlyList<RemittanceView>>> RemitAsync(EncaisseDb db, string? factorName, string actor, TimeProvider clock, DateOnly today,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var factor = await db.Set<Factor>().AsNoTracking().SingleOrDefaultAsync(f => f.Name == factorName, ct);
        if (factor is null)
        {
            return OperationError.NotFound("factoring.noFactor", ("factor", factorName));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pending = await (from a in db.Set<FactoringAssignment>()
                             where a.FactorId == factor.Id && a.RemittanceId == null
                             join i in db.Invoices on a.InvoiceId equals i.Id
                             join c in db.Customers on i.CustomerId equals c.Id
                             orderby i.Currency, c.ExternalRef, i.Number
                             select new { Assignment = a, Line = new RemittanceLine(i.Number, c.ExternalRef, c.LegalName, c.Siren, i.IssueDate, i.DueDate, i.GrossMinor,
                                 i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency) }).ToListAsync(ct);
        var deductions = await FactoringTransfers.UnreportedDeductionsAsync(db, factor.Id, ct);
        if (pending.Count == 0 && deductions.Count == 0)
        {
            return Result.Ok<IReadOnlyList<RemittanceView>>([]);
        }

        var sequence = await db.Set<FactoringRemittance>().Where(r => r.FactorId == factor.Id).Select(r => (int?)r.Sequence).MaxAsync(ct) ?? 0;
        var now = clock.GetUtcNow();
        var views = new List<RemittanceView>();
        foreach (var currency in pending.Select(p => p.Line.Currency).Concat(deductions.Select(d => d.Currency)).Distinct().Order(StringComparer.Ordinal))
        {
            var assignments = pending.Where(p => p.Line.Currency == currency).ToList();
            var lines = assignments.Select(p => p.Line).ToList();
            var deducted = deductions.Where(d => d.Currency == currency).ToList();
            var remittance = new FactoringRemittance
            {
                TenantId = db.TenantId, FactorId = factor.Id, Sequence = ++sequence, RemittedOn = today, InvoiceCount = lines.Count,
                TotalMinor = lines.Sum(l => l.GrossMinor), DeductionMinor = deducted.Sum(d => d.AmountMinor), Currency = currency, CreatedBy = actor, CreatedAt = now,
            };
            db.Add(remittance);
            foreach (var p in assignments)
            {
                p.Assignment.RemittanceId = remittance.Id;
            }

            // Each credit note is reported once: what a later bordereau reports is only what was applied since.
            db.AddRange(deducted.Select(d => new FactoringDeduction
            {
                TenantId = db.TenantId, RemittanceId = remittance.Id, InvoiceId = d.InvoiceId, CreditNoteId = d.CreditNoteId, AmountMinor = d.AmountMinor, CreatedAt = now,
            }));
            views.Add(new RemittanceView(remittance.Id, factor.Name, factor.ContractNumber, remittance.Sequence, today, currency, remittance.TotalMinor, lines)
            {
                Deductions = deducted,
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another remittance of the same factor was numbered at the same time: nothing of this one was written.
            return OperationError.Conflict("factoring.concurrentRemit", ("factor", factor.Name));
        }

        return Result.Ok<IReadOnlyList<RemittanceView>>(views);
    }

    /// <summary>The bordereaux made so far, newest first (for the factoring page and the API).</summary>
    public static async Task<IReadOnlyList<RemittanceSummary>> RemittancesAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (from r in db.Set<FactoringRemittance>().AsNoTracking()
                          join f in db.Set<Factor>().AsNoTracking() on r.FactorId equals f.Id
                          select new { r.Id, Factor = f.Name, r.Sequence, r.RemittedOn, r.InvoiceCount, r.TotalMinor, r.DeductionMinor, r.Currency }).ToListAsync(ct);
        return rows.Select(r => new RemittanceSummary(r.Id, r.Factor, RemittanceView.ReferenceOf(r.Factor, r.Sequence), r.Sequence, r.RemittedOn, r.InvoiceCount,
                r.TotalMinor, r.DeductionMinor, r.Currency))
            .OrderByDescending(r => r.RemittedOn).ThenBy(r => r.Factor, StringComparer.Ordinal).ThenByDescending(r => r.Sequence).ToList();
    }

    /// <summary>A bordereau made before, rebuilt from what it listed (its files can be downloaded again); null when unknown.</summary>
    public static async Task<(RemittanceView View, Factor Factor)?> RemittanceAsync(EncaisseDb db, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var remittance = await db.Set<FactoringRemittance>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (remittance is null)
        {
            return null;
        }

        var factor = await db.Set<Factor>().AsNoTracking().SingleAsync(f => f.Id == remittance.FactorId, ct);
        var lines = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                           where a.RemittanceId == id
                           join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                           join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                           orderby c.ExternalRef, i.Number
                           select new RemittanceLine(i.Number, c.ExternalRef, c.LegalName, c.Siren, i.IssueDate, i.DueDate, i.GrossMinor,
                               i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency)).ToListAsync(ct);
        // An invoice the factor repurchased later was still remitted on this bordereau (ADR 1840).
        lines.AddRange(await (from p in db.Set<FactoringRepurchase>().AsNoTracking()
                              where p.RemittanceId == id
                              join i in db.Invoices.AsNoTracking() on p.InvoiceId equals i.Id
                              join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                              select new RemittanceLine(i.Number, c.ExternalRef, c.LegalName, c.Siren, i.IssueDate, i.DueDate, i.GrossMinor,
                                  i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency)).ToListAsync(ct));
        lines = lines.OrderBy(l => l.CustomerRef, StringComparer.Ordinal).ThenBy(l => l.Number, StringComparer.Ordinal).ToList();
        var deductions = await (from d in db.Set<FactoringDeduction>().AsNoTracking()
                                where d.RemittanceId == id
                                join i in db.Invoices.AsNoTracking() on d.InvoiceId equals i.Id
                                join n in db.Invoices.AsNoTracking() on d.CreditNoteId equals n.Id
                                join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                                orderby c.ExternalRef, i.Number, n.Number
                                select new DeductionLine(d.InvoiceId, d.CreditNoteId, i.Number, n.Number, n.IssueDate, c.ExternalRef, c.LegalName, d.AmountMinor, i.Currency))
            .ToListAsync(ct);
        return (new RemittanceView(remittance.Id, factor.Name, factor.ContractNumber, remittance.Sequence, remittance.RemittedOn, remittance.Currency,
            remittance.TotalMinor, lines) { Deductions = deductions }, factor);
    }

    /// <summary>Invoices sold to factors, newest first, with what is still open and the bordereau that listed each.</summary>
    public static async Task<IReadOnlyList<AssignedInvoice>> AssignedAsync(EncaisseDb db, CancellationToken ct, int limit = 500)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                          join f in db.Set<Factor>().AsNoTracking() on a.FactorId equals f.Id
                          join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                          join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                          join r in db.Set<FactoringRemittance>().AsNoTracking() on a.RemittanceId equals (Guid?)r.Id into remitted
                          from r in remitted.DefaultIfEmpty()
                          orderby a.AssignedOn descending, i.Number
                          select new
                          {
                              InvoiceId = i.Id, i.Number, c.ExternalRef, c.LegalName, Factor = f.Name, f.Mode, a.AssignedOn, i.DueDate, i.GrossMinor,
                              Open = i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency, Sequence = r == null ? (int?)null : r.Sequence,
                          }).Take(limit).ToListAsync(ct);
        return rows.Select(r => new AssignedInvoice(r.InvoiceId, r.Number, r.ExternalRef, r.LegalName, r.Factor, r.Mode, r.AssignedOn, r.DueDate, r.GrossMinor, r.Open,
            r.Currency, r.Sequence is { } s ? RemittanceView.ReferenceOf(r.Factor, s) : null)).ToList();
    }

    /// <summary>The sale of one invoice (factor, mode, date, the bordereau that listed it), or null when it is not sold.</summary>
    public static async Task<AssignedInvoice?> AssignmentOfAsync(EncaisseDb db, Guid invoiceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                         where a.InvoiceId == invoiceId
                         join f in db.Set<Factor>().AsNoTracking() on a.FactorId equals f.Id
                         join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                         join c in db.Customers.AsNoTracking() on i.CustomerId equals c.Id
                         join r in db.Set<FactoringRemittance>().AsNoTracking() on a.RemittanceId equals (Guid?)r.Id into remitted
                         from r in remitted.DefaultIfEmpty()
                         select new
                         {
                             i.Number, c.ExternalRef, c.LegalName, Factor = f.Name, f.Mode, a.AssignedOn, i.DueDate, i.GrossMinor,
                             Open = i.GrossMinor - EF.Property<long>(i, "SettledMinor"), i.Currency, Sequence = r == null ? (int?)null : r.Sequence,
                         }).SingleOrDefaultAsync(ct);
        return row is null ? null : new AssignedInvoice(invoiceId, row.Number, row.ExternalRef, row.LegalName, row.Factor, row.Mode, row.AssignedOn, row.DueDate,
            row.GrossMinor, row.Open, row.Currency, row.Sequence is { } s ? RemittanceView.ReferenceOf(row.Factor, s) : null);
    }

    /// <summary>
    /// What the customer owes the seller itself in <paramref name="currency"/>: the ledger position's balance without the open
    /// invoices sold under notified factoring (<paramref name="factored"/>, from <see cref="NotifiedPayeesAsync"/>), which are paid to
    /// the factor. The portal's total, its EPC QR code and a payment plan asked from the portal all use it.
    /// </summary>
    public static long OwedToSeller(Encaisse.Ledger.CustomerPosition position, IReadOnlyDictionary<Guid, FactorPayee> factored, string currency)
    {
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(factored);
        return Math.Max(0, position.BalanceIn(currency) - position.OpenItems.Where(i => factored.ContainsKey(i.DocumentId) && i.Currency == currency).Sum(i => i.OpenMinor));
    }

    /// <summary>The customer's invoices sold under notified factoring, with the account the customer must pay instead of the seller's.</summary>
    public static async Task<IReadOnlyDictionary<Guid, FactorPayee>> NotifiedPayeesAsync(EncaisseDb db, Guid customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await (from a in db.Set<FactoringAssignment>().AsNoTracking()
                          join i in db.Invoices.AsNoTracking() on a.InvoiceId equals i.Id
                          join f in db.Set<Factor>().AsNoTracking() on a.FactorId equals f.Id
                          where i.CustomerId == customerId && f.Mode == FactoringMode.Notified
                          select new { a.InvoiceId, f.Id, f.Name, f.Iban, f.Bic }).ToListAsync(ct);
        return rows.ToDictionary(r => r.InvoiceId, r => new FactorPayee(r.Id, r.Name, r.Iban, r.Bic));
    }

    /// <summary>The invoices with these numbers (tracked), or <c>factoring.noInvoice</c> naming those that do not exist.</summary>
    private static async Task<Result<List<Invoice>>> NamedInvoicesAsync(EncaisseDb db, List<string> wanted, CancellationToken ct)
    {
        var invoices = await db.Invoices.Where(i => wanted.Contains(i.Number)).ToListAsync(ct);
        var missing = wanted.Except(invoices.Select(i => i.Number), StringComparer.Ordinal).ToList();
        return missing.Count > 0 ? OperationError.NotFound("factoring.noInvoice", ("invoices", string.Join(", ", missing))) : Result.Ok(invoices);
    }
}
