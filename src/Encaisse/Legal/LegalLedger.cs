using System.Globalization;
using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Operations;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal;

/// <summary>One debtor's stored ledger as the legal documents need it.</summary>
public sealed record LegalCase(
    Tenant Tenant,
    Customer Customer,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<Allocation> Allocations,
    IReadOnlySet<Guid> DisputedInvoiceIds,
    LegalPolicy Policy,
    RateTable Rates)
{
    public DebtorKind Debtor => Customer.Kind == CustomerKind.Consumer ? DebtorKind.Consumer : DebtorKind.Business;

    /// <summary>The customer's closed disputes: their days carry no interest per <see cref="DisputeInterestPolicy"/>.</summary>
    public IReadOnlyList<Dispute> ClosedDisputes { get; init; } = [];

    /// <summary>Every dispute of the customer with its invoices, as read (the invoice page shows its invoice's from them, ADR 1571).</summary>
    public IReadOnlyList<Dispute> Disputes { get; init; } = [];

    /// <summary>The customer's payments (their unapplied part is deducted from every claim).</summary>
    public IReadOnlyList<Payment> Payments { get; init; } = [];

    /// <summary>Acknowledgments of the debt (promises to pay) that restart the limitation period.</summary>
    public IReadOnlyList<DateOnly> Acknowledgments { get; init; } = [];

    /// <summary>The customer's position on <paramref name="asOf"/> (the ledger's one rule).</summary>
    public CustomerPosition Position(DateOnly asOf) => CustomerPosition.Compute(Customer.Id, asOf, Invoices, Allocations, Payments);

    /// <summary>What may be claimed for <paramref name="purpose"/> on <paramref name="asOf"/> (<see cref="ClaimRule"/>).</summary>
    public ClaimDecision Decide(ClaimPurpose purpose, DateOnly asOf, DateOnly? noticeDate = null, DateOnly? procedureOpenedOn = null)
    {
        var terms = Policy.ToTerms();
        return ClaimRule.Decide(purpose, new ClaimFacts
        {
            Customer = Customer,
            Position = Position(asOf),
            Rates = Rates,
            DisputedInvoices = DisputedInvoiceIds,
            Acknowledgments = Acknowledgments,
            Terms = terms,
            InterestPauses = DisputeInterest.Pauses(ClosedDisputes, terms.DisputeInterest, asOf),
            NoticeDate = Debtor == DebtorKind.Consumer ? noticeDate : null,
            ProcedureOpenedOn = procedureOpenedOn,
            Currency = Tenant.Currency,
        }, asOf);
    }

    /// <summary>
    /// Interest and indemnities as of <paramref name="asOf"/> on every late invoice, disputed and factored ones left out, closed
    /// disputes paused per policy: the separate interest statement (which also counts invoices paid late). Documents that claim
    /// an amount due use <see cref="Decide"/>.
    /// </summary>
    public LegalClaim Claim(DateOnly asOf, ClaimOptions? options = null)
    {
        var terms = Policy.ToTerms();
        return LegalClaims.For(Customer, Invoices, Allocations, asOf, Rates,
            (options ?? new ClaimOptions()) with { Terms = terms, InterestPauses = DisputeInterest.Pauses(ClosedDisputes, terms.DisputeInterest, asOf) },
            DisputedInvoiceIds);
    }
}

/// <summary>Loads a <see cref="LegalCase"/> and the stored penalty policy.</summary>
public static class LegalLedger
{
    public static async Task<LegalCase?> LoadAsync(EncaisseDb db, Tenant tenant, string customerRef, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.ExternalRef == customerRef, ct);
        if (customer is null)
        {
            return null;
        }

        return await LoadAsync(db, tenant, customer, openOnly: false, rates: null, ct);
    }

    /// <summary>
    /// The case of <paramref name="customer"/>. <paramref name="openOnly"/>: only the documents still open today and the
    /// payments with unapplied cash (what a reminder needs; enough for every claim of what is owed now), instead of the
    /// customer's whole history (the interest statement counts invoices paid late). <paramref name="rates"/> may be read
    /// once for many customers.
    /// </summary>
    public static async Task<LegalCase> LoadAsync(EncaisseDb db, Tenant tenant, Customer customer, bool openOnly, RateTable? rates, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(customer);
        var position = openOnly
            ? await CustomerPositions.LoadOpenAsync(db, customer.Id, DateOnly.MaxValue, ct)
            : await CustomerPositions.LoadAsync(db, customer.Id, DateOnly.MaxValue, ct);
        var payments = openOnly
            ? await db.Payments.AsNoTracking().Where(p => p.CustomerId == customer.Id && p.AmountMinor > EF.Property<long>(p, "AllocatedMinor")).ToListAsync(ct)
            : await db.Payments.AsNoTracking().Where(p => p.CustomerId == customer.Id).ToListAsync(ct);
        var acknowledgments = await db.Set<PromiseToPay>().AsNoTracking().Where(p => p.CustomerId == customer.Id).Select(p => p.RecordedOn).ToListAsync(ct);
        var disputes = await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices).Where(d => d.CustomerId == customer.Id).ToListAsync(ct);
        var disputed = disputes.Where(d => d.IsActive).SelectMany(d => d.Invoices.Select(i => i.InvoiceId)).ToHashSet();
        var policy = await PolicyAsync(db, tenant, customer.Id, ct);
        rates ??= await ReferenceRateStore.LoadAsync(db, ct);
        // Every allocation of the customer's documents and payments (each counts only from its own date).
        var paymentIds = payments.Select(p => p.Id).ToList();
        var documentIds = position.Documents.Select(d => d.Id).ToHashSet();
        var allocations = position.Allocations.ToList();
        allocations.AddRange(await db.Allocations.AsNoTracking()
            .Where(a => a.PaymentId != null && paymentIds.Contains(a.PaymentId.Value) && !documentIds.Contains(a.InvoiceId)).ToListAsync(ct));
        return new LegalCase(tenant, customer, position.Documents, allocations, disputed, policy, rates)
        {
            ClosedDisputes = disputes.Where(d => !d.IsActive).ToList(),
            Disputes = disputes,
            Payments = payments,
            Acknowledgments = acknowledgments,
        };
    }

    /// <summary>The customer's own policy, else the tenant's, else the defaults.</summary>
    public static async Task<LegalPolicy> PolicyAsync(EncaisseDb db, Tenant tenant, Guid? customerId, CancellationToken ct)
    {
        var rows = await db.Set<LegalPolicy>().AsNoTracking()
            .Where(p => p.CustomerId == null || p.CustomerId == customerId).ToListAsync(ct);
        return rows.FirstOrDefault(p => p.CustomerId is not null && p.CustomerId == customerId)
            ?? rows.FirstOrDefault(p => p.CustomerId == null)
            ?? new LegalPolicy { TenantId = tenant.Id };
    }

    /// <summary>
    /// Stores a policy after checking the contractual rate against 3 × the legal rate of the half-year of
    /// <paramref name="today"/> (L441-10 II); a refusal is a coded error on its field (<see cref="PenaltyErrors"/>,
    /// written by the catalogue in the reader's language) and nothing is stored.
    /// </summary>
    public static async Task<Result<LegalPolicy>> SavePolicyAsync(EncaisseDb db, Tenant tenant, Guid? customerId, PenaltyTerms terms, int noticeDays,
        DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        if (terms.ContractualRate is { } rate)
        {
            var text = rate.ToString(CultureInfo.InvariantCulture);
            if (rate <= 0 || rate > 100)
            {
                return OperationError.InvalidField("contractualRate", text, PenaltyErrors.RateOutOfRange, ("rate", rate));
            }

            // Checked against the current half-year, or the latest one known when its rates are not entered yet;
            // each computation checks again against the half-years it covers.
            var rates = await ReferenceRateStore.LoadAsync(db, ct);
            var half = rates.All.Where(r => r.HalfYear <= HalfYear.Of(today)).Select(r => (HalfYear?)r.HalfYear).LastOrDefault();
            if (half is null)
            {
                return OperationError.InvalidField("contractualRate", text, PenaltyErrors.RatesMissing, PenaltyErrors.HalfYear("half", HalfYear.Of(today)));
            }

            if (PenaltyCalculator.CheckContractualRate(rate, half.Value, rates) is { } refusal)
            {
                return OperationError.InvalidField("contractualRate", text, refusal.Code, [.. refusal.Data.Select(d => (d.Key, d.Value))]);
            }
        }

        if (noticeDays is < 1 or > 90)
        {
            return OperationError.InvalidField("noticeDays", noticeDays.ToString(CultureInfo.InvariantCulture), PenaltyErrors.NoticeDays, ("days", noticeDays));
        }

        var row = await db.Set<LegalPolicy>().SingleOrDefaultAsync(p => p.CustomerId == customerId, ct);
        if (row is null)
        {
            row = new LegalPolicy { TenantId = tenant.Id, CustomerId = customerId };
            db.Add(row);
        }

        row.ContractualRate = terms.ContractualRate;
        row.Policy = terms.Policy;
        row.Basis = terms.Basis;
        row.BaseIncludesTax = terms.BaseIncludesTax;
        row.NoticeDays = noticeDays;
        row.DisputeInterest = terms.DisputeInterest;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Result.Ok(row);
    }
}
