using Encaisse.Ledger;
using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments.Matching;

/// <summary>Matches the credits of a parsed statement file against a list of open invoices (no database).</summary>
public static class StatementMatching
{
    /// <summary>
    /// Runs the engine on every transaction of <paramref name="file"/>; <see cref="MatchProposal.Transaction"/> is the
    /// transaction's 0-based position in the file (statements in order). Credits in a currency Encaisse does not know are
    /// left unmatched.
    /// </summary>
    public static MatchRun Run(BankStatementFile file, IReadOnlyList<OpenInvoice> openInvoices, IEnumerable<KnownPayer>? knownPayers = null, MatchSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var engine = new MatchingEngine(openInvoices, knownPayers, settings);
        var inputs = new List<MatchInput>();
        var unknownCurrency = new List<int>();
        var index = 0;
        foreach (var transaction in file.Statements.SelectMany(s => s.Transactions))
        {
            if (!Currencies.IsKnown(transaction.Currency))
            {
                if (transaction.Amount > 0)
                {
                    unknownCurrency.Add(index);
                }
            }
            else
            {
                inputs.Add(new MatchInput(index, transaction.BookingDate, Currencies.ToMinor(transaction.Amount, transaction.Currency), transaction.Currency,
                    transaction.CounterpartyName, transaction.CounterpartyIban, transaction.RemittanceInformation, transaction.EndToEndId));
            }

            index++;
        }

        var run = engine.Match(inputs);
        return unknownCurrency.Count == 0 ? run : run with { Unmatched = [.. run.Unmatched.Concat(unknownCurrency).Order()] };
    }
}
