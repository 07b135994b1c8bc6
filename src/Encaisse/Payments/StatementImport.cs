using System.Text.Json;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Payments.BankFormats;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>What one import did.</summary>
public sealed record ImportSummary(int Statements, int NewTransactions, int AlreadyKnown, int AutoMatched, int ToReview, int Unmatched, int Returned);

/// <summary>
/// Stores a parsed statement file idempotently (natural key per transaction), then runs the matching engine on the
/// new credits: automatic proposals are applied (Payment + Allocations + timeline event), the others wait in the
/// review queue or stay visible as unidentified receipts. Returned debits reopen what they paid.
/// </summary>
public static class StatementImport
{
    public static async Task<ImportSummary> ImportAsync(EncaisseDb db, BankStatementFile file, string? fileName, TimeProvider clock, MatchSettings? settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var added = new List<BankTransaction>();
        var known = 0;
        var statements = 0;
        foreach (var data in file.Statements)
        {
            var keys = TransactionKey.For(data);
            var existing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in keys.Chunk(500))
            {
                existing.UnionWith(await db.Set<BankTransaction>().Where(t => chunk.Contains(t.NaturalKey)).Select(t => t.NaturalKey).ToListAsync(ct));
            }

            var fresh = Enumerable.Range(0, keys.Count).Where(i => !existing.Contains(keys[i])).ToList();
            known += keys.Count - fresh.Count;
            if (fresh.Count == 0)
            {
                continue;
            }

            if (!Currencies.IsKnown(data.Currency))
            {
                throw new UsageException($"Statement currency '{data.Currency}' is not supported for import.");
            }

            var statement = new BankStatement
            {
                TenantId = db.TenantId,
                Format = Cli.StatementJson.FormatName(file.Format),
                AccountIban = data.Account.Iban,
                AccountNumber = Truncate(data.Account.Number, 100),
                Currency = data.Currency,
                StatementReference = Truncate(data.StatementId, 100),
                OpeningBalanceMinor = data.OpeningBalance is { } o ? Currencies.ToMinor(o, data.Currency) : null,
                OpeningDate = data.OpeningDate,
                ClosingBalanceMinor = data.ClosingBalance is { } c ? Currencies.ToMinor(c, data.Currency) : null,
                ClosingDate = data.ClosingDate,
                FileName = Truncate(fileName, 300),
                NewTransactions = fresh.Count,
                ImportedAt = now,
            };
            db.Add(statement);
            statements++;
            foreach (var i in fresh)
            {
                var t = data.Transactions[i];
                var currency = Currencies.IsKnown(t.Currency) ? t.Currency : data.Currency;
                var entity = new BankTransaction
                {
                    TenantId = db.TenantId,
                    BankStatementId = statement.Id,
                    NaturalKey = keys[i],
                    AccountIban = data.Account.Iban,
                    BookingDate = t.BookingDate,
                    ValueDate = t.ValueDate,
                    AmountMinor = Currencies.ToMinor(t.Amount, currency),
                    Currency = currency,
                    CounterpartyName = Truncate(t.CounterpartyName, 200),
                    CounterpartyIban = Iban.Normalize(t.CounterpartyIban) is { Length: <= 34 } iban ? iban : null,
                    RemittanceInformation = Truncate(t.RemittanceInformation, 2000),
                    EndToEndId = Truncate(t.EndToEndId, 100),
                    BankReference = Truncate(t.BankReference, 100),
                    ReturnReason = Truncate(t.ReturnReason, 35),
                    MandateReference = Truncate(t.MandateReference, 100),
                    Status = t.Amount > 0 ? BankTransactionStatus.Unmatched : BankTransactionStatus.Ignored,
                    ImportedAt = now,
                };
                db.Add(entity);
                added.Add(entity);
            }
        }

        await db.SaveChangesAsync(ct);
        var returned = await DirectDebitReturns.ReopenAsync(db, added, clock, ct);
        var settled = await SettleCollectionsAsync(db, added, ct);
        var (auto, review, unmatched) = await CashApplication.RunAsync(db, added.Where(t => t.AmountMinor > 0 && t.Status == BankTransactionStatus.Unmatched).ToList(), clock, settings, ct);
        return new ImportSummary(statements, added.Count, known, auto + settled, review, unmatched, returned);
    }

    /// <summary>
    /// Credits that settle direct-debit collections Encaisse sent (end-to-end id of a "dd:" payment, same amount) are
    /// linked to that payment: the invoice was already allocated when the file was written, nothing is added.
    /// </summary>
    private static async Task<int> SettleCollectionsAsync(EncaisseDb db, List<BankTransaction> added, CancellationToken ct)
    {
        var candidates = added.Where(t => t.AmountMinor > 0 && t.EndToEndId is not null && t.Status == BankTransactionStatus.Unmatched).ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var references = candidates.Select(t => "dd:" + t.EndToEndId).Distinct().ToList();
        var payments = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var chunk in references.Chunk(500))
        {
            foreach (var p in await db.Payments.Where(p => chunk.Contains(p.Reference)).ToListAsync(ct))
            {
                payments[p.Reference] = p;
            }
        }

        var settled = 0;
        foreach (var t in candidates)
        {
            if (payments.TryGetValue("dd:" + t.EndToEndId, out var payment) && payment.AmountMinor == t.AmountMinor)
            {
                t.Status = BankTransactionStatus.Matched;
                t.PaymentId = payment.Id;
                t.CustomerId = payment.CustomerId;
                t.Confidence = 1m;
                settled++;
            }
        }

        await db.SaveChangesAsync(ct);
        return settled;
    }

    private static string? Truncate(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}

/// <summary>Runs the engine over stored credits and applies what it is sure of.</summary>
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

        var ledger = await OpenLedger.LoadAsync(db, ct);
        var engine = new MatchingEngine(ledger.Invoices, ledger.Payers, settings);
        var run = engine.Match(credits.Select((t, i) => new MatchInput(i, t.BookingDate, t.AmountMinor, t.Currency, t.CounterpartyName, t.CounterpartyIban, t.RemittanceInformation, t.EndToEndId)));
        int auto = 0, review = 0;
        foreach (var proposal in run.Matches)
        {
            var tx = credits[proposal.Transaction];
            tx.Confidence = proposal.Confidence;
            tx.Proposal = JsonSerializer.Serialize(new
            {
                customer = proposal.CustomerRef,
                invoices = proposal.Invoices.Select(i => new { number = i.Number, amountMinor = i.AmountMinor }),
                unallocatedMinor = proposal.UnallocatedMinor,
                confidence = proposal.Confidence,
                reasons = proposal.ReasonTexts,
                reasonCodes = proposal.Reasons,
            }, CliJson.Options);
            if (proposal.Auto && proposal.CustomerRef is not null && ledger.CustomerIds.TryGetValue(proposal.CustomerRef, out var customerId))
            {
                await MatchApplier.ApplyAsync(db, tx, customerId, proposal.Invoices.Select(i => (i.InvoiceId!.Value, i.Number, i.AmountMinor)).ToList(),
                    proposal.Confidence, proposal.ReasonTexts, "system", clock, ct);
                auto++;
            }
            else
            {
                tx.Status = BankTransactionStatus.Review;
                tx.CustomerId = proposal.CustomerRef is not null && ledger.CustomerIds.TryGetValue(proposal.CustomerRef, out var id) ? id : null;
                review++;
            }
        }

        await db.SaveChangesAsync(ct);
        return (auto, review, run.Unmatched.Count);
    }
}
