using System.Globalization;

namespace Encaisse.Payments.Matching;

/// <summary>
/// Explainable automatic matching (lettrage) of bank credits to open invoices. Indexes are built once per run
/// (invoice number core, full reference, amount, customer, payer IBAN and name), so each transaction costs a few
/// dictionary look-ups, never a scan of the invoices. Pure: no clock, no I/O. See docs/payments.md for the scoring.
/// </summary>
public sealed class MatchingEngine
{
    private readonly MatchSettings settings;
    private readonly InvoiceIndex<string> byCore;
    private readonly InvoiceIndex<(long, string)> byAmount;
    private readonly Dictionary<string, List<OpenInvoice>> byCustomer = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> customerByIban = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> customerByName = new(StringComparer.Ordinal);
    private readonly Dictionary<OpenInvoice, long> consumed = new(ReferenceEqualityComparer.Instance);

    public MatchingEngine(IEnumerable<OpenInvoice> openInvoices, IEnumerable<KnownPayer>? knownPayers = null, MatchSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(openInvoices);
        this.settings = settings ?? new MatchSettings();
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
            }

            byAmount.Add((invoice.OpenMinor, invoice.Currency), invoice);
            if (!byCustomer.TryGetValue(invoice.CustomerRef, out var ofCustomer))
            {
                // First invoice of this customer: learn its name once.
                byCustomer[invoice.CustomerRef] = ofCustomer = [];
                if (InvoiceText.NameKey(invoice.CustomerName) is { } name)
                {
                    Learn(customerByName, name, invoice.CustomerRef);
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

    /// <summary>Proposes a match for each credit (debits are not receipts and are skipped).</summary>
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

    /// <summary>The best proposal for one credit, or null when nothing identifies it.</summary>
    public MatchProposal? Propose(MatchInput tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var reasons = new List<string>();
        var text = string.Join(' ', new[] { tx.RemittanceInformation, tx.EndToEndId }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var references = FindReferences(text, tx.Currency, tx.AmountMinor, reasons);
        var (payer, payerReason, payerWeight) = IdentifyPayer(tx);

        if (references.Count > 0)
        {
            return FromReferences(tx, references, payer, payerReason, reasons);
        }

        if (payer is not null)
        {
            reasons.Add(payerReason!);
            return FromCustomer(tx, payer, payerWeight, reasons);
        }

        var sameAmount = byAmount.Get((tx.AmountMinor, tx.Currency)).Where(i => Remaining(i) == tx.AmountMinor).Take(2).ToList();
        if (sameAmount.Count == 1)
        {
            // Weak on its own: always left for review.
            var only = sameAmount[0];
            reasons.Add($"payer unknown; {only.Number} is the only open invoice of this amount");
            var score = 0.3m + DateSignal(tx, sameAmount, reasons);
            return Proposal(tx, only.CustomerRef, Allocate(sameAmount, tx.AmountMinor), Math.Min(score, settings.AutoApplyThreshold - 0.01m), reasons, 0);
        }

        return null;
    }

    private sealed record Reference(OpenInvoice Invoice, decimal Strength, string Reason);

    private List<Reference> FindReferences(string text, string currency, long amountMinor, List<string> reasons)
    {
        var found = new Dictionary<OpenInvoice, Reference>(ReferenceEqualityComparer.Instance);
        void Found(OpenInvoice invoice, decimal strength, string reason)
        {
            if (invoice.Currency != currency || Remaining(invoice) <= 0)
            {
                return;
            }

            if (!found.TryGetValue(invoice, out var existing) || existing.Strength < strength)
            {
                found[invoice] = new Reference(invoice, strength, reason);
            }
        }

        if (text.Length == 0)
        {
            return [];
        }

        foreach (var rf in CreditorReference.Find(text))
        {
            var body = CreditorReference.Body(rf);
            var hits = InvoiceText.Core(body) is { } core ? byCore.Get(core) : [];
            foreach (var invoice in hits.Where(i => Iban.Normalize(i.Number) == body))
            {
                Found(invoice, 0.65m, $"structured creditor reference {rf} (ISO 11649, check digits valid) designates invoice {invoice.Number}");
            }
        }

        var upper = text.ToUpperInvariant();
        var candidates = InvoiceText.NumberCandidates(text).ToList();
        foreach (var candidate in candidates)
        {
            foreach (var invoice in byCore.Get(candidate))
            {
                var prefix = InvoiceText.Prefix(invoice.Number);
                var withPrefix = prefix.Length >= 2 && upper.Contains(prefix, StringComparison.Ordinal);
                Found(invoice, withPrefix ? 0.55m : 0.5m, $"invoice number {invoice.Number} found in the remittance text");
            }
        }

        // One-character typos: looked for when no exact reference explains the amount (a typo often lands on another
        // existing number, so an exact hit alone does not end the search).
        if (found.Count == 0 || !ExplainsAmount(found.Values, amountMinor))
        {
            var exact = found.Values.ToList();
            var typos = new List<Reference>();
            foreach (var candidate in candidates.Where(c => c.Length >= 5))
            {
                foreach (var variant in InvoiceText.OneEditVariants(candidate))
                {
                    foreach (var invoice in byCore.Get(variant))
                    {
                        if (invoice.Currency == currency && Remaining(invoice) > 0 && !found.ContainsKey(invoice))
                        {
                            typos.Add(new Reference(invoice, 0.3m, $"invoice number {invoice.Number} found with one character different ('{candidate}')"));
                        }
                    }
                }
            }

            // A near miss only counts when it explains the amount, alone or with the exact references.
            if (typos.Count > 0 && ExplainsAmount(exact.Concat(typos), amountMinor))
            {
                var explaining = typos.Where(t => ExplainsAmount(exact.Concat([t]), amountMinor) || ExplainsAmount([t], amountMinor)).ToList();
                foreach (var t in explaining.Count > 0 ? explaining : typos)
                {
                    found.TryAdd(t.Invoice, t);
                }
            }
        }

        return [.. found.Values];
    }

    private bool ExplainsAmount(IEnumerable<Reference> references, long amountMinor) =>
        references.GroupBy(r => r.Invoice.CustomerRef, StringComparer.Ordinal)
            .Any(g => g.Sum(r => Remaining(r.Invoice)) is var open && open >= amountMinor && open - amountMinor <= settings.FeeToleranceMinor);

    private (string? Customer, string? Reason, decimal Weight) IdentifyPayer(MatchInput tx)
    {
        if (Iban.Normalize(tx.CounterpartyIban) is { } iban && customerByIban.TryGetValue(iban, out var byIban) && byIban is not null)
        {
            return (byIban, $"payer IBAN known for customer {byIban}", 0.35m);
        }

        if (InvoiceText.NameKey(tx.CounterpartyName) is { } name && customerByName.TryGetValue(name, out var byName) && byName is not null)
        {
            return (byName, $"payer name known for customer {byName}", 0.3m);
        }

        return (null, null, 0m);
    }

    private MatchProposal FromReferences(MatchInput tx, List<Reference> references, string? payer, string? payerReason, List<string> reasons)
    {
        // Several customers referenced: keep the group whose open amount equals the payment, else the payer's, else the strongest.
        var groups = references.GroupBy(r => r.Invoice.CustomerRef, StringComparer.Ordinal).Select(g => g.OrderBy(r => r.Invoice.DueDate).ToList()).ToList();
        var group = groups.FirstOrDefault(g => g.Sum(r => Remaining(r.Invoice)) == tx.AmountMinor)
            ?? groups.FirstOrDefault(g => g[0].Invoice.CustomerRef == payer)
            ?? groups.MaxBy(g => g.Max(r => r.Strength))!;
        var customer = group[0].Invoice.CustomerRef;
        if (groups.Count > 1)
        {
            reasons.Add($"references to invoices of {groups.Count} customers: kept customer {customer}");
        }

        reasons.AddRange(group.Select(r => r.Reason));
        var score = group.Average(r => r.Strength);

        var invoices = group.Select(r => r.Invoice).ToList();
        var open = invoices.Sum(Remaining);
        var difference = tx.AmountMinor - open;
        var currency = tx.Currency;
        long unallocated = 0;
        List<ProposedAllocation> allocations;
        if (difference == 0)
        {
            score += 0.35m;
            reasons.Add(invoices.Count == 1 ? "amount equals the open amount of the invoice" : $"amount equals the open amount of the {invoices.Count} invoices");
            allocations = Allocate(invoices, tx.AmountMinor);
        }
        else if (difference < 0 && -difference <= settings.FeeToleranceMinor)
        {
            score += 0.3m;
            reasons.Add($"{Format(-difference, currency)} short of the open amount: bank fee within the tolerance of {Format(settings.FeeToleranceMinor, currency)}");
            allocations = Allocate(invoices, tx.AmountMinor);
        }
        else if (difference < 0)
        {
            var subset = invoices.Count > 1 ? SubsetWithSum(invoices, tx.AmountMinor) : null;
            if (subset is not null)
            {
                score += 0.3m;
                reasons.Add($"amount equals {subset.Count} of the {invoices.Count} referenced invoices");
                allocations = Allocate(subset, tx.AmountMinor);
            }
            else
            {
                score += invoices.Count == 1 ? 0.25m : 0.2m;
                reasons.Add($"partial payment: {Format(tx.AmountMinor, currency)} of {Format(open, currency)} open");
                allocations = Allocate(invoices, tx.AmountMinor);
            }
        }
        else
        {
            score += 0.2m;
            unallocated = difference;
            reasons.Add($"overpayment of {Format(difference, currency)} kept as customer credit");
            allocations = Allocate(invoices, open);
        }

        if (payer is not null && payer == customer)
        {
            score += 0.15m;
            reasons.Add(payerReason!.Replace("known for customer", "belongs to the invoices' customer", StringComparison.Ordinal));
        }
        else if (payer is not null)
        {
            score -= 0.15m;
            reasons.Add($"payer is known for another customer ({payer}): third party or wrong reference");
        }

        score += DateSignal(tx, invoices, reasons);
        return Proposal(tx, customer, allocations, score, reasons, unallocated);
    }

    private MatchProposal FromCustomer(MatchInput tx, string customer, decimal identification, List<string> reasons)
    {
        var open = (byCustomer.GetValueOrDefault(customer) ?? []).Where(i => i.Currency == tx.Currency && Remaining(i) > 0).ToList();
        var score = identification;
        List<OpenInvoice>? chosen = null;
        var same = open.Where(i => Remaining(i) == tx.AmountMinor).ToList();
        if (same.Count == 1)
        {
            score += 0.45m;
            chosen = same;
            reasons.Add($"amount equals open invoice {same[0].Number}");
        }
        else if (same.Count > 1)
        {
            score += 0.3m;
            chosen = [same[0]];
            reasons.Add($"{same.Count} open invoices have this amount: the oldest, {same[0].Number}, is proposed");
        }
        else if (SubsetWithSum(open.Take(settings.MaxInvoicesForSums).ToList(), tx.AmountMinor) is { } subset)
        {
            // The oldest invoices paid together is the usual pattern; any other combination is less telling.
            var oldest = subset.SequenceEqual(open.Take(subset.Count), ReferenceEqualityComparer.Instance);
            score += oldest ? 0.45m : 0.35m;
            chosen = subset;
            reasons.Add($"amount equals the sum of {subset.Count} open invoices ({string.Join(", ", subset.Select(i => i.Number))})");
        }
        else if (open.FirstOrDefault(i => Remaining(i) > tx.AmountMinor && Remaining(i) - tx.AmountMinor <= settings.FeeToleranceMinor) is { } close)
        {
            score += 0.35m;
            chosen = [close];
            reasons.Add($"amount is {Format(Remaining(close) - tx.AmountMinor, tx.Currency)} short of open invoice {close.Number}: bank fee within tolerance");
        }

        if (chosen is null)
        {
            reasons.Add("no open invoice or sum of invoices matches the amount: to allocate by hand or keep as customer credit");
            return Proposal(tx, customer, [], score, reasons, tx.AmountMinor);
        }

        score += DateSignal(tx, chosen, reasons);
        return Proposal(tx, customer, Allocate(chosen, tx.AmountMinor), score, reasons, 0);
    }

    private MatchProposal Proposal(MatchInput tx, string customer, List<ProposedAllocation> allocations, decimal score, List<string> reasons, long unallocated)
    {
        var confidence = Math.Round(Math.Clamp(score, 0m, 1m), 2, MidpointRounding.AwayFromZero);
        return new MatchProposal(tx.Index, customer, allocations, confidence, allocations.Count > 0 && confidence >= settings.AutoApplyThreshold, reasons)
        {
            UnallocatedMinor = unallocated,
        };
    }

    private static decimal DateSignal(MatchInput tx, List<OpenInvoice> invoices, List<string> reasons)
    {
        var days = invoices.Select(i => tx.BookingDate.DayNumber - i.DueDate.DayNumber).MinBy(Math.Abs);
        if (days is >= -30 and <= 60)
        {
            reasons.Add(days >= 0 ? $"paid {days} day(s) after the due date" : $"paid {-days} day(s) before the due date");
            return 0.05m;
        }

        return 0m;
    }

    private List<ProposedAllocation> Allocate(List<OpenInvoice> invoices, long amount)
    {
        var result = new List<ProposedAllocation>();
        var left = amount;
        foreach (var invoice in invoices.OrderBy(i => i.DueDate))
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

    /// <summary>A set of 2 to 4 invoices whose open amounts add up to <paramref name="amount"/>: oldest-first prefix, then pairs, then triples.</summary>
    private List<OpenInvoice>? SubsetWithSum(List<OpenInvoice> invoices, long amount)
    {
        long running = 0;
        for (var i = 0; i < invoices.Count; i++)
        {
            running += Remaining(invoices[i]);
            if (running == amount && i > 0)
            {
                return invoices.Take(i + 1).ToList();
            }

            if (running > amount)
            {
                break;
            }
        }

        var positions = new Dictionary<long, int>();
        for (var i = 0; i < invoices.Count; i++)
        {
            if (positions.TryGetValue(amount - Remaining(invoices[i]), out var j))
            {
                return [invoices[j], invoices[i]];
            }

            positions.TryAdd(Remaining(invoices[i]), i);
        }

        for (var a = 0; a < invoices.Count; a++)
        {
            for (var b = a + 1; b < invoices.Count; b++)
            {
                var rest = amount - Remaining(invoices[a]) - Remaining(invoices[b]);
                if (positions.TryGetValue(rest, out var c) && c != a && c != b)
                {
                    return [invoices[a], invoices[b], invoices[c]];
                }
            }
        }

        return null;
    }

    private long Remaining(OpenInvoice invoice) => invoice.OpenMinor - consumed.GetValueOrDefault(invoice);

    private OpenInvoice? FindAllocated(ProposedAllocation allocation, string? customer) =>
        (InvoiceText.Core(allocation.Number) is { } core ? byCore.Get(core) : byCustomer.GetValueOrDefault(customer ?? "") ?? [])
            .FirstOrDefault(i => i.CustomerRef == customer && i.Number == allocation.Number);

    private static string Format(long minor, string currency) =>
        Ledger.Currencies.IsKnown(currency) ? Ledger.Currencies.FormatInvariant(minor, currency) + " " + currency : minor.ToString(CultureInfo.InvariantCulture);

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
