using System.Text.Json;
using Encaisse.Ledger;
using Encaisse.Payments.BankFormats;
using Encaisse.Payments.Matching;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Payments;

/// <summary>What one import did. <see cref="Flagged"/>: statements written flagged (balances that do not add up, ADR 0502).</summary>
public sealed record ImportSummary(int Statements, int NewTransactions, int AlreadyKnown, int AutoMatched, int ToReview, int Unmatched, int Returned, int Flagged = 0);

/// <summary>
/// Stores a parsed statement file idempotently (natural key per transaction), then runs the matching engine on the
/// new credits: automatic proposals are applied (Payment + Allocations + timeline event), the others wait in the
/// review queue or stay visible as unidentified receipts. Returned debits reopen what they paid.
/// </summary>
public static class StatementImport
{
    /// <summary>
    /// The one path of a statement upload, for the CLI, the API and the back office: reads the file (format detected
    /// unless named; <paramref name="strict"/> refuses balances that do not add up instead of flagging them), stores
    /// what is new and applies what is sure. A file that cannot be read is refused with its line and reason and nothing
    /// is written.
    /// </summary>
    public static async Task<Operations.Result<ImportSummary>> ImportFileAsync(EncaisseDb db, Stream content, string? fileName, string? formatName, bool strict,
        TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var file = string.IsNullOrWhiteSpace(fileName) ? "-" : Path.GetFileName(fileName);
        BankStatementFormat? format;
        try
        {
            format = BankStatementReader.ParseFormatName(formatName);
        }
        catch (ArgumentException)
        {
            return Operations.OperationError.InvalidField("format", formatName, "bank.format", ("value", formatName));
        }

        BankStatementFile parsed;
        try
        {
            parsed = BankStatementReader.Read(content, format, strict);
        }
        catch (StatementFormatException e)
        {
            return Operations.OperationError.Invalid("bank.unreadable", ("file", file), ("detail", e.Message));
        }

        try
        {
            return Operations.Result.Ok(await ImportAsync(db, parsed, fileName is null ? null : file, clock, null, ct));
        }
        catch (Operations.OperationFailedException e)
        {
            return e.Error;
        }
        catch (DbUpdateException)
        {
            // The unique natural key refused a transaction another import stored meanwhile: nothing was half-saved.
            return Operations.OperationError.Conflict("bank.concurrentImport", ("file", file));
        }
    }

    public static async Task<ImportSummary> ImportAsync(EncaisseDb db, BankStatementFile file, string? fileName, TimeProvider clock, MatchSettings? settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        var added = new List<BankTransaction>();
        var flaggedStatements = new HashSet<Guid>();
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
                throw new Operations.OperationFailedException(Operations.OperationError.Invalid("bank.currency", ("currency", data.Currency)));
            }

            var statement = new BankStatement
            {
                TenantId = db.TenantId,
                Format = StatementShapes.FormatName(file.Format),
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
                IsFlagged = data.IsFlagged,
                BalanceDifferenceMinor = data.BalanceDifference is { } difference ? Currencies.ToMinor(difference, data.Currency) : null,
            };
            db.Add(statement);
            statements++;
            if (statement.IsFlagged)
            {
                flaggedStatements.Add(statement.Id);
            }

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
                    Details = t.Details.Count > 0 ? JsonSerializer.Serialize(t.Details.Select(StatementShapes.Detail), Operations.JsonShape.Compact) : null,
                    Status = t.Amount > 0 ? BankTransactionStatus.Unmatched : BankTransactionStatus.Ignored,
                    ImportedAt = now,
                };
                db.Add(entity);
                added.Add(entity);
            }
        }

        await db.SaveChangesAsync(ct);
        var returned = await DirectDebitReturns.ReopenAsync(db, added, clock, ct);

        // Flagged statements (ADR 0502): their credits are proposed for review, never settled or applied automatically.
        var (trusted, flagged) = Partition(added, flaggedStatements);
        var settled = await SettleCollectionsAsync(db, trusted, ct);
        var (auto, review, unmatched) = await CashApplication.RunAsync(db, trusted.Where(t => t.AmountMinor > 0 && t.Status == BankTransactionStatus.Unmatched).ToList(), clock, settings, ct);
        var (_, flaggedReview, flaggedUnmatched) = await CashApplication.RunAsync(db, flagged.Where(t => t.AmountMinor > 0 && t.Status == BankTransactionStatus.Unmatched).ToList(), clock, ReviewOnly(settings), ct);
        return new ImportSummary(statements, added.Count, known, auto + settled, review + flaggedReview, unmatched + flaggedUnmatched, returned, flaggedStatements.Count);
    }

    private static (List<BankTransaction> Trusted, List<BankTransaction> Flagged) Partition(List<BankTransaction> added, HashSet<Guid> flaggedStatements) =>
        flaggedStatements.Count == 0
            ? (added, [])
            : (added.Where(t => !flaggedStatements.Contains(t.BankStatementId)).ToList(), added.Where(t => flaggedStatements.Contains(t.BankStatementId)).ToList());

    /// <summary>The engine's settings with an auto-apply threshold no proposal reaches: every proposal goes to review.</summary>
    private static MatchSettings ReviewOnly(MatchSettings? settings) => (settings ?? new MatchSettings()) with { AutoApplyThreshold = 2m };

    /// <summary>
    /// Credits that settle direct-debit collections Encaisse sent (end-to-end id of a "dd:" payment, same amount) are
    /// linked to that payment: the invoice was already allocated when the file was written, nothing is added.
    /// </summary>
    private static async Task<int> SettleCollectionsAsync(EncaisseDb db, List<BankTransaction> added, CancellationToken ct)
    {
        // A single credit names one collection; a batched credit (one entry, several details) names one per detail.
        var candidates = added.Where(t => t.AmountMinor > 0 && t.Status == BankTransactionStatus.Unmatched)
            .Select(t => (Tx: t, Parts: BatchDetails.Of(t) is { Count: > 0 } parts
                ? parts.Select(p => (p.EndToEndId, Minor: p.AmountMinor)).ToList()
                : [(t.EndToEndId, Minor: (long?)t.AmountMinor)]))
            .Where(c => c.Parts.All(p => p.EndToEndId is not null))
            .ToList();
        if (candidates.Count == 0)
        {
            return 0;
        }

        var references = candidates.SelectMany(c => c.Parts).Select(p => "dd:" + p.EndToEndId).Distinct().ToList();
        var payments = new Dictionary<string, Payment>(StringComparer.Ordinal);
        foreach (var chunk in references.Chunk(500))
        {
            foreach (var p in await db.Payments.Where(p => chunk.Contains(p.Reference)).ToListAsync(ct))
            {
                payments[p.Reference] = p;
            }
        }

        var settled = 0;
        foreach (var (t, parts) in candidates)
        {
            var found = parts.Select(p => payments.GetValueOrDefault("dd:" + p.EndToEndId)).ToList();
            if (found.All(p => p is not null) && found.Sum(p => p!.AmountMinor) == t.AmountMinor
                && parts.Zip(found).All(x => x.First.Minor is null || x.First.Minor == x.Second!.AmountMinor))
            {
                t.Status = BankTransactionStatus.Matched;
                t.PaymentId = found[0]!.Id;
                t.CustomerId = found.Select(p => p!.CustomerId).Distinct().Count() == 1 ? found[0]!.CustomerId : null;
                t.Confidence = 1m;
                settled++;
            }
        }

        await db.SaveChangesAsync(ct);
        return settled;
    }

    private static string? Truncate(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];
}
