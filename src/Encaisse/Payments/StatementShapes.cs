using Encaisse.Payments.BankFormats;

namespace Encaisse.Payments;

/// <summary>Names and JSON shapes of statement data shared by the import (stored) and the CLI/API (printed).</summary>
public static class StatementShapes
{
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
