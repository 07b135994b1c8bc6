using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments.Cli;

/// <summary>
/// The JSON shape of <c>encaisse bank parse --json</c> (issue 5): dates yyyy-mm-dd, amounts as numbers, credits positive.
/// A statement says whether it is flagged and by how much its balances differ; a batched entry lists its details.
/// </summary>
internal static class StatementJson
{
    public static object Of(BankStatementFile file) => new
    {
        format = FormatName(file.Format),
        statements = file.Statements.Select(s => new
        {
            account = new { iban = s.Account.Iban, number = s.Account.Number, bic = s.Account.Bic },
            currency = s.Currency,
            openingBalance = s.OpeningBalance,
            openingDate = s.OpeningDate,
            closingBalance = s.ClosingBalance,
            closingDate = s.ClosingDate,
            flagged = s.IsFlagged,
            balanceDifference = s.BalanceDifference,
            transactions = s.Transactions.Select(t => new
            {
                bookingDate = t.BookingDate,
                valueDate = t.ValueDate,
                amount = t.Amount,
                currency = t.Currency,
                counterpartyName = t.CounterpartyName,
                counterpartyIban = t.CounterpartyIban,
                remittanceInformation = t.RemittanceInformation,
                endToEndId = t.EndToEndId,
                bankReference = t.BankReference,
                returnReason = t.ReturnReason,
                mandateReference = t.MandateReference,
                details = t.Details.Select(Detail),
            }),
        }),
    };

    public static object Detail(StatementTransactionDetail d) => StatementShapes.Detail(d);

    public static string FormatName(BankStatementFormat format) => StatementShapes.FormatName(format);
}
