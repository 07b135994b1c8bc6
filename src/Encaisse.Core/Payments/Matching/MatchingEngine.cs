using static Encaisse.Payments.Matching.MatchReasonCodes;

namespace Encaisse.Payments.Matching;

/// <summary>
/// Explainable automatic matching (lettrage) of bank credits to open invoices (docs/payments.md, ADR 0501 and 0502).
/// Indexes are built once per run (invoice number digits, amount, customer, customer code, payer IBAN and name), so
/// each credit costs dictionary look-ups and a bounded search among one customer's open items, never a scan.
/// A credit is applied automatically only when exactly one explanation accounts for its amount (the invoices it
/// names, completed from the same customer's open items when exactly one combination fits), nothing contradicts it
/// (payer known for another customer, an invoice named that is not open...) and the confidence reaches the threshold.
/// Pure: no clock, no I/O.
/// </summary>
public sealed class MatchingEngine
{
    private readonly MatchSettings settings;
    private readonly InvoiceIndex<string> byCore;
    private readonly InvoiceIndex<(long, string)> byAmount;
    private readonly Dictionary<string, List<OpenInvoice>> byCustomer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> customerByIban = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> customerByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> customerByCode = new(StringComparer.Ordinal);
    private readonly HashSet<int> coreLengths = [];
    private readonly HashSet<int> coreHeads = [];
    private readonly Dictionary<OpenInvoice, string?> sequences = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<string> prefixes;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> prefixLookup;
    private readonly Dictionary<OpenInvoice, long> consumed = new(ReferenceEqualityComparer.Instance);

    /// <summary>Words of a remittance text that say the payment is meant to be partial.</summary>
    private static readonly string[] PartialCues = ["ACOMPTE", "PARTIEL", "PARTIELLE", "VERSEMENT", "ECHEANCE", "ECHEANCIER", "A VALOIR", "SOLDE A SUIVRE", "MOINS", "DEDUCTION", "DEDUIT", "AVOIR"];

    public MatchingEngine(IEnumerable<OpenInvoice> openInvoices, IEnumerable<KnownPayer>? knownPayers = null, MatchSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(openInvoices);
        this.settings = settings ?? new MatchSettings();
        prefixes = new HashSet<string>(StringComparer.Ordinal);
        prefixLookup = prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        var capacity = openInvoices.TryGetNonEnumeratedCount(out var n) ? n : 1024;
        byCore = new InvoiceIndex<string>(capacity, StringComparer.Ordinal);
        byAmount = new InvoiceIndex<(long, string)>(capacity);
        foreach (var invoice in openInvoices)
        {
            if (invoice.OpenMinor <= 0)
            {
                continue;
            }

            if (InvoiceText.Core(invoice.Number) is { } core)
            {
                byCore.Add(core, invoice);
                coreLengths.Add(core.Length);
                coreHeads.Add(Head(core));
            }

            // Letter prefixes of the numbering schemes (FA, F, INV...): a handful per tenant.
            if (prefixes.Count < 64)
            {
                AddPrefix(invoice.Number);
            }

            byAmount.Add((invoice.OpenMinor, invoice.Currency), invoice);
            if (!byCustomer.TryGetValue(invoice.CustomerRef, out var ofCustomer))
            {
                // First invoice of this customer: learn its name and its code once.
                byCustomer[invoice.CustomerRef] = ofCustomer = [];
                if (InvoiceText.NameKey(invoice.CustomerName) is { } name)
                {
                    Learn(customerByName, name, invoice.CustomerRef);
                }

                if (Iban.Normalize(invoice.CustomerRef) is { Length: >= 4 } code)
                {
                    Learn(customerByCode, code, invoice.CustomerRef);
                }
            }

            ofCustomer.Add(invoice);
        }

        foreach (var list in byCustomer.Values)
        {
            list.Sort((a, b) => a.DueDate.CompareTo(b.DueDate));
        }

        foreach (var payer in knownPayers ?? [])
        {
            if (Iban.Normalize(payer.Iban) is { } iban)
            {
                Learn(customerByIban, iban, payer.CustomerRef);
            }

            if (InvoiceText.NameKey(payer.Name) is { } name)
            {
                Learn(customerByName, name, payer.CustomerRef);
            }
        }
    }

    public MatchSettings Settings => settings;

    /// <summary>Proposes a match for each credit, in order (debits are not receipts and are skipped). Invoices applied automatically are not offered again in the run.</summary>
    public MatchRun Match(IEnumerable<MatchInput> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var matches = new List<MatchProposal>();
        var unmatched = new List<int>();
        foreach (var tx in transactions)
        {
            if (tx.AmountMinor <= 0)
            {
                continue;
            }

            var proposal = Propose(tx);
            if (proposal is null)
            {
                unmatched.Add(tx.Index);
                continue;
            }

            if (proposal.Auto)
            {
                foreach (var allocation in proposal.Invoices)
                {
                    var invoice = FindAllocated(allocation, proposal.CustomerRef);
                    if (invoice is not null)
                    {
                        consumed[invoice] = consumed.GetValueOrDefault(invoice) + allocation.AmountMinor;
                    }
                }
            }

            matches.Add(proposal);
        }

        return new MatchRun(matches, unmatched);
    }

    private enum RefKind
    {
        Rf,
        Exact,
        Sequence,
        Typo,
        Truncated,
    }

    private sealed record Ref(OpenInvoice Invoice, RefKind Kind, string Written, int Start, int End, decimal Strength);

    private enum Fit
    {
        /// <summary>The named invoices' open amount.</summary>
        Exact,
        /// <summary>Short by at most the fee tolerance.</summary>
        FeeShort,
        /// <summary>Over by at most the fee tolerance: kept as customer credit.</summary>
        OverpaidSmall,
        /// <summary>The named invoices plus the only combination of the customer's other open items.</summary>
        Completed,
        /// <summary>Amounts written next to each named invoice add up to the credit.</summary>
        TextAmounts,
        /// <summary>Less than the one named invoice.</summary>
        Partial,
        /// <summary>Without reference: the only combination of the customer's open items.</summary>
        OpenItems,
        // Not applicable automatically:
        Ambiguous,
        Overpaid,
        SplitUnknown,
        NoInvoice,
    }

    private sealed record Explanation(string? Customer, Fit Fit, List<Ref> Named, List<ProposedAllocation> Allocations, long Unallocated, decimal Score, List<MatchReason> Reasons, int Alternatives = 0)
    {
        /// <summary>A part payment whose payer is not confirmed and whose text does not say it is partial.</summary>
        public bool Unconfirmed { get; init; }
    }

    /// <summary>The best proposal for one credit, or null when nothing identifies it.</summary>
    public MatchProposal? Propose(MatchInput tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        // The end-to-end id is read as a separate field: words of the remittance do not announce its numbers.
        var raw = string.Join(" | ", new[] { tx.RemittanceInformation, tx.EndToEndId }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var read = RemittanceReader.Read(raw);
        var (payer, payerReason) = IdentifyPayer(tx);
        var (coded, codedReason) = IdentifyByCode(read);

        var refs = FindReferences(read, tx.Currency);
        var byRefCustomer = refs.GroupBy(r => r.Invoice.CustomerRef, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // Bare sequence numbers ("FACT 347 348", "FA-2026-0347/0348") are read only among the invoices of a customer
        // the credit is already tied to.
        foreach (var customer in byRefCustomer.Keys.Append(payer).Append(coded).OfType<string>().Distinct(StringComparer.Ordinal).ToList())
        {
            var sequence = SequenceReferences(read, customer, refs, tx.Currency);
            if (sequence.Count > 0)
            {
                if (!byRefCustomer.TryGetValue(customer, out var list))
                {
                    byRefCustomer[customer] = list = [];
                }

                list.AddRange(sequence);
            }
        }

        var explanations = byRefCustomer.Select(g => Explain(tx, read, g.Key, g.Value, payer, coded)).ToList();
        var identifiedAs = payer ?? coded;
        bool Consistent(Explanation e) => e.Fit < Fit.Ambiguous && !(e.Fit == Fit.Partial && e.Unconfirmed) && (identifiedAs is null || e.Customer == identifiedAs);
        var applicable = explanations.Where(Consistent).ToList();

        // Approximate references (one character wrong, cut short) only when nothing named explains the amount.
        Explanation? approximateAmbiguous = null;
        if (applicable.Count == 0)
        {
            var approximate = ApproximateReferences(read, tx, byRefCustomer, refs);
            var writtenExplains = explanations.Where(e => e.Fit is Fit.Exact or Fit.FeeShort).ToList();
            if (approximate.Count == 1 && writtenExplains.Count > 0)
            {
                // The number as written already explains the amount (for someone else than the payer): the near miss is
                // a second explanation, not a correction.
                var reasons = writtenExplains.SelectMany(e => e.Reasons).Where(r => r.Code is ReferenceExact or ReferenceRf).ToList();
                reasons.Add(new MatchReason(ReferenceTypo) { Invoice = approximate[0].Invoice.Number, Text = approximate[0].How.Written });
                approximateAmbiguous = new Explanation(identifiedAs ?? approximate[0].Invoice.CustomerRef, Fit.Ambiguous, [], [], tx.AmountMinor, 0.3m, reasons, 2);
            }
            else if (approximate.Count == 1)
            {
                var (invoice, how) = approximate[0];
                var named = (byRefCustomer.GetValueOrDefault(invoice.CustomerRef) ?? []).Append(how).ToList();
                var typoExplanation = Explain(tx, read, invoice.CustomerRef, named, payer, coded);
                explanations.RemoveAll(e => e.Customer == invoice.CustomerRef);
                explanations.Add(typoExplanation);
                if (Consistent(typoExplanation))
                {
                    applicable.Add(typoExplanation);
                }
            }
            else if (approximate.Count > 1)
            {
                // Several invoices are one character away (or start like the number) and fit: a person picks.
                var reasons = approximate.Select(a => new MatchReason(a.How.Kind == RefKind.Typo ? ReferenceTypo : ReferenceTruncated) { Invoice = a.Invoice.Number, Text = a.How.Written }).ToList();
                var customers = approximate.Select(a => a.Invoice.CustomerRef).Distinct(StringComparer.Ordinal).ToList();
                approximateAmbiguous = new Explanation(customers.Count == 1 ? customers[0] : identifiedAs, Fit.Ambiguous, [], [], tx.AmountMinor, 0.3m, reasons, approximate.Count);
            }
        }

        var unresolved = UnresolvedReferences(read, refs);
        var foreign = refs.Where(r => r.Invoice.CustomerRef != identifiedAs).ToList();
        Explanation? chosen;
        if (applicable.Count == 1)
        {
            chosen = applicable[0];
        }
        else if (applicable.Count > 1)
        {
            var preferred = applicable.Where(e => e.Customer == identifiedAs).ToList();
            chosen = preferred.Count == 1 ? preferred[0] : applicable.MaxBy(e => e.Score)! with { Alternatives = applicable.Count };
        }
        else if (approximateAmbiguous is not null)
        {
            chosen = approximateAmbiguous;
        }
        else if (identifiedAs is not null && !byRefCustomer.ContainsKey(identifiedAs))
        {
            // No reference of the payer's: its open items (an invoice of someone else named in the text stops the
            // automatic decision, but the payer's side is what a person wants to see).
            // Who says it is this customer: the account's RF reference or code (0.40), the payer's IBAN (0.35) or name
            // (0.30); a second one agreeing adds 0.15.
            var identification = new List<MatchReason>();
            if (coded == identifiedAs)
            {
                identification.Add(codedReason! with { Weight = 0.4m });
            }

            if (payer == identifiedAs)
            {
                identification.Add(payerReason! with { Weight = identification.Count > 0 ? 0.15m : payerReason!.Code == PayerIban ? 0.35m : 0.3m });
            }

            chosen = FromOpenItems(tx, identifiedAs, identification);
            if (chosen.Fit == Fit.NoInvoice && explanations.Where(e => e.Fit < Fit.Ambiguous).MaxBy(e => e.Score) is { } named)
            {
                // Nothing of the payer's fits but the text names someone else's invoice that does: show that one.
                chosen = named;
            }
        }
        else
        {
            chosen = explanations.OrderByDescending(e => e.Customer == identifiedAs).ThenByDescending(e => e.Score).FirstOrDefault();
        }

        if (chosen is null)
        {
            return OnlyOpenAmount(tx);
        }

        return Decide(tx, chosen, payer, payerReason, coded, codedReason, unresolved, foreign);
    }

    private MatchProposal Decide(MatchInput tx, Explanation e, string? payer, MatchReason? payerReason, string? coded, MatchReason? codedReason,
        List<NumberRead> unresolved, List<Ref> foreign)
    {
        var reasons = new List<MatchReason>();
        var score = e.Score;
        if (codedReason is not null && e.Fit != Fit.OpenItems)
        {
            reasons.Add(codedReason with { Weight = coded == e.Customer ? 0.1m : 0m });
            score += coded == e.Customer ? 0.1m : 0m;
        }

        // An explanation built from the payer's own open items already carries how the payer was identified (also when
        // nothing of theirs fits): it is not counted a second time.
        if (e.Fit != Fit.OpenItems && !e.Reasons.Any(r => r.Code is PayerIban or PayerName))
        {
            if (payer is not null && payer == e.Customer)
            {
                reasons.Add(payerReason! with { Weight = 0.15m });
                score += 0.15m;
            }
            else if (payer is not null)
            {
                reasons.Add(new MatchReason(PayerOtherCustomer) { Customer = payer, Weight = -0.15m });
                score -= 0.15m;
            }
        }

        reasons.AddRange(e.Reasons);
        unresolved = [.. unresolved.Where(u => !e.Named.Any(r => u.Start < r.End && r.Start < u.End))];
        var invoices = e.Allocations.Select(a => FindAllocated(a, e.Customer)).OfType<OpenInvoice>().ToList();
        if (invoices.Count > 0 && DateSignal(tx, invoices) is { } date)
        {
            reasons.Add(date);
            score += date.Weight;
        }

        var confirmed = payer == e.Customer || coded == e.Customer;
        var veto = e.Fit switch
        {
            >= Fit.Ambiguous => e.Fit switch
            {
                Fit.Ambiguous => new MatchReason(ReviewAmbiguous) { Count = Math.Max(2, e.Alternatives) },
                Fit.Overpaid => new MatchReason(ReviewUnexplainedRemainder) { AmountMinor = e.Unallocated, Currency = tx.Currency },
                Fit.SplitUnknown => new MatchReason(ReviewSplitUnknown),
                _ => new MatchReason(ReviewNoInvoice),
            },
            _ when e.Alternatives > 1 => new MatchReason(ReviewAmbiguous) { Count = e.Alternatives },
            _ when payer is not null && payer != e.Customer || coded is not null && coded != e.Customer => new MatchReason(ReviewOtherCustomer),
            Fit.Partial when e.Unconfirmed || e.Named.Any(r => r.Kind is not (RefKind.Rf or RefKind.Exact)) => new MatchReason(ReviewPartialUnconfirmed),
            _ when !confirmed && (e.Fit == Fit.Completed || e.Named.Any(r => r.Kind is RefKind.Typo or RefKind.Truncated or RefKind.Sequence)) => new MatchReason(ReviewPayerUnconfirmed),
            Fit.OpenItems or Fit.Completed when unresolved.Count > 0 => new MatchReason(ReviewUnresolvedReference),
            Fit.OpenItems when foreign.Count > 0 => new MatchReason(ReviewForeignReference),
            _ => null,
        };
        if (e.Fit is Fit.OpenItems or Fit.Completed && unresolved.Count > 0)
        {
            reasons.AddRange(unresolved.Select(u => new MatchReason(ReferenceUnresolved) { Text = u.Written }));
        }

        if (e.Named.Count == 0 && foreign.Count > 0)
        {
            reasons.AddRange(foreign.Select(f => new MatchReason(ReferenceOtherCustomer) { Invoice = f.Invoice.Number, Customer = f.Invoice.CustomerRef }));
        }

        var confidence = Math.Round(Math.Clamp(score, 0m, 1m), 2, MidpointRounding.AwayFromZero);
        if (veto is null && confidence < settings.AutoApplyThreshold && e.Allocations.Count > 0)
        {
            veto = new MatchReason(ReviewBelowThreshold);
        }

        if (veto is not null)
        {
            reasons.Add(veto);
            confidence = Math.Min(confidence, Math.Max(0m, settings.AutoApplyThreshold - 0.01m));
        }

        return new MatchProposal(tx.Index, e.Customer, e.Allocations, confidence, veto is null && e.Allocations.Count > 0, reasons)
        {
            UnallocatedMinor = e.Unallocated,
        };
    }

    /// <summary>How the amount is explained by the invoices a credit names for one customer.</summary>
    private Explanation Explain(MatchInput tx, RemittanceReader read, string customer, List<Ref> named, string? payer, string? coded)
    {
        var reasons = named.Select(ReasonOf).ToList();
        var score = named.Average(r => r.Strength);
        var invoices = named.Select(r => r.Invoice).ToList();
        var open = invoices.Sum(Remaining);
        var difference = tx.AmountMinor - open;
        var fee = settings.FeeToleranceMinor;
        var currency = tx.Currency;

        if (difference == 0)
        {
            reasons.Add(new MatchReason(AmountExact) { Count = invoices.Count, Weight = 0.35m });
            return new Explanation(customer, Fit.Exact, named, Allocate(invoices, tx.AmountMinor), 0, score + 0.35m, reasons);
        }

        if (difference < 0 && -difference <= fee)
        {
            reasons.Add(new MatchReason(AmountFeeShort) { AmountMinor = -difference, Currency = currency, Weight = 0.35m });
            return new Explanation(customer, Fit.FeeShort, named, Allocate(invoices, tx.AmountMinor), 0, score + 0.35m, reasons);
        }

        if (TextAmounts(read, named, tx.AmountMinor) is { } written)
        {
            reasons.AddRange(written.Select(w => new MatchReason(ReferenceTextAmount) { Invoice = w.Number, AmountMinor = w.AmountMinor, Currency = currency }));
            reasons.Add(new MatchReason(AmountTextAmounts) { Weight = 0.35m });
            return new Explanation(customer, Fit.TextAmounts, named, written, 0, score + 0.35m, reasons);
        }

        if (difference > 0 && difference <= fee)
        {
            reasons.Add(new MatchReason(AmountOverpaid) { AmountMinor = difference, Currency = currency, Weight = 0.3m });
            return new Explanation(customer, Fit.OverpaidSmall, named, Allocate(invoices, open), difference, score + 0.3m, reasons);
        }

        if (difference > 0)
        {
            // The credit pays more than it names: complete from the same customer's other open items, only when exactly
            // one combination explains the rest.
            var others = OpenOf(customer, currency).Where(i => !invoices.Contains(i, ReferenceEqualityComparer.Instance)).ToList();
            var (fit, extra, count) = Complete(others, difference);
            if (fit == Fit.Completed)
            {
                reasons.AddRange(extra!.Select(i => new MatchReason(AmountCompleted) { Invoice = i.Number }));
                reasons.Add(new MatchReason(AmountExact) { Count = invoices.Count + extra!.Count, Weight = 0.3m });
                var together = invoices.Concat(extra).ToList();
                return new Explanation(customer, Fit.Completed, named, Allocate(together, tx.AmountMinor), 0, score + 0.3m, reasons);
            }

            if (fit == Fit.Ambiguous)
            {
                reasons.Add(new MatchReason(AmountOverpaid) { AmountMinor = difference, Currency = currency });
                return new Explanation(customer, Fit.Ambiguous, named, Allocate(invoices, open), difference, score, reasons, count);
            }

            reasons.Add(new MatchReason(AmountOverpaid) { AmountMinor = difference, Currency = currency });
            return new Explanation(customer, Fit.Overpaid, named, Allocate(invoices, open), difference, score + 0.2m, reasons);
        }

        // Pays less than it names.
        if (invoices.Count == 1)
        {
            var confirmed = payer == customer || coded == customer || named[0].Kind == RefKind.Rf
                || PartialCues.Any(c => read.Text.Contains(c, StringComparison.Ordinal));
            reasons.Add(new MatchReason(AmountPartial) { AmountMinor = -difference, Currency = currency, Weight = confirmed ? 0.3m : 0.2m });
            return new Explanation(customer, Fit.Partial, named, Allocate(invoices, tx.AmountMinor), 0, score + (confirmed ? 0.3m : 0.2m), reasons) { Unconfirmed = !confirmed };
        }

        var subsets = SubsetSearch.Find(invoices.Select(Remaining).ToList(), tx.AmountMinor - fee, tx.AmountMinor, out _);
        if (subsets.Count == 1 && subsets[0].Length < invoices.Count)
        {
            // Some of the named invoices only: a person says whether the others were paid elsewhere.
            var subset = subsets[0].Select(i => invoices[i]).ToList();
            reasons.Add(new MatchReason(AmountExact) { Count = subset.Count });
            return new Explanation(customer, Fit.Ambiguous, named, Allocate(subset, tx.AmountMinor), 0, score + 0.2m, reasons, 2);
        }

        reasons.Add(new MatchReason(AmountPartial) { AmountMinor = -difference, Currency = currency });
        return new Explanation(customer, Fit.SplitUnknown, named, Allocate(invoices, tx.AmountMinor), 0, score + 0.2m, reasons);
    }

    /// <summary>The rest of a payment explained by exactly one combination of <paramref name="others"/> (exact, else within the fee tolerance).</summary>
    private (Fit Fit, List<OpenInvoice>? Extra, int Count) Complete(List<OpenInvoice> others, long rest)
    {
        if (others.Count == 0)
        {
            return (Fit.Overpaid, null, 0);
        }

        if (others.Count > settings.MaxInvoicesForSums)
        {
            // Too many open items to prove that one combination only fits.
            return (Fit.Ambiguous, null, 2);
        }

        var amounts = others.Select(Remaining).ToList();
        var exact = SubsetSearch.Find(amounts, rest, rest, out var complete);
        if (!complete)
        {
            return (Fit.Ambiguous, null, 2);
        }

        var solutions = exact.Count > 0 ? exact : SubsetSearch.Find(amounts, rest, rest + settings.FeeToleranceMinor, out complete);
        if (!complete)
        {
            return (Fit.Ambiguous, null, 2);
        }

        return solutions.Count switch
        {
            0 => (Fit.Overpaid, null, 0),
            1 => (Fit.Completed, solutions[0].Select(i => others[i]).ToList(), 1),
            _ => (Fit.Ambiguous, null, solutions.Count),
        };
    }

    /// <summary>No reference: the payer's (or coded customer's) open items, when exactly one combination has the amount.</summary>
    private Explanation FromOpenItems(MatchInput tx, string customer, List<MatchReason> identification)
    {
        var reasons = new List<MatchReason>(identification);
        var weight = identification.Sum(r => r.Weight);
        var open = OpenOf(customer, tx.Currency).ToList();
        var amounts = open.Select(Remaining).ToList();
        var complete = true;
        var exact = open.Count <= settings.MaxInvoicesForSums ? SubsetSearch.Find(amounts, tx.AmountMinor, tx.AmountMinor, out complete) : [];
        if (open.Count > settings.MaxInvoicesForSums)
        {
            // Too many to prove a combination unique: a single invoice of exactly the amount may still be taken.
            var single = open.Where(i => Remaining(i) == tx.AmountMinor).Take(2).ToList();
            exact = single.Count == 0 ? [] : [.. single.Select(i => new[] { open.IndexOf(i) })];
            complete = single.Count == 1;
        }

        if (exact.Count == 1 && complete)
        {
            var chosen = exact[0].Select(i => open[i]).ToList();
            var w = chosen.Count == 1 ? 0.55m : 0.5m;
            reasons.Add(new MatchReason(AmountOpenItems) { Count = chosen.Count, Weight = w });
            return new Explanation(customer, Fit.OpenItems, [], Allocate(chosen, tx.AmountMinor), 0, weight + w, reasons);
        }

        if (exact.Count > 1 || !complete)
        {
            reasons.Add(new MatchReason(AmountOpenItems) { Count = exact.Count > 0 ? exact[0].Length : 0 });
            return new Explanation(customer, Fit.Ambiguous, [], [], tx.AmountMinor, weight, reasons, Math.Max(2, exact.Count));
        }

        return new Explanation(customer, Fit.NoInvoice, [], [], tx.AmountMinor, weight, reasons);
    }

    private MatchProposal? OnlyOpenAmount(MatchInput tx)
    {
        var sameAmount = byAmount.Get((tx.AmountMinor, tx.Currency)).Where(i => Remaining(i) == tx.AmountMinor).Take(2).ToList();
        if (sameAmount.Count != 1)
        {
            return null;
        }

        // Weak on its own: always left for review.
        var only = sameAmount[0];
        var reasons = new List<MatchReason> { new(AmountOnlyInPortfolio) { Invoice = only.Number, Weight = 0.3m } };
        var score = 0.3m;
        if (DateSignal(tx, sameAmount) is { } date)
        {
            reasons.Add(date);
            score += date.Weight;
        }

        reasons.Add(new MatchReason(ReviewPayerUnconfirmed));
        return new MatchProposal(tx.Index, only.CustomerRef, Allocate(sameAmount, tx.AmountMinor), Math.Min(score, settings.AutoApplyThreshold - 0.01m), false, reasons);
    }

    private List<Ref> FindReferences(RemittanceReader read, string currency)
    {
        var found = new Dictionary<OpenInvoice, Ref>(ReferenceEqualityComparer.Instance);
        void Found(Ref r)
        {
            if (r.Invoice.Currency == currency && Remaining(r.Invoice) > 0 && (!found.TryGetValue(r.Invoice, out var existing) || existing.Strength < r.Strength))
            {
                found[r.Invoice] = r;
            }
        }

        foreach (var rf in read.CreditorReferences)
        {
            var body = CreditorReference.Body(rf);
            var hits = InvoiceText.Core(body) is { } core ? byCore.Get(core) : [];
            var start = read.Text.IndexOf(rf[..4], StringComparison.Ordinal);
            foreach (var invoice in hits.Where(i => Iban.Normalize(i.Number) == body))
            {
                Found(new Ref(invoice, RefKind.Rf, rf, start, start + rf.Length, 0.65m));
            }
        }

        foreach (var number in read.Numbers)
        {
            if (number.OtherDocument)
            {
                continue;
            }

            foreach (var invoice in byCore.Get(number.Digits))
            {
                if (LettersAgree(read, number, invoice, out var withPrefix))
                {
                    Found(new Ref(invoice, RefKind.Exact, number.Written, number.Start, number.End, withPrefix ? 0.55m : 0.5m));
                }
            }

            // The same number written shorter: leading zeros of the last group left out (FA-2026-347), a two-digit year (FA26-0347).
            foreach (var (digits, fits) in Respellings(number))
            {
                foreach (var invoice in byCore.Get(digits))
                {
                    if (fits(invoice) && LettersAgree(read, number, invoice, out var withPrefix) && (withPrefix || InvoiceText.Prefix(invoice.Number).Length == 0))
                    {
                        Found(new Ref(invoice, RefKind.Exact, number.Written, number.Start, number.End, 0.5m));
                    }
                }
            }
        }

        return [.. found.Values];
    }

    private IEnumerable<(string Digits, Func<OpenInvoice, bool> Fits)> Respellings(NumberRead number)
    {
        if (number.LastGroup is { Length: >= 1 and <= 5 } last)
        {
            var head = number.Digits[..^last.TrimStart('0').Length];
            var sequence = last.TrimStart('0');
            for (var width = last.Length + 1; width <= 6 && sequence.Length > 0; width++)
            {
                var digits = head + sequence.PadLeft(width, '0');
                if (coreLengths.Contains(digits.TrimStart('0').Length))
                {
                    yield return (digits.TrimStart('0'), i => Sequence(i) == sequence);
                }
            }
        }

        if (number.Letters.Length > 0 && !number.SingleRun && number.FirstGroup.Length == 2 && number.FirstGroup[0] == '2' && coreLengths.Contains(number.Digits.Length + 2))
        {
            var year = number.Digits[..2];
            yield return ("20" + number.Digits, i => i.Number.Contains("20" + year, StringComparison.Ordinal));
        }
    }

    /// <summary>Do the letters written against a number fit the invoice's own (FA for FA-2026-0347)? AV-2026-0347 does not.</summary>
    private static bool LettersAgree(RemittanceReader read, NumberRead number, OpenInvoice invoice, out bool withPrefix)
    {
        var prefix = InvoiceText.Prefix(invoice.Number);
        var letters = number.Letters;
        withPrefix = prefix.Length > 0 && (LettersAre(letters, prefix) || WordBefore(read.Text, number.Start) == prefix);
        if (letters.Length == 0 || withPrefix || RemittanceReader.IsCue(letters))
        {
            return true;
        }

        return prefix.Length == 0;
    }

    /// <summary>Letters written against a number are the invoice prefix, maybe after a cue glued to it ("FACTFA", "NF").</summary>
    private static bool LettersAre(string letters, string prefix) =>
        prefix.Length > 0 && letters.EndsWith(prefix, StringComparison.Ordinal)
        && (letters.Length == prefix.Length || RemittanceReader.IsCue(letters[..^prefix.Length]));

    private static string? WordBefore(string text, int position)
    {
        var i = position - 1;
        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsAsciiLetter(text[i]))
        {
            i--;
        }

        return end > i + 1 ? text[(i + 1)..end] : null;
    }

    /// <summary>Sequence numbers alone ("347" for FA-2026-0347) among one customer's open invoices, one invoice each.</summary>
    private List<Ref> SequenceReferences(RemittanceReader read, string customer, List<Ref> exact, string currency)
    {
        var result = new List<Ref>();
        if (!read.Numbers.Any(n => n.SingleRun && !n.OtherDocument && n.Digits.Length <= 6))
        {
            return result;
        }

        var open = OpenOf(customer, currency).ToList();
        if (open.Count == 0 || open.Count > 2000)
        {
            return result;
        }

        foreach (var number in read.Numbers)
        {
            if (!number.SingleRun || number.OtherDocument || number.Digits.Length > 6 || IsYear(number) || !LettersFitAny(number, open)
                || exact.Any(r => number.Start < r.End && r.Start < number.End) || result.Any(r => number.Start < r.End && r.Start < number.End))
            {
                continue;
            }

            var hits = open.Where(i => Sequence(i) == number.Digits && !exact.Any(r => ReferenceEquals(r.Invoice, i))).Take(2).ToList();
            if (hits.Count == 1)
            {
                result.Add(new Ref(hits[0], RefKind.Sequence, number.Written, number.Start, number.End, 0.4m));
            }
        }

        return result;
    }

    private static bool IsYear(NumberRead number) => number.Digits.Length == 4 && number.Digits[..2] is "19" or "20";

    private static bool LettersFitAny(NumberRead number, List<OpenInvoice> open) =>
        number.Letters.Length == 0 || RemittanceReader.IsCue(number.Letters) || open.Any(i => InvoiceText.Prefix(i.Number) is { Length: > 0 } p && number.Letters.EndsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The sequence part of an invoice number without leading zeros: the last group of digits after a separator
    /// ("347" for FA-2026-0347, F2026-00347); for digits written in one block (260347, FA20260347), what follows a
    /// two- or four-digit year.
    /// </summary>
    private string? Sequence(OpenInvoice invoice)
    {
        if (!sequences.TryGetValue(invoice, out var sequence))
        {
            sequences[invoice] = sequence = SequenceOf(invoice.Number);
        }

        return sequence;
    }

    /// <summary>The first three digits as a number (digit strings of invoice cores start with a non-zero digit).</summary>
    private static int Head(string digits) => (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');

    private static string? SequenceOf(string number)
    {
        var end = number.Length;
        while (end > 0 && !char.IsAsciiDigit(number[end - 1]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && char.IsAsciiDigit(number[start - 1]))
        {
            start--;
        }

        var digits = number[start..end];
        var separated = start > 0 && !char.IsAsciiLetter(number[start - 1]);
        if (!separated)
        {
            var year = digits.Length >= 8 ? 4 : 2;
            digits = digits.Length > year + 2 ? digits[year..] : "";
        }

        return digits.TrimStart('0') is { Length: > 0 } sequence ? sequence : null;
    }

    /// <summary>
    /// Invoices one character away from a number of the text, or starting with a number cut short, that (with the
    /// invoices named for the same customer) explain the amount. Looked up through the digit index, never by scanning.
    /// </summary>
    private List<(OpenInvoice Invoice, Ref How)> ApproximateReferences(RemittanceReader read, MatchInput tx, Dictionary<string, List<Ref>> named, List<Ref> exact)
    {
        var explaining = new Dictionary<OpenInvoice, Ref>(ReferenceEqualityComparer.Instance);
        var exactly = new HashSet<OpenInvoice>(ReferenceEqualityComparer.Instance);
        var fee = settings.FeeToleranceMinor;
        bool Explains(OpenInvoice invoice)
        {
            var with = (named.GetValueOrDefault(invoice.CustomerRef) ?? []).Where(r => !ReferenceEquals(r.Invoice, invoice)).Sum(r => Remaining(r.Invoice)) + Remaining(invoice);
            if (with == tx.AmountMinor)
            {
                exactly.Add(invoice);
            }

            return with >= tx.AmountMinor && with - tx.AmountMinor <= fee;
        }

        bool Usable(OpenInvoice invoice, NumberRead number) =>
            invoice.Currency == tx.Currency && Remaining(invoice) > 0 && !named.Values.Any(l => l.Any(r => ReferenceEquals(r.Invoice, invoice)))
            && LettersAgree(read, number, invoice, out _);

        foreach (var number in read.Numbers)
        {
            var length = number.Digits.Length;
            if (number.OtherDocument || length < 4 || !(read.HasCue(number) || coreLengths.Contains(length)))
            {
                continue;
            }

            // A number that designates, as written, one of several invoices a customer's text names is no typo.
            if (exact.Where(r => number.Start < r.End && r.Start < number.End).Any(r => named.GetValueOrDefault(r.Invoice.CustomerRef)?.Count > 1))
            {
                continue;
            }


            if (length >= 5 && (coreLengths.Contains(length) || coreLengths.Contains(length - 1) || coreLengths.Contains(length + 1)))
            {
                foreach (var invoice in OneEditAway(number.Digits))
                {
                    if (Usable(invoice, number) && Explains(invoice))
                    {
                        explaining.TryAdd(invoice, new Ref(invoice, RefKind.Typo, number.Written, number.Start, number.End, 0.35m));
                    }
                }
            }

            if (coreLengths.Contains(length + 1) || coreLengths.Contains(length + 2))
            {
                foreach (var invoice in StartingWith(number.Digits))
                {
                    if (Usable(invoice, number) && Explains(invoice))
                    {
                        explaining.TryAdd(invoice, new Ref(invoice, RefKind.Truncated, number.Written, number.Start, number.End, 0.35m));
                    }
                }
            }
        }

        // An exact amount beats a shortfall within the fee tolerance: a near miss is kept only when none is exact.
        return [.. explaining.Where(kv => exactly.Count == 0 || exactly.Contains(kv.Key)).Select(kv => (kv.Key, kv.Value))];
    }

    /// <summary>
    /// Open invoices whose digit core is one substitution, adjacent swap, deletion or insertion away from
    /// <paramref name="digits"/>: about 20 look-ups per digit, from a reused buffer (no string per variant).
    /// </summary>
    private List<OpenInvoice> OneEditAway(string digits)
    {
        var hits = new List<OpenInvoice>();
        var n = digits.Length;
        Span<char> buffer = stackalloc char[32];
        if (n + 1 > buffer.Length)
        {
            return hits;
        }

        void Look(ReadOnlySpan<char> variant)
        {
            if (variant.Length >= 3 && variant[0] != '0' && !variant.SequenceEqual(digits))
            {
                foreach (var invoice in byCore.Get(variant))
                {
                    if (!hits.Contains(invoice, ReferenceEqualityComparer.Instance))
                    {
                        hits.Add(invoice);
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            // substitution
            digits.CopyTo(buffer);
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != digits[i])
                {
                    buffer[i] = d;
                    Look(buffer[..n]);
                }
            }

            // adjacent swap
            if (i + 1 < n && digits[i] != digits[i + 1])
            {
                digits.CopyTo(buffer);
                (buffer[i], buffer[i + 1]) = (buffer[i + 1], buffer[i]);
                Look(buffer[..n]);
            }

            // deletion
            digits.AsSpan(0, i).CopyTo(buffer);
            digits.AsSpan(i + 1).CopyTo(buffer[i..]);
            Look(buffer[..(n - 1)]);
        }

        // insertion
        for (var i = 0; i <= n; i++)
        {
            digits.AsSpan(0, i).CopyTo(buffer);
            digits.AsSpan(i).CopyTo(buffer[(i + 1)..]);
            for (var d = '0'; d <= '9'; d++)
            {
                buffer[i] = d;
                Look(buffer[..(n + 1)]);
            }
        }

        return hits;
    }

    /// <summary>Open invoices whose digit core is <paramref name="digits"/> followed by one or two more digits (a number cut short): 110 look-ups.</summary>
    private List<OpenInvoice> StartingWith(string digits)
    {
        var hits = new List<OpenInvoice>();
        Span<char> buffer = stackalloc char[32];
        if (digits.Length + 2 > buffer.Length)
        {
            return hits;
        }

        digits.CopyTo(buffer);
        var n = digits.Length;
        for (var a = '0'; a <= '9'; a++)
        {
            buffer[n] = a;
            if (coreLengths.Contains(n + 1))
            {
                hits.AddRange(byCore.Get(buffer[..(n + 1)]));
            }

            if (coreLengths.Contains(n + 2))
            {
                for (var b = '0'; b <= '9'; b++)
                {
                    buffer[n + 1] = b;
                    hits.AddRange(byCore.Get(buffer[..(n + 2)]));
                }
            }
        }

        return hits;
    }

    /// <summary>Numbers written like one of the ledger's invoice numbers that designate no open invoice (already paid, or someone else's series).</summary>
    private List<NumberRead> UnresolvedReferences(RemittanceReader read, List<Ref> refs)
    {
        var result = new List<NumberRead>();
        foreach (var number in read.Numbers)
        {
            if (number.OtherDocument || refs.Any(r => number.Start < r.End && r.Start < number.End) || byCore.Get(number.Digits).Any(i => Remaining(i) > 0))
            {
                continue;
            }

            // Shaped like our numbers (length and first digits) and announced or lettered like them; or any number
            // announced as an invoice ("FACTURE 2607": cut short, or someone else's).
            var lettered = prefixes.Any(p => LettersAre(number.Letters, p));
            var shaped = coreLengths.Contains(number.Digits.Length) && coreHeads.Contains(Head(number.Digits))
                && (read.HasCue(number) || lettered || prefixes.Contains(""));
            var announced = (lettered || read.AnnouncedAsInvoice(number) && number.SingleRun && !IsYear(number)) && coreLengths.Any(l => number.Digits.Length <= l + 2);
            if (shaped || announced)
            {
                result.Add(number);
            }
        }

        return result;
    }

    /// <summary>Amounts written after each named invoice ("FA-0347 : 1 200,00 / FA-0348 : 560,40") adding up to the credit.</summary>
    private List<ProposedAllocation>? TextAmounts(RemittanceReader read, List<Ref> named, long amount)
    {
        if (read.Amounts.Count < named.Count || named.Count == 0)
        {
            return null;
        }

        var ordered = named.OrderBy(r => r.Start).ToList();
        var result = new List<ProposedAllocation>();
        for (var k = 0; k < ordered.Count; k++)
        {
            var from = ordered[k].End;
            var to = k + 1 < ordered.Count ? ordered[k + 1].Start : int.MaxValue;
            var written = read.Amounts.FirstOrDefault(a => a.Start >= from && a.Start < to && a.Start - from <= 40);
            if (written.Minor <= 0 || written.Minor > Remaining(ordered[k].Invoice))
            {
                return null;
            }

            result.Add(new ProposedAllocation(ordered[k].Invoice.Number, written.Minor, ordered[k].Invoice.InvoiceId));
        }

        return result.Sum(a => a.AmountMinor) == amount ? result : null;
    }

    private (string? Customer, MatchReason? Reason) IdentifyPayer(MatchInput tx)
    {
        if (Iban.Normalize(tx.CounterpartyIban) is { } iban && customerByIban.TryGetValue(iban, out var byIban) && byIban is not null)
        {
            return (byIban, new MatchReason(PayerIban) { Customer = byIban });
        }

        if (InvoiceText.NameKey(tx.CounterpartyName) is { } name && customerByName.TryGetValue(name, out var byName) && byName is not null)
        {
            return (byName, new MatchReason(PayerName) { Customer = byName });
        }

        return (null, null);
    }

    /// <summary>A customer designated by the text: the RF reference of its account (portal) or its code ("CLIENT C01234").</summary>
    private (string? Customer, MatchReason? Reason) IdentifyByCode(RemittanceReader read)
    {
        foreach (var rf in read.CreditorReferences)
        {
            if (customerByCode.TryGetValue(CreditorReference.Body(rf), out var customer) && customer is not null)
            {
                return (customer, new MatchReason(CustomerRf) { Customer = customer, Text = rf });
            }
        }

        foreach (var code in read.Codes())
        {
            if (customerByCode.TryGetValue(code, out var customer) && customer is not null)
            {
                return (customer, new MatchReason(CustomerCode) { Customer = customer, Text = code });
            }
        }

        return (null, null);
    }

    private static MatchReason ReasonOf(Ref r) => new(r.Kind switch
    {
        RefKind.Rf => ReferenceRf,
        RefKind.Exact => ReferenceExact,
        RefKind.Sequence => ReferenceSequence,
        RefKind.Typo => ReferenceTypo,
        _ => ReferenceTruncated,
    })
    { Invoice = r.Invoice.Number, Text = r.Written, Weight = r.Strength };

    private IEnumerable<OpenInvoice> OpenOf(string customer, string currency) =>
        (byCustomer.GetValueOrDefault(customer) ?? []).Where(i => i.Currency == currency && Remaining(i) > 0);

    private static MatchReason? DateSignal(MatchInput tx, List<OpenInvoice> invoices)
    {
        var days = invoices.Select(i => tx.BookingDate.DayNumber - i.DueDate.DayNumber).MinBy(Math.Abs);
        return days is >= -30 and <= 60 ? new MatchReason(DateNearDue) { Days = days } : null;
    }

    private List<ProposedAllocation> Allocate(List<OpenInvoice> invoices, long amount)
    {
        var result = new List<ProposedAllocation>();
        var left = amount;
        foreach (var invoice in invoices.OrderBy(i => i.DueDate).ThenBy(i => i.Number, StringComparer.Ordinal))
        {
            if (left <= 0)
            {
                break;
            }

            var part = Math.Min(left, Remaining(invoice));
            result.Add(new ProposedAllocation(invoice.Number, part, invoice.InvoiceId));
            left -= part;
        }

        return result;
    }

    private void AddPrefix(string number)
    {
        Span<char> letters = stackalloc char[16];
        var length = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c) || length == letters.Length)
            {
                break;
            }

            if (char.IsAsciiLetter(c))
            {
                letters[length++] = char.ToUpperInvariant(c);
            }
        }

        if (!prefixLookup.Contains(letters[..length]))
        {
            prefixes.Add(new string(letters[..length]));
        }
    }

    private long Remaining(OpenInvoice invoice) => consumed.Count == 0 ? invoice.OpenMinor : invoice.OpenMinor - consumed.GetValueOrDefault(invoice);

    private OpenInvoice? FindAllocated(ProposedAllocation allocation, string? customer) =>
        (InvoiceText.Core(allocation.Number) is { } core ? byCore.Get(core) : byCustomer.GetValueOrDefault(customer ?? "") ?? [])
            .FirstOrDefault(i => i.CustomerRef == customer && i.Number == allocation.Number);

    /// <summary>Records key → customer; a key seen for two customers becomes ambiguous (null) and identifies nobody.</summary>
    private static void Learn(Dictionary<string, string?> index, string key, string customer)
    {
        if (index.TryGetValue(key, out var existing) && existing != customer)
        {
            index[key] = null;
        }
        else
        {
            index[key] = customer;
        }
    }
}
