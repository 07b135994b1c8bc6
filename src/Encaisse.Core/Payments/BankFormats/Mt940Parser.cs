using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Encaisse.Ledger;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// SWIFT MT940 customer statements, bare or inside SWIFT blocks ({1:}{2:}{4: ... -}). Fields may wrap over several
/// lines. The :86: information field is read in its bank variants: German "?NN" sub-fields (with SEPA keywords
/// EREF+, MREF+, SVWZ+), Dutch "/KEY/value" fields (EREF, CNTP, REMI, RTRN), and free text.
/// </summary>
public static partial class Mt940Parser
{
    /// <summary>
    /// Reads every statement. A statement must end with its closing balance (:62F: or :62M:): a file cut inside a
    /// statement is refused, never read as a shorter statement. Balances that do not add up flag the statement, or
    /// refuse it when <paramref name="strict"/>.
    /// </summary>
    public static IEnumerable<BankStatementData> Parse(TextReader reader, bool strict = false)
    {
        var source = new LineSource(reader, "MT940");
        Statement? statement = null;
        foreach (var field in Fields(source))
        {
            switch (field.Tag)
            {
                case "20":
                    if (statement is not null)
                    {
                        yield return statement.Build(strict, endOfFileInClosing: false);
                    }

                    statement = new Statement(field.Line, field.Value.Trim());
                    break;
                case "NEXT":
                    if (statement is not null)
                    {
                        yield return statement.Build(strict, endOfFileInClosing: false);
                        statement = null;
                    }

                    break;
                default:
                    if (statement is null)
                    {
                        throw Error(field.Line, $"field :{field.Tag}: outside a statement (no :20: field before it).");
                    }

                    statement.Add(field);
                    break;
            }
        }

        if (statement is not null)
        {
            // The file ends with this statement: when its last line (the closing balance) has no line break, the
            // file may have been cut inside the amount.
            yield return statement.Build(strict, endOfFileInClosing: !source.LastLineTerminated);
        }
    }

    private static StatementFormatException Error(int line, string message) => new($"MT940 line {line}: {message}");

    private sealed record Field(string Tag, string Value, int Line);

    private static readonly HashSet<string> KnownTags = new(StringComparer.Ordinal)
    {
        "20", "21", "25", "25P", "28", "28C", "60F", "60M", "61", "86", "62F", "62M", "64", "65", "13", "13D", "34F", "90D", "90C", "NS",
    };

    /// <summary>Splits the text into fields; "NEXT" marks the end of a SWIFT message ("-" line or "-}").</summary>
    private static IEnumerable<Field> Fields(LineSource reader)
    {
        string? tag = null;
        var value = new StringBuilder();
        var start = 0;
        var swiftBlocks = false;
        var pendingDash = false;
        while (reader.ReadLine() is { } raw)
        {
            var lineNumber = reader.LineNumber;
            var cleaned = ControlCharacters().Replace(raw, "");
            if (cleaned.Contains("{4:", StringComparison.Ordinal))
            {
                swiftBlocks = true;
            }

            var line = BlockHeader().Replace(cleaned, "");
            var trimmed = line.Trim();
            if (pendingDash)
            {
                // A lone "-" ends a bare message only when what follows is not the continuation of a wrapped field.
                pendingDash = false;
                // A field other than :20: cannot start a new message, so the dash belonged to the text (Rabobank wraps "--").
                if (tag == "86" && trimmed.Length > 0 && !line.StartsWith('{') && !(TagLine().IsMatch(line) && line.StartsWith(":20:", StringComparison.Ordinal)))
                {
                    value.Append("\n-");
                }
                else
                {
                    if (tag is not null)
                    {
                        yield return new Field(tag, value.ToString(), start);
                        tag = null;
                    }

                    yield return new Field("NEXT", "", lineNumber - 1);
                }
            }

            if (trimmed == "-" && !swiftBlocks)
            {
                pendingDash = true;
                continue;
            }

            var endOfMessage = trimmed.StartsWith("-}", StringComparison.Ordinal);
            if (endOfMessage || (line.StartsWith('{') && tag is null))
            {
                if (tag is not null)
                {
                    yield return new Field(tag, value.ToString(), start);
                    tag = null;
                }

                yield return new Field("NEXT", "", lineNumber);
                continue;
            }

            var match = TagLine().Match(line);
            if (match.Success && KnownTags.Contains(match.Groups[1].Value))
            {
                if (tag is not null)
                {
                    yield return new Field(tag, value.ToString(), start);
                }

                tag = match.Groups[1].Value;
                start = lineNumber;
                value.Clear().Append(line.AsSpan(match.Length));
            }
            else if (tag is not null)
            {
                value.Append('\n').Append(line);
            }

            // Text before the first field (bank name, "940", ":940:" preambles) carries nothing: skip it.
        }

        if (tag is not null)
        {
            yield return new Field(tag, value.ToString(), start);
        }
    }

    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F]")]
    private static partial Regex ControlCharacters();

    [GeneratedRegex(@"^(?:\{\d:(?:[^{}]|\{[^{}]*\})*\})*(?:\{4:)?")]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"^:([0-9]{2}[A-Z]?|NS):")]
    private static partial Regex TagLine();

    // The transaction type (N/S/F + 3 characters) is left out by some banks: then NONREF, "//", a line end or a
    // character other than N, S, F follows the amount directly.
    [GeneratedRegex(@"^(?<vdate>\d{6})(?<edate>\d{4})?(?<mark>RC|RD|C|D)(?<fund>[A-Z])?(?<amount>\d+(?:[,.]\d*)?)\s?(?:(?=NONREF)|(?<type>[NSF][A-Z0-9 ]{3})|(?![NSF]))(?<ref>[^\n]*?)(?://(?<bankref>[^\n]*))?(?:\n(?<extra>[\s\S]*))?$")]
    private static partial Regex StatementLine();

    [GeneratedRegex(@"^(?<mark>[CD])(?<date>\d{6})(?<ccy>[A-Z]{3})?(?<amount>\d+(?:[,.]\d*)?)\s*$")]
    private static partial Regex BalanceLine();

    /// <summary>Amounts are written with a decimal comma; some banks (Rabobank) write a point.</summary>
    /// <remarks>An amount too large for a decimal (a hostile or corrupted file, found by fuzzing) is refused like any unreadable field.</remarks>
    internal static decimal ParseAmount(string text) =>
        decimal.TryParse(text.Replace(',', '.').TrimEnd('.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new StatementFormatException($"MT940: amount '{(text.Length > 40 ? text[..40] + "…" : text)}' is not a readable amount.");

    private static DateOnly ParseDate(string yymmdd, int line, string what) =>
        DateOnly.TryParseExact(yymmdd, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Error(line, $"{what} '{yymmdd}' is not a valid date YYMMDD.");

    private sealed class Statement(int line, string reference)
    {
        private readonly List<StatementTransaction> transactions = [];
        private StatementTransaction? pending;
        private StatementAccount account = new(null, null, null);
        private string? currency;
        private decimal? opening;
        private DateOnly? openingDate;
        private decimal? closing;
        private DateOnly? closingDate;
        private string? number;
        private bool lastFieldIsClosing;
        private string? closingTag;
        private bool closingHasAllDecimals;
        private int lastLine;

        public void Add(Field field)
        {
            lastLine = field.Line;
            lastFieldIsClosing = field.Tag is "62F" or "62M";
            switch (field.Tag)
            {
                case "25" or "25P":
                    account = Account(field.Value.Split('\n')[0].Trim());
                    break;
                case "28" or "28C":
                    number = field.Value.Trim();
                    break;
                case "60F" or "60M":
                    (opening, openingDate, currency) = Balance(field);
                    break;
                case "62F" or "62M":
                    Flush();
                    (closing, closingDate, var closingCurrency) = Balance(field);
                    currency ??= closingCurrency;
                    closingTag = field.Tag;
                    closingHasAllDecimals = HasAllDecimals(field.Value, currency);
                    break;
                case "61":
                    Flush();
                    pending = Movement(field);
                    break;
                case "86":
                    if (pending is not null)
                    {
                        pending = Mt940Details.Apply(pending, field.Value);
                        Flush();
                    }

                    break;
                default:
                    break;
            }
        }

        /// <summary>The balance amount ends with as many decimals as the currency has (a cut amount lost its last digits).</summary>
        private static bool HasAllDecimals(string value, string? ccy)
        {
            var text = value.Trim();
            var comma = text.LastIndexOfAny([',', '.']);
            var digits = ccy is not null && Currencies.IsKnown(ccy) ? Currencies.MinorDigits(ccy) : 2;
            return comma >= 0 && text.Length - comma - 1 == digits && digits > 0;
        }

        private void Flush()
        {
            if (pending is not null)
            {
                transactions.Add(pending);
                pending = null;
            }
        }

        private StatementAccount Account(string text)
        {
            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            if (compact.Length > 18 && Iban.IsValid(compact[..^3]) && char.IsAsciiLetterUpper(compact[^1]))
            {
                currency ??= compact[^3..];
                return new StatementAccount(compact[..^3], text, null);
            }

            return Iban.IsValid(compact) ? new StatementAccount(compact, text, null) : new StatementAccount(null, text, null);
        }

        private (decimal, DateOnly, string) Balance(Field field)
        {
            var match = BalanceLine().Match(field.Value.Trim());
            if (!match.Success)
            {
                throw Error(field.Line, $"balance :{field.Tag}:{field.Value.Trim()} is not in the form C|D YYMMDD CCY amount.");
            }

            var amount = ParseAmount(match.Groups["amount"].Value);
            var ccy = match.Groups["ccy"].Success ? match.Groups["ccy"].Value : currency
                ?? throw Error(field.Line, $"balance :{field.Tag}: gives no currency.");
            return (match.Groups["mark"].Value == "D" ? -amount : amount, ParseDate(match.Groups["date"].Value, field.Line, $":{field.Tag}: date"), ccy);
        }

        private StatementTransaction Movement(Field field)
        {
            var match = StatementLine().Match(field.Value);
            if (!match.Success)
            {
                throw Error(field.Line, $":61: statement line '{field.Value.Split('\n')[0]}' is not in the form YYMMDD[MMDD]C|D amount Nxxx reference.");
            }

            if (currency is null)
            {
                throw Error(field.Line, ":61: movement before the opening balance :60F: that gives the currency.");
            }

            var valueDate = ParseDate(match.Groups["vdate"].Value, field.Line, ":61: value date");
            var booking = valueDate;
            if (match.Groups["edate"].Success)
            {
                var mmdd = match.Groups["edate"].Value;
                var candidates = new[] { valueDate.Year, valueDate.Year - 1, valueDate.Year + 1 }
                    .Select(y => DateOnly.TryParseExact(y.ToString("0000", CultureInfo.InvariantCulture) + mmdd, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null)
                    .Where(d => d is not null)
                    .Select(d => d!.Value)
                    .ToList();
                if (candidates.Count == 0)
                {
                    throw Error(field.Line, $":61: entry date '{mmdd}' is not a valid date MMDD.");
                }

                booking = candidates.MinBy(d => Math.Abs(d.DayNumber - valueDate.DayNumber));
            }

            var mark = match.Groups["mark"].Value;
            var amount = ParseAmount(match.Groups["amount"].Value);
            var signed = mark is "C" or "RD" ? amount : -amount;
            var customerRef = match.Groups["ref"].Value.Trim();
            var bankRef = match.Groups["bankref"].Success ? match.Groups["bankref"].Value.Trim() : null;
            return new StatementTransaction
            {
                BookingDate = booking,
                ValueDate = valueDate,
                Amount = signed,
                Currency = currency,
                BankReference = string.IsNullOrEmpty(bankRef) ? (customerRef is "" or "NONREF" ? null : customerRef) : bankRef,
                ReturnReason = mark.StartsWith('R') ? "reversal" : null,
            };
        }

        public BankStatementData Build(bool strict, bool endOfFileInClosing)
        {
            Flush();
            var where = $"MT940 statement ':20:{reference}' (line {line})";
            if (closing is null)
            {
                throw Error(Math.Max(lastLine, line), $"statement ':20:{reference}' opened on line {line} ends without its closing balance :62F: or :62M: (file cut or incomplete).");
            }

            if (currency is null)
            {
                throw Error(line, $"statement ':20:{reference}' gives no currency in its balances.");
            }

            var movements = transactions.Sum(t => t.Amount);
            if (endOfFileInClosing && lastFieldIsClosing && opening is not null && opening.Value + movements != closing.Value && !closingHasAllDecimals)
            {
                throw Error(lastLine, $"the file ends inside the closing balance :{closingTag}: of statement ':20:{reference}' (no line break after it, and the balances do not add up): the file looks cut.");
            }

            var difference = StatementBalance.Difference(strict, opening, closing, movements, where);
            return new BankStatementData
            {
                Account = account,
                Currency = currency,
                StatementId = number is null ? reference : reference + "/" + number,
                OpeningBalance = opening,
                OpeningDate = openingDate,
                ClosingBalance = closing,
                ClosingDate = closingDate,
                Transactions = transactions,
                BalanceDifference = difference,
            };
        }
    }
}
