using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Reporting;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Risk.Insurance;

/// <summary>The policy to set; null fields keep their stored value (or the default on creation).</summary>
public sealed record PolicyInput(string? Insurer, string? PolicyNumber, int? DeclarationDays, int? MaxCreditDays, decimal? IndemnityPercent,
    decimal? DiscretionaryLimit, string? Currency, bool? KeepDunningAfterClaim);

/// <summary>An insurer's decision on a buyer's limit. <paramref name="On"/>: the day it takes effect (default today).</summary>
/// <remarks><see cref="PolicyNumber"/> and <see cref="DeclarationDays"/> default to the tenant's policy (then to the buyer's earlier decisions).</remarks>
public sealed record LimitInput(string? CustomerRef, LimitDecision Decision, decimal? Amount, DateOnly? On, DateOnly? ExpiresOn, string? DecisionReference,
    string? Insurer = null, string? Currency = null, string? PolicyNumber = null, int? DeclarationDays = null);

/// <summary>One decision of a buyer's limit history.</summary>
public sealed record LimitDecisionView(Guid Id, LimitDecision Decision, string Insurer, decimal Amount, string Currency, DateOnly On, DateOnly? ExpiresOn,
    string? DecisionReference, bool InForce);

/// <summary>A buyer's limit: its history, the amount in force and the alerts it raised (a cut asks to stop deliveries or take a deposit).</summary>
public sealed record LimitHistory(string CustomerRef, decimal? InForce, DateOnly? CoverStartsOn, IReadOnlyList<LimitDecisionView> Decisions, IReadOnlyList<string> Alerts);

/// <summary>One line of the declaration-deadline queue (and of a customer's cover).</summary>
public sealed record DeadlineRow(string CustomerRef, string CustomerName, string Invoice, DateOnly DueDate, decimal Open, string Currency,
    DateOnly DeclarationDeadline, int DaysLeft, DeadlineStage Stage, decimal Covered, decimal Uncovered, string? UncoveredReason, DateOnly? DeclaredOn)
{
    /// <summary>For a declared invoice: the amount its claim file covered (the insurer's exposure on it), else null.</summary>
    public decimal? ClaimCovered { get; init; }
}

/// <summary>A <see cref="DeadlineRow"/> with the invoice and the customer it is of (kept by <see cref="KeptDeclarationDeadlines"/>).</summary>
public sealed record Deadline(Guid InvoiceId, Guid CustomerId, DeadlineRow Row);

/// <summary>A reminder sent, as the claim file lists it (from the outbox).</summary>
public sealed record ClaimReminder(DateOnly SentOn, int? Step, DunningChannel Channel, IReadOnlyList<string> Invoices);

/// <summary>A formal notice kept with the customer's documents.</summary>
public sealed record ClaimNotice(DateOnly AsOf, string FileName, string Sha256);

public sealed record ClaimDispute(DateOnly OpenedOn, DisputeReason Reason, DisputeStatus Status, decimal Amount, IReadOnlyList<string> Invoices);

public sealed record ClaimLine(string Invoice, DateOnly IssueDate, DateOnly DueDate, decimal Open, decimal Covered, DateOnly DeclarationDeadline,
    string? UncoveredReason, bool Disputed);

/// <summary>The claim file (déclaration de menace de sinistre) sent to the insurer, as stored.</summary>
public sealed record ClaimFile(Guid DocumentId, string FileName, string CustomerRef, string CustomerName, string? Siren, IReadOnlyList<string> Address,
    string Insurer, string? PolicyNumber, decimal IndemnityPercent, decimal? Limit, DateOnly? LimitSince, string? LimitDecisionReference,
    string Currency, DateOnly DeclaredOn, IReadOnlyList<ClaimLine> Invoices, decimal TotalOpen, decimal TotalCovered, decimal Indemnity,
    IReadOnlyList<ClaimReminder> Reminders, IReadOnlyList<ClaimNotice> FormalNotices, IReadOnlyList<ClaimDispute> Disputes, bool LeftDunning)
{
    /// <summary>The PDF (not serialized in JSON answers).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public byte[] Pdf { get; init; } = [];
}

/// <summary>
/// Credit insurance (assurance-crédit): the tenant's policy, buyers' limits and their history, declaration deadlines
/// with covered and uncovered parts, and the claim file. Surfaces (CLI, API, pages) call these and only translate.
/// </summary>
public static class InsuranceOperations
{
    public static async Task<InsurancePolicy?> PolicyAsync(EncaisseDb db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Set<InsurancePolicy>().AsNoTracking().SingleOrDefaultAsync(ct);
    }

    public static async Task<Result<InsurancePolicy>> SetPolicyAsync(EncaisseDb db, Tenant tenant, PolicyInput input, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clock);
        var policy = await db.Set<InsurancePolicy>().SingleOrDefaultAsync(ct);
        var insurer = input.Insurer?.Trim() is { Length: > 0 } i ? i : policy?.Insurer;
        var fields = new List<FieldError>();
        void Bad(string field, object? value, string code, params (string, object?)[] args) =>
            fields.Add(OperationError.InvalidField(field, value?.ToString(), code, args).Fields[0]);
        if (insurer is null || insurer.Length > 100)
        {
            Bad("insurer", input.Insurer, "insurance.insurer");
        }

        var currency = input.Currency?.Trim().ToUpperInvariant() ?? policy?.Currency ?? tenant.Currency;
        if (!Currencies.IsKnown(currency))
        {
            Bad("currency", input.Currency, "insurance.currency", ("value", input.Currency));
        }

        var declaration = input.DeclarationDays ?? policy?.DeclarationDays;
        if (declaration is not (>= 1 and <= 365))
        {
            Bad("declarationDays", input.DeclarationDays, "insurance.declarationDays");
        }

        var maxCredit = input.MaxCreditDays ?? policy?.MaxCreditDays;
        if (maxCredit is not (>= 1 and <= 365))
        {
            Bad("maxCreditDays", input.MaxCreditDays, "insurance.maxCreditDays");
        }

        var indemnity = input.IndemnityPercent ?? policy?.IndemnityPercent;
        if (indemnity is not (> 0 and <= 100))
        {
            Bad("indemnity", input.IndemnityPercent, "insurance.indemnity");
        }

        if (input.DiscretionaryLimit is < 0)
        {
            Bad("discretionaryLimit", input.DiscretionaryLimit, "insurance.discretionaryLimit");
        }

        if (input.PolicyNumber is { Length: > 50 })
        {
            Bad("policyNumber", input.PolicyNumber, "insurance.policyNumber");
        }

        if (fields.Count > 0)
        {
            return OperationError.InvalidFields(fields, "insurance.invalid");
        }

        if (policy is null)
        {
            policy = new InsurancePolicy { TenantId = db.TenantId, Insurer = insurer! };
            db.Add(policy);
        }

        policy.Insurer = insurer!;
        policy.PolicyNumber = input.PolicyNumber is null ? policy.PolicyNumber : input.PolicyNumber.Trim() is { Length: > 0 } n ? n : null;
        policy.DeclarationDays = declaration!.Value;
        policy.MaxCreditDays = maxCredit!.Value;
        policy.IndemnityPercent = indemnity!.Value;
        policy.Currency = currency;
        if (input.DiscretionaryLimit is { } discretionary)
        {
            policy.DiscretionaryLimitMinor = discretionary == 0 ? null : Currencies.ToMinor(discretionary, currency);
        }

        policy.KeepDunningAfterClaim = input.KeepDunningAfterClaim ?? policy.KeepDunningAfterClaim;
        policy.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return Result.Ok(policy);
    }

    /// <summary>
    /// Records an insurer's decision on a buyer (a new row of its history, never an overwrite), writes it on the timeline and
    /// evaluates the customer's risk at once, so a reduction or withdrawal raises its alert now, not at the next daily run.
    /// </summary>
    public static async Task<Result<LimitHistory>> RecordLimitAsync(EncaisseDb db, Tenant tenant, LimitInput input, string actor, TimeProvider clock, DateOnly today,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(input);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == input.CustomerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("insurance.noCustomer", ("customer", input.CustomerRef));
        }

        var policy = await PolicyAsync(db, ct);
        var history = await db.Set<BuyerLimit>().AsNoTracking().Where(l => l.CustomerId == customer.Id).ToListAsync(ct);
        var insurer = input.Insurer?.Trim() is { Length: > 0 } named ? named : policy?.Insurer ?? history.OrderBy(l => l.CreatedAt).LastOrDefault()?.Insurer;
        if (insurer is null)
        {
            return OperationError.InvalidField("insurer", input.Insurer, "insurance.noInsurer");
        }

        var currency = input.Currency ?? policy?.Currency ?? tenant.Currency;
        if (!Currencies.IsKnown(currency))
        {
            return OperationError.InvalidField("currency", input.Currency, "insurance.currency", ("value", input.Currency));
        }

        long amount = 0;
        if (input.Decision != LimitDecision.Withdrawn)
        {
            if (input.Amount is not > 0)
            {
                return OperationError.InvalidField("amount", input.Amount?.ToString(System.Globalization.CultureInfo.InvariantCulture), "insurance.amount");
            }

            amount = Currencies.ToMinor(input.Amount.Value, currency);
        }

        var on = input.On ?? today;
        if (input.ExpiresOn is { } expires && expires < on)
        {
            var text = expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return OperationError.InvalidField("expiresOn", text, "insurance.expiresBefore");
        }

        if (input.DecisionReference is { Length: > 100 })
        {
            return OperationError.InvalidField("reference", input.DecisionReference, "insurance.reference");
        }

        if (input.DeclarationDays is < 1 or > 365)
        {
            return OperationError.InvalidField("declarationDays", input.DeclarationDays.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "insurance.declarationDays");
        }

        var limit = new BuyerLimit
        {
            TenantId = db.TenantId, CustomerId = customer.Id, Insurer = insurer,
            PolicyNumber = input.PolicyNumber?.Trim() is { Length: > 0 } number ? number : policy?.PolicyNumber, AmountMinor = amount, Currency = currency,
            StartsOn = on, ExpiresOn = input.ExpiresOn,
            DeclarationDays = input.DeclarationDays ?? policy?.DeclarationDays ?? history.Select(l => (int?)l.DeclarationDays).Min() ?? 60,
            Decision = input.Decision, DecisionReference = string.IsNullOrWhiteSpace(input.DecisionReference) ? null : input.DecisionReference.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(limit);
        db.Add(TimelineText.Entry(db.TenantId, customer.Id, clock.GetUtcNow(), "insurance.limit", actor,
            TimelineText.Of(TimelineKey(input.Decision), ("insurer", insurer), ("amount", new Money(amount, currency)),
                ("date", on), ("reference", limit.DecisionReference ?? "—")),
            data: new { limitId = limit.Id, decision = input.Decision, reference = limit.DecisionReference }));
        await db.SaveChangesAsync(ct);
        await RiskEvaluation.RunAsync(db, tenant, today, clock, ct, customer.ExternalRef);
        return Result.Ok(await HistoryOfAsync(db, customer, today, ct));
    }

    private static string TimelineKey(LimitDecision decision) => decision switch
    {
        LimitDecision.Requested => "insurance.limit.requested",
        LimitDecision.Reduced => "insurance.limit.reduced",
        LimitDecision.Withdrawn => "insurance.limit.withdrawn",
        _ => "insurance.limit.granted",
    };

    public static async Task<Result<LimitHistory>> LimitHistoryAsync(EncaisseDb db, string? customerRef, DateOnly today, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        return customer is null
            ? OperationError.NotFound("insurance.noCustomer", ("customer", customerRef))
            : Result.Ok(await HistoryOfAsync(db, customer, today, ct));
    }

    /// <summary>
    /// The limit history of a customer the caller has read; <paramref name="limits"/>: its buyer limits when the caller holds
    /// them too (the customer page, <see cref="CustomerRiskInputs"/>), else read here.
    /// </summary>
    public static async Task<LimitHistory> LimitHistoryAsync(EncaisseDb db, Customer customer, DateOnly today, CancellationToken ct,
        IReadOnlyList<BuyerLimit>? limits = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        return await HistoryOfAsync(db, customer, today, ct, limits);
    }

    private static async Task<LimitHistory> HistoryOfAsync(EncaisseDb db, Customer customer, DateOnly today, CancellationToken ct,
        IReadOnlyList<BuyerLimit>? limits = null)
    {
        var history = limits ?? await db.Set<BuyerLimit>().AsNoTracking().Where(l => l.CustomerId == customer.Id).ToListAsync(ct);
        var currency = history.OrderBy(l => l.CreatedAt).LastOrDefault()?.Currency ?? "EUR";
        var current = CreditInsurance.Current(history, currency, today);
        var alerts = await db.Set<Alert>().AsNoTracking()
            .Where(a => a.CustomerId == customer.Id && a.Status != AlertStatus.Resolved && a.Kind.StartsWith("risk.insured-limit"))
            .OrderBy(a => a.Kind).Select(a => a.Message).ToListAsync(ct);
        return new LimitHistory(customer.ExternalRef, current is null ? null : Currencies.FromMinor(current.AmountMinor, currency), current?.CoverStartsOn,
            history.OrderBy(l => l.StartsOn).ThenBy(l => l.CreatedAt).Select(l => new LimitDecisionView(l.Id, l.Decision, l.Insurer,
                Currencies.FromMinor(l.AmountMinor, l.Currency), l.Currency, l.StartsOn, l.ExpiresOn, l.DecisionReference, current?.Decision.Id == l.Id)).ToList(),
            alerts);
    }

    /// <summary>
    /// Every open invoice of the tenant with its declaration deadline, stage and cover (oldest deadline first). With
    /// <paramref name="approachingOnly"/>: only those within 30 days of their deadline or past it, not declared yet.
    /// </summary>
    public static async Task<IReadOnlyList<DeadlineRow>> DeadlinesAsync(EncaisseDb db, Tenant tenant, DateOnly today, CancellationToken ct,
        bool approachingOnly = true, string? customerRef = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        Guid? only = null;
        if (customerRef is not null)
        {
            only = await db.Customers.AsNoTracking().Where(c => c.ExternalRef == customerRef).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (only is null)
            {
                return [];
            }
        }

        return Rows(await TenantDeadlinesAsync(db, tenant, today, only, approachingOnly, ct));
    }

    /// <summary>
    /// The invoices to declare (<see cref="DeadlinesAsync(EncaisseDb, Tenant, DateOnly, CancellationToken, bool, string?)"/>
    /// with <c>approachingOnly</c>), each with its invoice and customer, for <see cref="KeptDeclarationDeadlines"/> to keep.
    /// </summary>
    internal static Task<IReadOnlyList<Deadline>> ApproachingAsync(EncaisseDb db, Tenant tenant, DateOnly today, CancellationToken ct) =>
        TenantDeadlinesAsync(db, tenant, today, null, approachingOnly: true, ct);

    private static async Task<IReadOnlyList<Deadline>> TenantDeadlinesAsync(EncaisseDb db, Tenant tenant, DateOnly today, Guid? only, bool approachingOnly,
        CancellationToken ct)
    {
        var policy = await PolicyAsync(db, ct);
        var limits = (await db.Set<BuyerLimit>().AsNoTracking().ToListAsync(ct)).ToLookup(l => l.CustomerId);
        return policy is null && limits.Count == 0 ? [] : await DeadlinesOfAsync(db, tenant, today, policy, limits, only, approachingOnly, ct);
    }

    /// <summary>
    /// The deadlines of every open invoice of one customer the caller has read, with the policy and the customer's buyer limits
    /// it holds (the customer page's insurance card, <see cref="CustomerRiskInputs"/>): nothing of these is read again. Empty
    /// without a policy and without a limit of the customer.
    /// </summary>
    public static async Task<IReadOnlyList<DeadlineRow>> DeadlinesAsync(EncaisseDb db, Tenant tenant, DateOnly today, Customer customer,
        InsurancePolicy? policy, IReadOnlyList<BuyerLimit> limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(limits);
        if (policy is null && limits.Count == 0)
        {
            return [];
        }

        return Rows(await DeadlinesOfAsync(db, tenant, today, policy, limits.ToLookup(l => l.CustomerId), customer.Id, approachingOnly: false, ct));
    }

    private static List<DeadlineRow> Rows(IReadOnlyList<Deadline> deadlines) => deadlines.Select(d => d.Row).ToList();

    private static async Task<IReadOnlyList<Deadline>> DeadlinesOfAsync(EncaisseDb db, Tenant tenant, DateOnly today, InsurancePolicy? policy,
        ILookup<Guid, BuyerLimit> limits, Guid? only, bool approachingOnly, CancellationToken ct)
    {
        var (currency, covered) = await CoveredAsync(db, tenant, today, policy, limits, only, approachingOnly, ct);
        if (covered.Count == 0)
        {
            return [];
        }

        var ids = covered.Select(c => c.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.ExternalRef, c.LegalName })
            .ToDictionaryAsync(c => c.Id, ct);
        return covered.Select(c =>
            {
                var (customer, v, declaration) = (customers[c.CustomerId], c.Cover, c.Declaration);
                return new Deadline(v.InvoiceId, c.CustomerId, new DeadlineRow(customer.ExternalRef, customer.LegalName, c.Number, v.DueDate,
                    Currencies.FromMinor(v.OpenMinor, currency), currency, v.DeclarationDeadline, v.DaysLeft, v.Stage, Currencies.FromMinor(v.CoveredMinor, currency),
                    Currencies.FromMinor(v.UncoveredMinor, currency), v.UncoveredReason, declaration?.DeclaredOn)
                {
                    ClaimCovered = declaration is null ? null : Currencies.FromMinor(declaration.CoveredMinor, currency),
                });
            })
            .OrderBy(d => d.Row.DeclarationDeadline).ThenBy(d => d.Row.CustomerRef, StringComparer.Ordinal).ThenBy(d => d.Row.Invoice, StringComparer.Ordinal).ToList();
    }

    private sealed record CoveredInvoice(Guid CustomerId, string Number, InvoiceCoverage Cover, InsuranceDeclaration? Declaration);

    /// <summary>
    /// Each open invoice in the policy's currency (or the tenant's) with its deadline, stage and cover; with
    /// <paramref name="approachingOnly"/>, only those within 30 days of their deadline or past it, covered and not declared.
    /// </summary>
    /// <remarks>
    /// With <paramref name="approachingOnly"/> only the invoices due early enough to be within 30 days of their deadline
    /// are read (due on or before today + 30 - the shortest declaration period): the cover is given in due-date order, so
    /// these are the first of each customer's invoices and get the same cover as when every open invoice is read. At a
    /// million invoices that is 13,000 of 89,000 open ones (90-day declarations). Customers are not joined here: the
    /// lists read the names of the customers they return, the counts none.
    /// </remarks>
    private static async Task<(string Currency, List<CoveredInvoice> Covered)> CoveredAsync(EncaisseDb db, Tenant tenant, DateOnly today, InsurancePolicy? policy,
        ILookup<Guid, BuyerLimit> limits, Guid? only, bool approachingOnly, CancellationToken ct)
    {
        var currency = policy?.Currency ?? tenant.Currency;
        var shortest = policy?.DeclarationDays ?? limits.SelectMany(l => l).Where(l => l.Currency == currency).Select(l => (int?)l.DeclarationDays).Min() ?? 0;
        DateOnly? dueUpTo = approachingOnly ? today.AddDays(30 - shortest) : null;
        var invoices = await db.Invoices.AsNoTracking()
            .Where(i => i.Kind == DocumentKind.Invoice && i.Currency == currency && i.CancelledOn == null && !i.IsFactored
                && i.GrossMinor > EF.Property<long>(i, "SettledMinor") && (only == null || i.CustomerId == only) && (dueUpTo == null || i.DueDate <= dueUpTo))
            .Select(i => new { i.Id, i.CustomerId, i.Number, i.IssueDate, i.DueDate, Open = i.GrossMinor - EF.Property<long>(i, "SettledMinor") })
            .ToListAsync(ct);
        var declarations = await db.Set<InsuranceDeclaration>().AsNoTracking().Where(d => only == null || d.CustomerId == only)
            .ToDictionaryAsync(d => d.InvoiceId, ct);
        var covered = new List<CoveredInvoice>();
        foreach (var group in invoices.GroupBy(i => i.CustomerId))
        {
            var numbers = group.ToDictionary(i => i.Id, i => i.Number);
            var cover = CreditInsurance.Cover(group.Select(i => new CoverItem(i.Id, i.IssueDate, i.DueDate, i.Open)), limits[group.Key].ToList(), policy, currency, today);
            foreach (var v in cover)
            {
                var declaration = declarations.GetValueOrDefault(v.InvoiceId);
                if (approachingOnly && (v.Stage == DeadlineStage.Later || declaration is not null || v.CoveredMinor == 0))
                {
                    continue;
                }

                covered.Add(new CoveredInvoice(group.Key, numbers[v.InvoiceId], v, declaration));
            }
        }

        return (currency, covered);
    }

    /// <summary>
    /// Declares the customer's overdue, not yet declared invoices to the insurer: builds the claim file (identity, policy and
    /// limit, each unpaid invoice with its open amount from the customer position, reminders and formal notices sent, disputes,
    /// covered amount), keeps it with the customer's documents, writes the timeline and records each invoice as declared. Unless
    /// the policy says the seller keeps collecting, the declared invoices leave dunning (an exclusion until lifted).
    /// </summary>
    public static async Task<Result<ClaimFile>> ClaimAsync(EncaisseDb db, Tenant tenant, string? customerRef, string actor, TimeProvider clock, DateOnly today,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(clock);
        var policy = await PolicyAsync(db, ct);
        if (policy is null)
        {
            return OperationError.NotFound("insurance.noPolicy");
        }

        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return OperationError.NotFound("insurance.noCustomer", ("customer", customerRef));
        }

        var currency = policy.Currency;
        var position = await CustomerPositions.LoadOpenAsync(db, customer.Id, today, ct);
        var open = position.Documents.Where(d => d.Kind == DocumentKind.Invoice && d.Currency == currency && position.OpenOf(d.Id) > 0).ToList();
        var declaredBefore = (await db.Set<InsuranceDeclaration>().AsNoTracking().Where(d => d.CustomerId == customer.Id).Select(d => d.InvoiceId).ToListAsync(ct)).ToHashSet();
        var history = await db.Set<BuyerLimit>().AsNoTracking().Where(l => l.CustomerId == customer.Id).ToListAsync(ct);
        var cover = CreditInsurance.Cover(open.Where(d => !d.IsFactored).Select(d => new CoverItem(d.Id, d.IssueDate, d.DueDate, position.OpenOf(d.Id))), history, policy,
            currency, today).ToDictionary(v => v.InvoiceId);
        var toDeclare = open.Where(d => !d.IsFactored && d.DueDate < today && !declaredBefore.Contains(d.Id)).OrderBy(d => d.DueDate).ThenBy(d => d.Number, StringComparer.Ordinal).ToList();
        if (toDeclare.Count == 0)
        {
            return OperationError.Conflict("insurance.nothingToDeclare", ("customer", customer.ExternalRef));
        }

        var ids = toDeclare.Select(d => d.Id).ToHashSet();
        var numbers = position.Documents.ToDictionary(d => d.Id, d => d.Number);
        var disputes = await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices).Where(d => d.CustomerId == customer.Id).OrderBy(d => d.OpenedOn).ToListAsync(ct);
        var disputed = disputes.Where(d => d.IsActive).SelectMany(d => d.Invoices.Select(i => i.InvoiceId)).ToHashSet();
        var lines = toDeclare.Select(d => new ClaimLine(d.Number, d.IssueDate, d.DueDate, Currencies.FromMinor(cover[d.Id].OpenMinor, currency),
            Currencies.FromMinor(cover[d.Id].CoveredMinor, currency), cover[d.Id].DeclarationDeadline, cover[d.Id].UncoveredReason, disputed.Contains(d.Id))).ToList();

        var sent = await db.Set<DunningAction>().AsNoTracking()
            .Where(a => a.CustomerId == customer.Id && a.Status == DunningActionStatus.Sent && a.StepNumber != null)
            .OrderBy(a => a.PlannedOn).ThenBy(a => a.Id).ToListAsync(ct);
        var allNumbers = await db.Invoices.AsNoTracking().Where(i => i.CustomerId == customer.Id).ToDictionaryAsync(i => i.Id, i => i.Number, ct);
        var reminders = sent.Where(a => a.InvoiceIdList.Any(ids.Contains)).Select(a => new ClaimReminder(
            a.SentAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : a.PlannedOn, a.StepNumber, a.Channel,
            a.InvoiceIdList.Select(i => allNumbers.GetValueOrDefault(i) ?? "?").ToList())).ToList();
        var notices = await db.Set<CustomerDocument>().AsNoTracking().Where(d => d.CustomerId == customer.Id && d.Kind == CustomerDocumentKind.FormalNotice)
            .OrderBy(d => d.AsOf).Select(d => new ClaimNotice(d.AsOf, d.FileName, d.ContentHash)).ToListAsync(ct);
        var claimDisputes = disputes.Select(d => new ClaimDispute(d.OpenedOn, d.Reason, d.Status, Currencies.FromMinor(d.AmountMinor, d.Currency),
            d.Invoices.Select(i => allNumbers.GetValueOrDefault(i.InvoiceId) ?? "?").ToList())).ToList();

        var current = CreditInsurance.Current(history, currency, today);
        var covered = toDeclare.Sum(d => cover[d.Id].CoveredMinor);
        var totalOpen = toDeclare.Sum(d => cover[d.Id].OpenMinor);
        var fileName = $"sinistre-{new string(customer.ExternalRef.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '-').ToArray())}-{today:yyyy-MM-dd}.pdf";
        var leaves = !policy.KeepDunningAfterClaim;
        var claim = new ClaimFile(Guid.Empty, fileName, customer.ExternalRef, customer.LegalName, customer.Siren, Legal.Documents.LegalText.Address(customer.BillingAddress),
            policy.Insurer, policy.PolicyNumber, policy.IndemnityPercent, current is null ? null : Currencies.FromMinor(current.AmountMinor, currency),
            current?.CoverStartsOn, current?.Decision.DecisionReference, currency, today, lines, Currencies.FromMinor(totalOpen, currency),
            Currencies.FromMinor(covered, currency), Currencies.FromMinor(CreditInsurance.Indemnity(covered, policy), currency), reminders, notices, claimDisputes, leaves);
        var pdf = ClaimDocument.Pdf(claim, tenant, policy.DiscretionaryLimitMinor is { } dl && current is null ? Currencies.FromMinor(dl, currency) : null);

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var document = new CustomerDocument
        {
            TenantId = db.TenantId, CustomerId = customer.Id, Kind = CustomerDocumentKind.InsuranceClaim, FileName = fileName, Content = pdf,
            ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), AsOf = today, CreatedBy = actor, CreatedAt = now,
        };
        db.Add(document);
        foreach (var d in toDeclare)
        {
            db.Add(new InsuranceDeclaration
            {
                TenantId = db.TenantId, CustomerId = customer.Id, InvoiceId = d.Id, DocumentId = document.Id, DeclaredOn = today,
                OpenMinor = cover[d.Id].OpenMinor, CoveredMinor = cover[d.Id].CoveredMinor, DeclaredBy = actor, CreatedAt = now,
            });
            if (leaves)
            {
                db.Add(new DunningHold
                {
                    TenantId = db.TenantId, CustomerId = customer.Id, InvoiceId = d.Id, Kind = DunningHoldKind.Exclusion, From = today,
                    Reason = Catalogue.Text(Catalogue.French, "insurance.holdReason", ("insurer", policy.Insurer), ("date", today)),
                    CreatedBy = actor, CreatedAt = now,
                });
            }
        }

        db.Add(TimelineText.Entry(db.TenantId, customer.Id, now, "insurance.claimed", actor,
            TimelineText.Of(leaves ? "insurance.claimed" : "insurance.claimedKept", ("insurer", policy.Insurer), ("count", toDeclare.Count),
                ("invoices", toDeclare.Select(d => d.Number).ToList()), ("amount", new Money(totalOpen, currency)), ("covered", new Money(covered, currency))),
            data: new { documentId = document.Id, sha256 = document.ContentHash, invoices = toDeclare.Select(d => d.Number).ToList() }));
        // The exclusions take the invoices out of the next planning. A reminder planned or waiting for approval that lists only
        // declared (or settled) invoices is cancelled now with that reason; one that still lists an invoice the seller collects is
        // re-planned when approved (DunningApprovals), so it no longer lists the declared ones.
        await db.SaveChangesAsync(ct);
        if (leaves)
        {
            await Dunning.Running.PaidInvoiceReminders.CancelAsync(db, customer.Id, ids, actor, now, ct, declared: true);
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return Result.Ok(claim with { DocumentId = document.Id, Pdf = pdf });
    }
}
