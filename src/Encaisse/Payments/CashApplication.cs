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
        var engine = new MatchingEngine(ledger.Invoices, ledger.Payers, settings);
        var run = engine.Match(credits.Select((t, i) => new MatchInput(i, t.BookingDate, t.AmountMinor, t.Currency, t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.EndToEndId)));
        int auto = 0, review = 0;
        foreach (var proposal in run.Matches)
        {
            var tx = credits[proposal.Transaction];
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
        var unmatched = run.Unmatched.Select(i => credits[i]).ToList();
        var unknownPayer = credits.Where(t => t.Status == BankTransactionStatus.Review && t.CustomerId is null);
        var settled = await AlreadySettledAsync(db, ledger, [.. unmatched, .. unknownPayer], ct);
        var identified = unmatched.Count(settled.Contains);
        return (auto, review + identified, unmatched.Count - identified);
    }

    /// <summary>
    /// A credit nobody could be matched to that names an invoice already settled is most likely a second payment of it
    /// (a duplicate transfer, or a race with another import); one that names an invoice sold to a factor under notified
    /// factoring is money that reached the wrong account and must be transferred to the factor. Either goes to review as
    /// that customer's receipt, with the reason, instead of staying an unidentified receipt. Only exact invoice numbers
    /// count here; returns those identified.
    /// </summary>
    private static async Task<HashSet<BankTransaction>> AlreadySettledAsync(EncaisseDb db, OpenLedger ledger, IReadOnlyList<BankTransaction> unmatched, CancellationToken ct)
    {
        var tokens = unmatched.ToDictionary(t => t, t => Tokens(t.RemittanceInformation));
        var all = tokens.Values.SelectMany(x => x).Distinct(StringComparer.Ordinal).ToList();
        var identified = new HashSet<BankTransaction>();
        if (all.Count == 0)
        {
            return identified;
        }

        var found = new List<(Guid CustomerId, string Number, string? Factor)>();
        foreach (var chunk in all.Chunk(500))
        {
            found.AddRange((await (from i in db.Invoices.AsNoTracking()
                                   where chunk.Contains(i.Number) && i.Kind == DocumentKind.Invoice && i.CancelledOn == null
                                         && (i.GrossMinor <= EF.Property<long>(i, "SettledMinor") || i.IsFactored)
                                   join a in db.Set<Risk.FactoringAssignment>().AsNoTracking() on i.Id equals a.InvoiceId into assignments
                                   from a in assignments.DefaultIfEmpty()
                                   join f in db.Set<Risk.Factor>().AsNoTracking() on a.FactorId equals f.Id into factors
                                   from f in factors.DefaultIfEmpty()
                                   select new { i.CustomerId, i.Number, i.IsFactored, Factor = f == null ? null : f.Name }).ToListAsync(ct))
                .Select(i => (i.CustomerId, i.Number, i.IsFactored ? i.Factor ?? "?" : null)));
        }

        var byNumber = found.ToLookup(f => f.Number, StringComparer.Ordinal);
        var refs = ledger.CustomerIds.ToDictionary(c => c.Value, c => c.Key);
        foreach (var (tx, words) in tokens)
        {
            var hits = words.SelectMany(w => byNumber[w]).Distinct().ToList();
            if (hits.Count == 0 || hits.Select(h => h.CustomerId).Distinct().Count() != 1)
            {
                continue;
            }

            var customerId = hits[0].CustomerId;
            var reasons = hits.Select(h => h.Factor is null
                ? new MatchReason(MatchReasonCodes.ReviewAlreadySettled) { Invoice = h.Number, Customer = refs.GetValueOrDefault(customerId) }
                : new MatchReason(MatchReasonCodes.ReviewFactored) { Invoice = h.Number, Customer = refs.GetValueOrDefault(customerId), Text = h.Factor }).ToList();
            var proposal = new MatchProposal(0, refs.GetValueOrDefault(customerId), [], 0m, false, reasons) { UnallocatedMinor = tx.AmountMinor };
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
