using System.Globalization;
using System.Text;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// CFONB 120 ("relevé de compte 120 caractères"): records 01 (old balance), 04 (movement), 05 (complement of the
/// previous 04: LIB label, NPY/NBE payer/beneficiary name, REF/RCN references, IBE/IPY IBANs...), 07 (new balance).
/// Reads line by line; amounts are 14 digits whose last character carries the sign (overpunch: '{', A-I
/// positive; '}', J-R negative) with the number of decimals in column 20.
/// </summary>
public static class Cfonb120Parser
{
    /// <summary>
    /// Reads every statement; each must be closed by its record 07 (a file cut inside a statement is refused). Balances
    /// that do not add up flag the statement, or refuse it when <paramref name="strict"/>.
    /// </summary>
    public static IEnumerable<BankStatementData> Parse(TextReader reader, bool strict = false)
    {
        StatementBuilder? current = null;
        TransactionBuilder? pending = null;
        var lineNumber = 0;
        foreach (var (number, raw) in Records(new LineSource(reader, "CFONB 120")))
        {
            lineNumber = number;
            var line = raw.TrimEnd('\r', '\n', '\x1a');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Length < 104)
            {
                throw Error(lineNumber, $"record is {line.Length} characters long; a CFONB 120 record has 120.");
            }

            var code = line[..2];
            switch (code)
            {
                case "01":
                    if (current is not null)
                    {
                        throw Error(lineNumber, "new statement (record 01) before the previous one was closed by a record 07.");
                    }

                    current = new StatementBuilder(line, lineNumber);
                    current.Opening = Amount(line, lineNumber, current.Decimals);
                    current.OpeningDate = Date(line, 34, lineNumber, "balance date");
                    break;
                case "04":
                    if (current is null)
                    {
                        throw Error(lineNumber, "movement (record 04) outside a statement: no record 01 before it.");
                    }

                    if (pending is not null)
                    {
                        current.Transactions.Add(pending.Build());
                    }

                    pending = new TransactionBuilder
                    {
                        BookingDate = Date(line, 34, lineNumber, "booking date"),
                        ValueDate = Date(line, 42, lineNumber, "value date"),
                        Amount = Amount(line, lineNumber, current.Decimals),
                        Currency = current.Currency,
                        Label = line.Substring(48, 31).Trim(),
                        Reference = line.Length >= 120 ? line.Substring(104, 16).Trim() : line[104..].Trim(),
                    };
                    break;
                case "05":
                    if (pending is null)
                    {
                        throw Error(lineNumber, "complementary record 05 without a movement (record 04) before it.");
                    }

                    pending.AddComplement(line.Length > 48 ? line.Substring(45, 3) : "", line.Length > 48 ? line[48..].TrimEnd() : "");
                    break;
                case "07":
                    if (current is null)
                    {
                        throw Error(lineNumber, "end of statement (record 07) without a record 01 before it.");
                    }

                    if (pending is not null)
                    {
                        current.Transactions.Add(pending.Build());
                        pending = null;
                    }

                    if (line.Substring(16, 16) != current.AccountKey)
                    {
                        throw Error(lineNumber, $"end of statement (record 07) for account {line.Substring(21, 11).Trim()} closes the statement of account {current.AccountNumber} opened on line {current.Line}.");
                    }

                    current.Closing = Amount(line, lineNumber, current.Decimals);
                    current.ClosingDate = Date(line, 34, lineNumber, "balance date");
                    yield return current.Build(lineNumber, strict);
                    current = null;
                    break;
                default:
                    throw Error(lineNumber, $"unknown record code '{code}' (expected 01, 04, 05 or 07).");
            }
        }

        if (current is not null)
        {
            throw Error(lineNumber, $"end of file inside the statement opened on line {current.Line}: no closing record 07.");
        }

        if (pending is not null)
        {
            throw Error(lineNumber, "end of file: movement records without an opening record 01.");
        }
    }

    private static StatementFormatException Error(int line, string message) => new($"CFONB 120 line {line}: {message}");

    /// <summary>
    /// The records of the file with their numbers. Some banks write the 120-character records one after the other with no
    /// line break: such a line is cut into its records, numbered as if each were a line.
    /// </summary>
    private static IEnumerable<(int Number, string Text)> Records(LineSource source)
    {
        var number = 0;
        while (source.ReadLine() is { } raw)
        {
            var line = raw.TrimEnd('\r', '\x1a');
            if (line.Length > 128 && line.Length % 120 == 0)
            {
                for (var start = 0; start < line.Length; start += 120)
                {
                    yield return (++number, line.Substring(start, 120));
                }

                continue;
            }

            yield return (++number, raw);
        }
    }

    private static DateOnly Date(string line, int start, int lineNumber, string what)
    {
        var text = line.Substring(start, 6);
        return DateOnly.TryParseExact(text, "ddMMyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(lineNumber, $"{what} '{text}' in columns {start + 1}-{start + 6} is not a date DDMMYY.");
    }

    private static decimal Amount(string line, int lineNumber, int decimals)
    {
        var field = line.Substring(90, 14);
        var digits = field[..13].Replace(' ', '0');
        var last = field[13];
        int lastDigit;
        bool negative;
        switch (last)
        {
            case '{': lastDigit = 0; negative = false; break;
            case '}': lastDigit = 0; negative = true; break;
            case >= 'A' and <= 'I': lastDigit = last - 'A' + 1; negative = false; break;
            case >= 'J' and <= 'R': lastDigit = last - 'J' + 1; negative = true; break;
            case >= '0' and <= '9': lastDigit = last - '0'; negative = false; break;
            default: throw Error(lineNumber, $"amount '{field}' in columns 91-104 ends with '{last}', not a sign character.");
        }

        if (!digits.All(char.IsAsciiDigit))
        {
            throw Error(lineNumber, $"amount '{field}' in columns 91-104 is not numeric.");
        }

        var units = decimal.Parse(digits, CultureInfo.InvariantCulture) * 10 + lastDigit;
        var value = units / Pow10(decimals);
        return negative ? -value : value;
    }

    private static decimal Pow10(int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }

        return result;
    }

    private sealed class StatementBuilder
    {
        public StatementBuilder(string line, int lineNumber)
        {
            Line = lineNumber;
            AccountKey = line.Substring(16, 16);
            BankCode = line.Substring(2, 5);
            Branch = line.Substring(11, 5);
            Currency = line.Substring(16, 3).Trim() is { Length: 3 } ccy ? ccy : "EUR";
            Decimals = char.IsAsciiDigit(line[19]) ? line[19] - '0' : 2;
            AccountNumber = line.Substring(21, 11).Trim();
        }

        public int Line { get; }
        public string AccountKey { get; }
        public string BankCode { get; }
        public string Branch { get; }
        public string Currency { get; }
        public int Decimals { get; }
        public string AccountNumber { get; }
        public decimal Opening { get; set; }
        public DateOnly OpeningDate { get; set; }
        public decimal Closing { get; set; }
        public DateOnly ClosingDate { get; set; }
        public List<StatementTransaction> Transactions { get; } = [];

        public BankStatementData Build(int closingLine, bool strict)
        {
            var difference = StatementBalance.Difference(strict, Opening, Closing, Transactions.Sum(t => t.Amount), $"CFONB 120 statement of lines {Line}-{closingLine}");
            return new BankStatementData
            {
                Account = new StatementAccount(null, $"{BankCode} {Branch} {AccountNumber}", null),
                Currency = Currency,
                OpeningBalance = Opening,
                OpeningDate = OpeningDate,
                ClosingBalance = Closing,
                ClosingDate = ClosingDate,
                Transactions = Transactions,
                BalanceDifference = difference,
            };
        }
    }

    private sealed class TransactionBuilder
    {
        private readonly StringBuilder remittance = new();
        public DateOnly BookingDate { get; init; }
        public DateOnly ValueDate { get; init; }
        public decimal Amount { get; init; }
        public required string Currency { get; init; }
        public required string Label { get; init; }
        public required string Reference { get; init; }
        private string? counterparty;
        private string? iban;
        private string? endToEnd;

        public void AddComplement(string qualifier, string text)
        {
            var value = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            switch (qualifier)
            {
                case "NPY" or "NBE" when counterparty is null: counterparty = value; break;
                case "IPY" or "IBE" when iban is null: iban = value.Replace(" ", "", StringComparison.Ordinal); break;
                case "RCN" or "REF" when endToEnd is null && qualifier == "RCN": endToEnd = value.Split("  ", 2)[0].Trim(); Append(value); break;
                default: Append(value); break;
            }
        }

        private void Append(string value)
        {
            if (value.Length == 0)
            {
                return;
            }

            if (remittance.Length > 0)
            {
                remittance.Append(' ');
            }

            remittance.Append(value);
        }

        public StatementTransaction Build() => new()
        {
            BookingDate = BookingDate,
            ValueDate = ValueDate,
            Amount = Amount,
            Currency = Currency,
            CounterpartyName = counterparty,
            CounterpartyIban = iban,
            RemittanceInformation = remittance.Length > 0 ? Label + " " + remittance : Label,
            EndToEndId = endToEnd,
            BankReference = Reference.Length > 0 ? Reference : null,
        };
    }
}
