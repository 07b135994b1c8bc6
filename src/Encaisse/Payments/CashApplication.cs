using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Localization;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>
/// Runs the engine over stored credits and applies what it is sure of. The engine works on one read of the open
/// ledger; each automatic proposal is then applied by the ledger's allocation operation, which re-reads the invoices
/// under lock: a proposal that no longer fits (another import or a person settled the invoice meanwhile) is not
/// applied but sent to review with the ledger's reason, so two imports racing on one invoice never over-settle it.
/// </summary>
public static class CashApplication
{
    public static async Task<(int Auto, int Review, int Unmatched)> RunAsync(EncaisseDb db, IReadOnlyList<BankTransaction> credits, TimeProvider clock, MatchSettings? settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(credits);
        if (credits.Count == 0)
        {
            return (0, 0, 0);
        }

        settings ??= new MatchSettings();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == db.TenantId, ct);
        var ledger = await OpenLedger.LoadAsync(db, ct);
        // Credits naming invoices sold under notified factoring never reach the engine (it leaves sold invoices out and
        // would propose another invoice of the payer instead). A tenant that never sold an invoice reads the named
        // invoices only for the credits the engine leaves unexplained, below.
        var anySold = await Risk.Factoring.SubrogationMentions.AnyAssignedAsync(db, ct);
        var named = anySold ? await NamedClosedInvoicesAsync(db, credits, ct) : [];
        var forFactor = credits.Where(t => named.TryGetValue(t, out var hits) && hits.Any(h => h.Factor is not null)).ToList();
        var (sold, soldReview) = await SoldInvoicesAsync(db, tenant, ledger, forFactor, named, clock, ct);
        var rest = credits.Where(t => !forFactor.Contains(t)).ToList();

        var engine = new MatchingEngine(ledger.Invoices, ledger.Payers, settings);
        var run = engine.Match(rest.Select((t, i) => new MatchInput(i, t.BookingDate, t.AmountMinor, t.Currency, t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.EndToEndId)));
        int auto = 0, review = 0;
        foreach (var proposal in run.Matches)
        {
            var tx = rest[proposal.Transaction];
            tx.Confidence = proposal.Confidence;
            tx.Proposal = Serialize(proposal, null);
            Guid? customerId = proposal.CustomerRef is not null && ledger.CustomerIds.TryGetValue(proposal.CustomerRef, out var id) ? id : null;
            if (proposal.Auto && customerId is { } customer)
            {
                var applied = await MatchApplier.ApplyAsync(db, tenant, tx, customer, proposal.Invoices.Select(i => (i.InvoiceId!.Value, i.Number, i.AmountMinor)).ToList(),
                    settings.FeeToleranceMinor, proposal.Confidence, proposal.ReasonTexts, "system", AllocationOrigin.Matching, clock, ct);
                if (applied.IsOk)
                {
                    auto++;
                    continue;
                }

                // The ledger refused (settled meanwhile, cancelled, factored): a person decides, with the reason shown.
                tx.Proposal = Serialize(proposal, applied.Error);
            }

            tx.Status = BankTransactionStatus.Review;
            tx.CustomerId = customerId;
            await db.SaveChangesAsync(ct);
            review++;
        }

        await db.SaveChangesAsync(ct);
        var unmatched = run.Unmatched.Select(i => rest[i]).ToList();
        var unknownPayer = rest.Where(t => t.Status == BankTransactionStatus.Review && t.CustomerId is null);
        IReadOnlyList<BankTransaction> unexplained = [.. unmatched, .. unknownPayer];
        if (!anySold)
        {
            named = await NamedClosedInvoicesAsync(db, unexplained, ct);
        }

        var settled = await AlreadySettledAsync(db, ledger, unexplained, named, ct);
        var identified = unmatched.Count(settled.Contains);
        return (auto + sold, review + soldReview + identified, unmatched.Count - identified);
    }

    /// <summary>An invoice named exactly in a credit's text that the engine does not see: settled already, or sold under notified factoring.</summary>
    private sealed record NamedInvoice(Guid Id, Guid CustomerId, string Number, string Currency, long OpenMinor, string? Factor);

    /// <summary>
    /// The settled or sold invoices each credit's text names (exact invoice numbers only), for the credits whose named
    /// invoices all belong to one customer.
    /// </summary>
    private static async Task<Dictionary<BankTransaction, List<NamedInvoice>>> NamedClosedInvoicesAsync(EncaisseDb db, IReadOnlyList<BankTransaction> credits, CancellationToken ct)
    {
        var tokens = credits.ToDictionary(t => t, t => Tokens(t.RemittanceInformation));
        var all = tokens.Values.SelectMany(x => x).Distinct(StringComparer.Ordinal).ToList();
        var named = new Dictionary<BankTransaction, List<NamedInvoice>>();
        if (all.Count == 0)
        {
            return named;
        }

        var found = new List<NamedInvoice>();
        foreach (var chunk in all.Chunk(500))
        {
            found.AddRange((await (from i in db.Invoices.AsNoTracking()
                                   where chunk.Contains(i.Number) && i.Kind == DocumentKind.Invoice && i.CancelledOn == null
                                         && (i.GrossMinor <= EF.Property<long>(i, "SettledMinor") || i.IsFactored)
                                   join a in db.Set<Risk.FactoringAssignment>().AsNoTracking() on i.Id equals a.InvoiceId into assignments
                                   from a in assignments.DefaultIfEmpty()
                                   join f in db.Set<Risk.Factor>().AsNoTracking() on a.FactorId equals f.Id into factors
                                   from f in factors.DefaultIfEmpty()
                                   select new { i.Id, i.CustomerId, i.Number, i.IsFactored, i.Currency, Open = i.GrossMinor - EF.Property<long>(i, "SettledMinor"), Factor = f == null ? null : f.Name })
                    .ToListAsync(ct))
                .Select(i => new NamedInvoice(i.Id, i.CustomerId, i.Number, i.Currency, i.IsFactored ? Math.Max(0, i.Open) : 0, i.IsFactored ? i.Factor ?? "?" : null)));
        }

        var byNumber = found.ToLookup(f => f.Number, StringComparer.Ordinal);
        foreach (var (tx, words) in tokens)
        {
            var hits = words.SelectMany(w => byNumber[w]).Distinct().ToList();
            if (hits.Count > 0 && hits.Select(h => h.CustomerId).Distinct().Count() == 1)
            {
                named[tx] = hits;
            }
        }

        return named;
    }

    private static List<MatchReason> NamedReasons(IEnumerable<NamedInvoice> hits, string? customer) =>
        hits.Select(h => h.Factor is null
            ? new MatchReason(MatchReasonCodes.ReviewAlreadySettled) { Invoice = h.Number, Customer = customer }
            : new MatchReason(MatchReasonCodes.ReviewFactored) { Invoice = h.Number, Customer = customer, Text = h.Factor }).ToList();

    /// <summary>
    /// A credit naming invoices sold to a factor under notified factoring is the customer paying the wrong account. When
    /// it is exactly what those invoices still owe, it is applied at once (the ledger told that settling a sold invoice is
    /// intended), and so listed "to transfer to the factor" (<see cref="Risk.Factoring.FactoringTransfers"/>) until the
    /// transfer is recorded; otherwise it goes to review as that customer's receipt with the sold invoices proposed and the
    /// reason. Returns how many were applied and how many went to review.
    /// </summary>
    private static async Task<(int Applied, int Review)> SoldInvoicesAsync(EncaisseDb db, Tenant tenant, OpenLedger ledger, IReadOnlyList<BankTransaction> credits,
        Dictionary<BankTransaction, List<NamedInvoice>> named, TimeProvider clock, CancellationToken ct)
    {
        var refs = ledger.CustomerIds.ToDictionary(c => c.Value, c => c.Key);
        int applied = 0, review = 0;
        foreach (var tx in credits)
        {
            var hits = named[tx];
            var customerId = hits[0].CustomerId;
            // The sold invoices still open in the credit's currency, by number, each up to what the credit still covers.
            var open = hits.Where(h => h.Factor is not null && h.OpenMinor > 0 && h.Currency == tx.Currency).OrderBy(h => h.Number, StringComparer.Ordinal).ToList();
            var left = tx.AmountMinor;
            var lines = new List<ProposedAllocation>();
            foreach (var invoice in open)
            {
                var take = Math.Min(left, invoice.OpenMinor);
                if (take <= 0)
                {
                    break;
                }

                lines.Add(new ProposedAllocation(invoice.Number, take, invoice.Id));
                left -= take;
            }

            var exact = open.Count == hits.Count && lines.Count == open.Count && left == 0 && lines.Zip(open).All(x => x.First.AmountMinor == x.Second.OpenMinor);
            var proposal = new MatchProposal(0, refs.GetValueOrDefault(customerId), lines, exact ? 1m : 0m, exact, NamedReasons(hits, refs.GetValueOrDefault(customerId)))
            {
                UnallocatedMinor = left,
            };
            tx.Proposal = Serialize(proposal, null);
            tx.Confidence = proposal.Confidence;
            if (exact)
            {
                var result = await MatchApplier.ApplyAsync(db, tenant, tx, customerId, lines.Select(l => (l.InvoiceId!.Value, l.Number, l.AmountMinor)).ToList(), 0, 1m,
                    proposal.ReasonTexts, "system", AllocationOrigin.Matching, clock, ct, allowFactored: true);
                if (result.IsOk)
                {
                    applied++;
                    continue;
                }

                tx.Proposal = Serialize(proposal with { Auto = false, Confidence = 0m }, result.Error);
                tx.Confidence = 0m;
            }

            tx.Status = BankTransactionStatus.Review;
            tx.CustomerId = customerId;
            review++;
        }

        await db.SaveChangesAsync(ct);
        return (applied, review);
    }

    /// <summary>
    /// A credit nobody could be matched to that names an invoice already settled is most likely a second payment of it
    /// (a duplicate transfer, or a race with another import): it goes to review as that customer's receipt, with the
    /// reason, instead of staying an unidentified receipt. Returns those identified.
    /// </summary>
    private static async Task<HashSet<BankTransaction>> AlreadySettledAsync(EncaisseDb db, OpenLedger ledger, IReadOnlyList<BankTransaction> unmatched,
        Dictionary<BankTransaction, List<NamedInvoice>> named, CancellationToken ct)
    {
        var refs = ledger.CustomerIds.ToDictionary(c => c.Value, c => c.Key);
        var identified = new HashSet<BankTransaction>();
        foreach (var tx in unmatched)
        {
            if (!named.TryGetValue(tx, out var hits))
            {
                continue;
            }

            var customerId = hits[0].CustomerId;
            var proposal = new MatchProposal(0, refs.GetValueOrDefault(customerId), [], 0m, false, NamedReasons(hits, refs.GetValueOrDefault(customerId)))
            {
                UnallocatedMinor = tx.AmountMinor,
            };
            tx.Proposal = Serialize(proposal, null);
            tx.Confidence = 0m;
            tx.Status = BankTransactionStatus.Review;
            tx.CustomerId = customerId;
            identified.Add(tx);
        }

        await db.SaveChangesAsync(ct);
        return identified;
    }

    /// <summary>The words of a remittance text that could be an invoice number as written (letters, digits, - / _ .).</summary>
    private static List<string> Tokens(string? text)
    {
        var words = new List<string>();
        foreach (var raw in (text ?? "").Split([' ', ',', ';', ':', '(', ')', '\'', '"', '\t', '\n', '\r', '+', '#'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw.Trim('.', '-', '/', '_');
            if (word.Length is >= 3 and <= 64 && word.Any(char.IsAsciiDigit))
            {
                words.Add(word);
                if (word.ToUpperInvariant() is var upper && upper != word)
                {
                    words.Add(upper);
                }
            }
        }

        return words.Take(40).ToList();
    }

    private static string Serialize(MatchProposal proposal, Operations.OperationError? refused) =>
        JsonSerializer.Serialize(new
        {
            customer = proposal.CustomerRef,
            invoices = proposal.Invoices.Select(i => new { number = i.Number, amountMinor = i.AmountMinor }),
            unallocatedMinor = proposal.UnallocatedMinor,
            confidence = proposal.Confidence,
            reasons = proposal.ReasonTexts,
            reasonCodes = proposal.Reasons,
            refused = refused is null ? null : new { code = refused.Code, message = refused.Message(Catalogue.English) },
        }, Operations.JsonShape.Compact);
}
