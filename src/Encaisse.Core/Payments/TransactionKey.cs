using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments;

/// <summary>
/// The natural key of a bank transaction: a hash of what identifies the movement at the bank (account, dates,
/// amount, bank and end-to-end references, counterparty, text), plus its rank among identical movements of the
/// same statement, so two identical card payments on one day stay two transactions while a re-import adds nothing.
/// </summary>
public static class TransactionKey
{
    public static IReadOnlyList<string> For(BankStatementData statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>(statement.Transactions.Count);
        var account = statement.Account.Iban ?? statement.Account.Number ?? "";
        foreach (var t in statement.Transactions)
        {
            var text = string.Join('|', account, t.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                t.ValueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.Amount.ToString(CultureInfo.InvariantCulture), t.Currency,
                t.BankReference, t.EndToEndId, t.CounterpartyIban, t.CounterpartyName, t.RemittanceInformation);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
            var rank = seen.TryGetValue(hash, out var n) ? n + 1 : 1;
            seen[hash] = rank;
            keys.Add(hash + "-" + rank.ToString(CultureInfo.InvariantCulture));
        }

        return keys;
    }
}
