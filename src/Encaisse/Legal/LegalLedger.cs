using Encaisse.Dunning;
using Encaisse.Ledger;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
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

    /// <summary>The claim as of <paramref name="asOf"/>, disputed and factored invoices left out, closed disputes paused per policy.</summary>
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

        var invoices = await db.Invoices.AsNoTracking().Include(i => i.Instalments)
            .Where(i => i.CustomerId == customer.Id).ToListAsync(ct);
        var ids = invoices.Select(i => i.Id).ToList();
        var allocations = await db.Allocations.AsNoTracking().Where(a => ids.Contains(a.InvoiceId)).ToListAsync(ct);
        var disputes = await db.Set<Dispute>().AsNoTracking().Include(d => d.Invoices).Where(d => d.CustomerId == customer.Id).ToListAsync(ct);
        var disputed = disputes.Where(d => d.IsActive).SelectMany(d => d.Invoices.Select(i => i.InvoiceId)).ToHashSet();
        var policy = await PolicyAsync(db, tenant, customer.Id, ct);
        var rates = await ReferenceRateStore.LoadAsync(db, ct);
        return new LegalCase(tenant, customer, invoices, allocations, disputed, policy, rates)
        {
            ClosedDisputes = disputes.Where(d => !d.IsActive).ToList(),
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
    /// <paramref name="today"/> (L441-10 II); returns the refusal reason instead when below.
    /// </summary>
    public static async Task<string?> SavePolicyAsync(EncaisseDb db, Tenant tenant, Guid? customerId, PenaltyTerms terms, int noticeDays,
        DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        if (terms.ContractualRate is { } rate)
        {
            if (rate <= 0 || rate > 100)
            {
                return "The contractual rate is an annual percentage between 0 and 100.";
            }

            // Checked against the current half-year, or the latest one known when its rates are not entered yet;
            // each computation checks again against the half-years it covers.
            var rates = await ReferenceRateStore.LoadAsync(db, ct);
            var half = rates.All.Where(r => r.HalfYear <= HalfYear.Of(today)).Select(r => (HalfYear?)r.HalfYear).LastOrDefault();
            if (half is null)
            {
                return new MissingRateException(HalfYear.Of(today)).Message;
            }

            if (PenaltyCalculator.CheckContractualRate(rate, half.Value, rates) is { } refusal)
            {
                return refusal;
            }
        }

        if (noticeDays is < 1 or > 90)
        {
            return "The formal notice deadline is between 1 and 90 days.";
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
        return null;
    }
}
