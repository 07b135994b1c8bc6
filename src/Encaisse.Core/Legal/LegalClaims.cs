using Encaisse.Ledger;
using Encaisse.Legal.Rates;
using Encaisse.Operations;

namespace Encaisse.Legal;

/// <summary>One invoice (or instalment) to claim on: its interest base at the due date and what was paid when.</summary>
public sealed record ClaimInvoice(
    string Number,
    DateOnly IssueDate,
    DateOnly DueDate,
    string Currency,
    decimal Original,
    decimal Base,
    IReadOnlyList<PartialPayment> Payments)
{
    public Guid? InvoiceId { get; init; }
    public int? InstalmentSequence { get; init; }
    /// <summary>Principal paid so far, in the base's terms (TTC or HT); the open principal is <see cref="Original"/> minus payments.</summary>
    public decimal Paid => Payments.Sum(p => p.Amount);
    /// <summary>Days without interest (closed disputes).</summary>
    public IReadOnlyList<InterestPause> Pauses { get; init; } = [];
}

/// <summary>An invoice's line on a claim: principal still open and the <see cref="PenaltyResult"/> as of the claim date.</summary>
public sealed record ClaimLine(ClaimInvoice Invoice, decimal OpenPrincipal, PenaltyResult Penalty)
{
    public decimal Interest => Penalty.Interest;
    public decimal Indemnity => Penalty.Indemnity;
    /// <summary>Interest and flat indemnity of this line (the principal is <see cref="OpenPrincipal"/>).</summary>
    public decimal Penalties => Interest + Indemnity;
}

/// <summary>What the creditor can claim from one debtor on a date: per invoice and in total.</summary>
public sealed record LegalClaim(
    DateOnly AsOf,
    DebtorKind Debtor,
    string Currency,
    IReadOnlyList<ClaimLine> Lines,
    decimal SupplementaryIndemnity,
    IReadOnlyList<LegalNote> Warnings)
{
    public decimal Principal => Lines.Sum(l => l.OpenPrincipal);
    public decimal Interest => Lines.Sum(l => l.Interest);
    /// <summary>Flat €40 per late invoice (businesses only) plus the supplementary indemnity on justified costs.</summary>
    public decimal Indemnity => Lines.Sum(l => l.Indemnity) + SupplementaryIndemnity;
    /// <summary>Interest and indemnities: what the law adds to the principal.</summary>
    public decimal Penalties => Interest + Indemnity;
    public decimal Total => Principal + Penalties;
    /// <summary>Consumers: the day the formal notice was received (legal interest runs from the next day); null otherwise.</summary>
    public DateOnly? NoticeDate { get; init; }
}

/// <summary>Options of a claim: the penalty policy and the facts that change the rules.</summary>
public sealed record ClaimOptions
{
    public PenaltyTerms Terms { get; init; } = PenaltyTerms.Default;
    /// <summary>Consumers: formal notice received on this date (legal interest runs from the next day).</summary>
    public DateOnly? NoticeDate { get; init; }
    public DateOnly? InsolvencyOpenedOn { get; init; }
    /// <summary>Recovery costs incurred and justified for this debtor; the excess over the flat indemnities is claimed.</summary>
    public decimal JustifiedRecoveryCosts { get; init; }
    /// <summary>Also claim interest on invoices already paid, but paid late.</summary>
    public bool IncludeSettledLate { get; init; }
    /// <summary>Invoice id → days without interest (from <see cref="DisputeInterest.Pauses"/>).</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<InterestPause>>? InterestPauses { get; init; }
}

/// <summary>
/// The legal amounts for a set of overdue invoices as of a date (interest per invoice, indemnities, totals): the
/// one entry point for dunning letters, formal notices, statements and escalation files. Pure.
/// </summary>
/// <summary>
/// What reduced an invoice on a date, as the interest computation sees it: an allocation of the ledger, or a credit
/// the claim rule deducts without writing it (an open credit note or unapplied payment set against the claim).
/// </summary>
public readonly record struct Settlement(Guid InvoiceId, DateOnly On, long AmountMinor)
{
    public static Settlement Of(Allocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return new Settlement(allocation.InvoiceId, allocation.AllocatedOn, allocation.AmountMinor);
    }
}

public static class LegalClaims
{
    /// <summary>Claim over plain invoices (amounts in currency units). Invoices not late on <paramref name="asOf"/> are left out.</summary>
    public static LegalClaim For(IEnumerable<ClaimInvoice> invoices, DebtorKind debtor, DateOnly asOf, RateTable rates, ClaimOptions? options = null)
    {
        options ??= new ClaimOptions();
        var lines = new List<ClaimLine>();
        var warnings = new List<LegalNote>();
        var indemnityTaken = new HashSet<Guid>();
        string? currency = null;
        foreach (var invoice in invoices.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal))
        {
            var paidBefore = invoice.Payments.Where(p => p.ReceivedOn <= asOf).ToList();
            var open = invoice.Original - paidBefore.Sum(p => p.Amount);
            var settled = open <= 0;
            if (invoice.DueDate >= asOf || (settled && !options.IncludeSettledLate))
            {
                continue;
            }

            currency ??= invoice.Currency;
            if (invoice.Currency != currency)
            {
                throw new PenaltyInputException(OperationError.Failed(PenaltyErrors.CurrencyMismatch, ("invoice", invoice.Number), ("currency", invoice.Currency), ("claimCurrency", currency)));
            }

            var basePayments = ScalePayments(invoice, paidBefore);
            var settledOn = settled ? paidBefore.Max(p => p.ReceivedOn) : (DateOnly?)null;
            var penalty = PenaltyCalculator.Compute(new PenaltyRequest
            {
                Amount = invoice.Base,
                Currency = invoice.Currency,
                DueDate = invoice.DueDate,
                PaidOn = settledOn,
                AsOf = asOf,
                Payments = settled ? basePayments.Where(p => p.ReceivedOn < settledOn).ToList() : basePayments,
                Debtor = debtor,
                NoticeDate = options.NoticeDate,
                InsolvencyOpenedOn = options.InsolvencyOpenedOn,
                Terms = options.Terms,
                Pauses = invoice.Pauses,
            }, rates);
            if (penalty.DaysLate == 0)
            {
                continue;
            }

            // €40 per invoice, not per instalment.
            if (invoice.InvoiceId is { } id && penalty.Indemnity > 0 && !indemnityTaken.Add(id))
            {
                penalty = penalty with { Indemnity = 0m };
            }

            warnings.AddRange(penalty.Warnings.Where(w => !warnings.Contains(w)));
            lines.Add(new ClaimLine(invoice, Math.Max(0m, open), penalty));
        }

        var flat = lines.Sum(l => l.Indemnity);
        var supplementary = debtor == DebtorKind.Business && lines.Count > 0 && flat > 0
            ? Math.Max(0m, Currencies.Round(options.JustifiedRecoveryCosts, currency ?? "EUR") - flat)
            : 0m;
        return new LegalClaim(asOf, debtor, currency ?? "EUR", lines, supplementary, warnings)
        {
            NoticeDate = debtor == DebtorKind.Consumer ? options.NoticeDate : null,
        };
    }

    /// <summary>
    /// Claim from the ledger: the customer's invoices (credit notes and cancelled invoices ignored) with their
    /// allocations (payments and credit notes, effective on <see cref="Allocation.AllocatedOn"/>). Instalments are
    /// claimed one by one, allocations settling the earliest first; interest on TTC or HT per <see cref="PenaltyTerms.BaseIncludesTax"/>.
    /// Invoices in <paramref name="excludedInvoiceIds"/> (active disputes, factored) are left out.
    /// </summary>
    public static LegalClaim For(Customer customer, IEnumerable<Invoice> invoices, IEnumerable<Allocation> allocations, DateOnly asOf,
        RateTable rates, ClaimOptions? options = null, IReadOnlySet<Guid>? excludedInvoiceIds = null)
    {
        ArgumentNullException.ThrowIfNull(allocations);
        return For(customer, invoices, allocations.Select(Settlement.Of), asOf, rates, options, excludedInvoiceIds);
    }

    /// <summary>
    /// The same claim from settlements: the ledger's allocations and, for a claim, the credits the claim rule deducts
    /// (a value on its date, never an allocation: only the ledger's operation writes those).
    /// </summary>
    public static LegalClaim For(Customer customer, IEnumerable<Invoice> invoices, IEnumerable<Settlement> settlements, DateOnly asOf,
        RateTable rates, ClaimOptions? options = null, IReadOnlySet<Guid>? excludedInvoiceIds = null)
    {
        options ??= new ClaimOptions();
        if (options.InsolvencyOpenedOn is null && customer.InsolvencyOpenedOn is { } opened)
        {
            options = options with { InsolvencyOpenedOn = opened };
        }

        var byInvoice = settlements.GroupBy(a => a.InvoiceId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.On).ToList());
        var claimInvoices = new List<ClaimInvoice>();
        foreach (var invoice in invoices)
        {
            if (invoice.CustomerId != customer.Id || invoice.Kind != DocumentKind.Invoice || invoice.IsFactored ||
                (invoice.CancelledOn is { } c && c <= asOf) || excludedInvoiceIds?.Contains(invoice.Id) == true)
            {
                continue;
            }

            var pauses = options.InterestPauses?.GetValueOrDefault(invoice.Id) ?? [];
            claimInvoices.AddRange(ToClaimInvoices(invoice, byInvoice.GetValueOrDefault(invoice.Id) ?? [], options.Terms)
                .Select(c => pauses.Count == 0 ? c : c with { Pauses = pauses }));
        }

        var debtor = customer.Kind == CustomerKind.Consumer ? DebtorKind.Consumer : DebtorKind.Business;
        return For(claimInvoices, debtor, asOf, rates, options);
    }

    /// <summary>One claim invoice per instalment (or one for the invoice), payments in currency units.</summary>
    public static IEnumerable<ClaimInvoice> ToClaimInvoices(Invoice invoice, IReadOnlyList<Settlement> settlements, PenaltyTerms terms)
    {
        var cur = invoice.Currency;
        var gross = Currencies.FromMinor(invoice.GrossMinor, cur);
        var ratio = terms.BaseIncludesTax || invoice.GrossMinor == 0 ? 1m : (decimal)invoice.NetMinor / invoice.GrossMinor;
        var parts = invoice.Instalments.Count == 0
            ? [(Sequence: (int?)null, Due: invoice.DueDate, Amount: gross)]
            : invoice.Instalments.OrderBy(i => i.Sequence).Select(i => (Sequence: (int?)i.Sequence, Due: i.DueDate, Amount: Currencies.FromMinor(i.AmountMinor, cur))).ToList();

        var payments = parts.Select(_ => new List<PartialPayment>()).ToList();
        var index = 0;
        var filled = 0m;
        foreach (var settlement in settlements.OrderBy(a => a.On))
        {
            var left = Currencies.FromMinor(settlement.AmountMinor, cur);
            while (left > 0 && index < parts.Count)
            {
                var take = Math.Min(left, parts[index].Amount - filled);
                payments[index].Add(new PartialPayment(settlement.On, take));
                left -= take;
                filled += take;
                if (filled >= parts[index].Amount)
                {
                    index++;
                    filled = 0m;
                }
            }
        }

        for (var i = 0; i < parts.Count; i++)
        {
            yield return new ClaimInvoice(invoice.Number, invoice.IssueDate, parts[i].Due, cur, parts[i].Amount,
                Currencies.Round(parts[i].Amount * ratio, cur), payments[i])
            {
                InvoiceId = invoice.Id,
                InstalmentSequence = parts[i].Sequence,
            };
        }
    }

    private static List<PartialPayment> ScalePayments(ClaimInvoice invoice, IReadOnlyList<PartialPayment> payments)
    {
        if (invoice.Base == invoice.Original || invoice.Original == 0)
        {
            return payments.ToList();
        }

        var ratio = invoice.Base / invoice.Original;
        return payments.Select(p => p with { Amount = Currencies.Round(p.Amount * ratio, invoice.Currency) }).Where(p => p.Amount > 0).ToList();
    }
}
