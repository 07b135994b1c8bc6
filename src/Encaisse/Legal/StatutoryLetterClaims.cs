using Encaisse.Dunning.Letters;
using Encaisse.Ledger;
using Encaisse.Legal.Rates;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Legal;

/// <summary>
/// The legal amounts printed on dunning letters to business debtors: late-payment interest (L441-10, ECB rate
/// + 10 points per half-year) and the €40 recovery indemnity per late invoice, from <see cref="LegalClaims"/>.
/// Interest runs on each overdue item's open amount from its due date: when a partial payment arrived after the
/// due date the letter claims slightly less than the law allows, never more (the formal notice and the interest
/// statement of the Legal capability compute the exact amount from the payment dates).
/// Consumers and customers in a collective procedure get no claim lines. Closed disputes pause interest as in
/// <see cref="LegalCase.Claim"/> (ADR 0410) when built by <see cref="LoadAsync"/>.
/// </summary>
public sealed class StatutoryLetterClaims(RateTable rates) : ILegalClaimsSource
{
    /// <summary>Invoice id → days without interest (closed disputes, ADR 0410); empty when built from rates alone.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<InterestPause>> Pauses { get; init; } = new Dictionary<Guid, IReadOnlyList<InterestPause>>();

    /// <summary>The stored rates and the closed disputes' pauses under each customer's (or the tenant's) policy, as of <paramref name="asOf"/>.</summary>
    public static async Task<StatutoryLetterClaims> LoadAsync(Encaisse.Storage.EncaisseDb db, DateOnly asOf, CancellationToken ct)
    {
        var rates = await Legal.Storage.ReferenceRateStore.LoadAsync(db, ct);
        var closed = await db.Set<Dunning.Dispute>().AsNoTracking().Include(d => d.Invoices)
            .Where(d => d.Status == Dunning.DisputeStatus.Rejected || d.Status == Dunning.DisputeStatus.ResolvedWithCreditNote).ToListAsync(ct);
        if (closed.Count == 0)
        {
            return new StatutoryLetterClaims(rates);
        }

        var policies = await db.Set<LegalPolicy>().AsNoTracking().ToListAsync(ct);
        var tenantPolicy = policies.FirstOrDefault(p => p.CustomerId == null)?.DisputeInterest ?? DisputeInterestPolicy.Pause;
        var pauses = new Dictionary<Guid, IReadOnlyList<InterestPause>>();
        foreach (var byCustomer in closed.GroupBy(d => d.CustomerId))
        {
            var policy = policies.FirstOrDefault(p => p.CustomerId == byCustomer.Key)?.DisputeInterest ?? tenantPolicy;
            foreach (var (invoiceId, list) in DisputeInterest.Pauses(byCustomer, policy, asOf))
            {
                pauses[invoiceId] = list;
            }
        }

        return new StatutoryLetterClaims(rates) { Pauses = pauses };
    }

    public IReadOnlyList<LegalClaimLine> ClaimsFor(Customer customer, IReadOnlyList<OpenItem> items, DateOnly asOf)
    {
        if (customer.Kind == CustomerKind.Consumer || customer.InsolvencyOpenedOn is not null)
        {
            return [];
        }

        var lines = new List<LegalClaimLine>();
        var overdue = items.Where(i => i.Kind == DocumentKind.Invoice && i.OpenMinor > 0 && i.DueDate < asOf);
        foreach (var currency in overdue.GroupBy(i => i.Currency))
        {
            var claimInvoices = currency.Select(i =>
            {
                var open = Currencies.FromMinor(i.OpenMinor, i.Currency);
                return new ClaimInvoice(i.Number, i.IssueDate, i.DueDate, i.Currency, open, open, [])
                {
                    InvoiceId = i.DocumentId,
                    InstalmentSequence = i.InstalmentSequence,
                    Pauses = Pauses.GetValueOrDefault(i.DocumentId) ?? [],
                };
            }).ToList();
            LegalClaim claim;
            try
            {
                claim = LegalClaims.For(claimInvoices, DebtorKind.Business, asOf, rates);
            }
            catch (MissingRateException)
            {
                // A letter goes out without legal amounts rather than not at all; `encaisse rates set` fills the gap.
                continue;
            }

            var late = currency.Select(i => i.Number).Distinct().Count();
            lines.Add(new LegalClaimLine("Intérêts de retard (taux BCE + 10 points)", Currencies.ToMinor(claim.Interest, currency.Key), currency.Key));
            lines.Add(new LegalClaimLine($"Indemnité forfaitaire de recouvrement ({late} × 40 €)", Currencies.ToMinor(claim.Indemnity, currency.Key), currency.Key));
        }

        return lines;
    }
}
