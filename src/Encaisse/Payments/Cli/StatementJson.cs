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

    /// <summary>One part of a batched entry, as stored in <see cref="BankTransaction.Details"/> too.</summary>
    public static object Detail(StatementTransactionDetail d) => new
    {
        amount = d.Amount,
        counterpartyName = d.CounterpartyName,
        counterpartyIban = d.CounterpartyIban,
        remittanceInformation = d.RemittanceInformation,
        endToEndId = d.EndToEndId,
        bankReference = d.BankReference,
        mandateReference = d.MandateReference,
        returnReason = d.ReturnReason,
    };

    public static string FormatName(BankStatementFormat format) => format switch
    {
        BankStatementFormat.Camt053 => "camt053",
        BankStatementFormat.Cfonb120 => "cfonb120",
        BankStatementFormat.Mt940 => "mt940",
        BankStatementFormat.Ofx => "ofx",
        _ => format.ToString(),
    };
}
