using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments.Cli;

/// <summary>The JSON shape of <c>encaisse bank parse --json</c> (issue 5): dates yyyy-mm-dd, amounts as numbers, credits positive.</summary>
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
            }),
        }),
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
