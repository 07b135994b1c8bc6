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
    /// <summary>
    /// The parts of a batched entry (a camt <c>Ntry</c> with several <c>TxDtls</c>): the entry stays one movement, as the
    /// bank counts it, and its details keep each part's amount, references and counterparty for matching. Empty for a
    /// movement that is not a batch.
    /// </summary>
    public IReadOnlyList<StatementTransactionDetail> Details { get; init; } = [];
}

/// <summary>One part of a batched movement (camt <c>TxDtls</c>). <see cref="Amount"/> is signed like the entry, when the bank gives it.</summary>
public sealed record StatementTransactionDetail
{
    public decimal? Amount { get; init; }
    public string? CounterpartyName { get; init; }
    public string? CounterpartyIban { get; init; }
    public string? RemittanceInformation { get; init; }
    public string? EndToEndId { get; init; }
    public string? BankReference { get; init; }
    public string? ReturnReason { get; init; }
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
    /// <summary>
    /// Closing balance − (opening balance + movements) when the statement gives both balances and they do not add up
    /// (the bank's file is what it is: it is read and flagged, ADR 0502); null when they agree or cannot be compared.
    /// </summary>
    public decimal? BalanceDifference { get; init; }
    /// <summary>The balances do not add up: the statement is read, but its credits are not applied automatically.</summary>
    public bool IsFlagged => BalanceDifference is not null;
}

/// <summary>A parsed file: its format and its statements (flagged when their balances do not add up).</summary>
public sealed record BankStatementFile(BankStatementFormat Format, IReadOnlyList<BankStatementData> Statements)
{
    public int TransactionCount => Statements.Sum(s => s.Transactions.Count);

    public int FlaggedCount => Statements.Count(s => s.IsFlagged);
}

/// <summary>The file cannot be read as a bank statement; the message names the line or element and the reason.</summary>
public sealed class StatementFormatException(string message) : Exception(message);
