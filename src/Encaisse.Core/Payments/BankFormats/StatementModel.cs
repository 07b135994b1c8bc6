namespace Encaisse.Payments.BankFormats;

/// <summary>The bank statement formats Encaisse reads.</summary>
public enum BankStatementFormat
{
    Camt053 = 0,
    Cfonb120 = 1,
    Mt940 = 2,
    Ofx = 3,
}

/// <summary>The account a statement is about. Any part may be missing depending on the format.</summary>
public sealed record StatementAccount(string? Iban, string? Number, string? Bic);

/// <summary>
/// One movement of a statement as the bank reported it. <see cref="Amount"/> is signed: credits (money in)
/// positive, debits negative. Amounts stay <c>decimal</c> as written in the file (some banks send more
/// decimals than the currency has); conversion to minor units happens when the transaction is stored.
/// </summary>
public sealed record StatementTransaction
{
    public required DateOnly BookingDate { get; init; }
    public DateOnly? ValueDate { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public string? CounterpartyName { get; init; }
    public string? CounterpartyIban { get; init; }
    /// <summary>Free and structured remittance text, joined with spaces.</summary>
    public string? RemittanceInformation { get; init; }
    public string? EndToEndId { get; init; }
    /// <summary>The bank's own reference of the movement (AcctSvcrRef, FITID, :61: bank reference, CFONB reference).</summary>
    public string? BankReference { get; init; }
    /// <summary>Set when the bank flags the movement as a return/reversal (R-transaction), e.g. the ISO return code AM04, MD06.</summary>
    public string? ReturnReason { get; init; }
    /// <summary>Mandate reference of a direct debit, when the bank reports it.</summary>
    public string? MandateReference { get; init; }
}

/// <summary>One statement: an account, its balances and its movements.</summary>
public sealed record BankStatementData
{
    public required StatementAccount Account { get; init; }
    public required string Currency { get; init; }
    /// <summary>The bank's identifier of the statement (:20:/:28C:, camt Stmt/Id...), when given.</summary>
    public string? StatementId { get; init; }
    public decimal? OpeningBalance { get; init; }
    public DateOnly? OpeningDate { get; init; }
    public decimal? ClosingBalance { get; init; }
    public DateOnly? ClosingDate { get; init; }
    public required IReadOnlyList<StatementTransaction> Transactions { get; init; }
}

/// <summary>A parsed file: its format and its statements, balances checked.</summary>
public sealed record BankStatementFile(BankStatementFormat Format, IReadOnlyList<BankStatementData> Statements)
{
    public int TransactionCount => Statements.Sum(s => s.Transactions.Count);
}

/// <summary>The file cannot be read as a bank statement; the message names the line or element and the reason.</summary>
public sealed class StatementFormatException(string message) : Exception(message);
