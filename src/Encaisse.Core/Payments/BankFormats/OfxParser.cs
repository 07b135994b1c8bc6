using System.Globalization;
using System.Net;
using System.Text;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// OFX 1.x (SGML: leaf elements have no end tag) and 2.x (XML). One tolerant tokenizer reads both: a leaf is an
/// element whose text is followed by another tag. Bank (STMTRS) and card (CCSTMTRS) statements are read;
/// LEDGERBAL is the closing balance (OFX gives no opening balance, so there is nothing to check it against).
/// A statement must be closed (its end tag, or the end tag of an enclosing aggregate): a file cut inside the
/// transaction list is refused, never read as a shorter statement. Nesting is bounded while reading.
/// </summary>
public static class OfxParser
{
    public static IEnumerable<BankStatementData> Parse(TextReader reader)
    {
        var root = OfxTree.Read(reader);
        var statements = root.Descendants().Where(n => n.Name is "STMTRS" or "CCSTMTRS").ToList();
        if (statements.Count == 0)
        {
            var error = root.Descendants().FirstOrDefault(n => n.Name == "STATUS" && n.Child("CODE")?.Text is { } code && code != "0");
            if (error is not null)
            {
                throw new StatementFormatException($"OFX line {error.Line}: the file is an error response (STATUS CODE {error.Child("CODE")!.Text}: {error.Child("MESSAGE")?.Text ?? "no message"}), not a statement.");
            }

            var investment = root.Descendants().FirstOrDefault(n => n.Name == "INVSTMTRS");
            throw new StatementFormatException(investment is not null
                ? $"OFX line {investment.Line}: investment statement (INVSTMTRS); only bank (STMTRS) and card (CCSTMTRS) statements are supported."
                : "OFX: no bank (STMTRS) or card (CCSTMTRS) statement in the file.");
        }

        var open = statements.FirstOrDefault(n => !n.Closed);
        if (open is not null)
        {
            throw new StatementFormatException($"OFX line {open.Line}: the file ends inside the statement <{open.Name}> opened on this line (no </{open.Name}>): the file is cut or incomplete.");
        }

        foreach (var stmt in statements)
        {
            yield return Statement(stmt);
        }
    }

    private static BankStatementData Statement(OfxNode stmt)
    {
        var where = $"OFX <{stmt.Name}> (line {stmt.Line})";
        var currency = stmt.Child("CURDEF")?.Text
            ?? stmt.Descendants().FirstOrDefault(n => n.Name == "CURSYM")?.Text
            ?? throw new StatementFormatException($"{where}: missing <CURDEF> (statement currency).");
        var account = stmt.Child("BANKACCTFROM") ?? stmt.Child("CCACCTFROM") ?? throw new StatementFormatException($"{where}: missing <BANKACCTFROM>/<CCACCTFROM>.");
        var acctId = account.Child("ACCTID")?.Text ?? throw new StatementFormatException($"OFX line {account.Line}: <{account.Name}> without <ACCTID>.");
        var bankId = account.Child("BANKID")?.Text;
        var branch = account.Child("BRANCHID")?.Text;
        var number = string.Join(' ', new[] { bankId, branch, acctId }.Where(s => !string.IsNullOrEmpty(s)));
        var iban = Iban.IsValid(acctId) ? Iban.Normalize(acctId) : null;

        var list = stmt.Child("BANKTRANLIST");
        var transactions = new List<StatementTransaction>();
        // Descendants, not children: some banks never close BANKTRANLIST.
        foreach (var trn in stmt.Descendants().Where(n => n.Name == "STMTTRN"))
        {
            var trnWhere = $"OFX <STMTTRN> (line {trn.Line})";
            var posted = Date(trn.Child("DTPOSTED"), trnWhere, "DTPOSTED") ?? throw new StatementFormatException($"{trnWhere}: missing <DTPOSTED> (booking date).");
            var amountNode = trn.Child("TRNAMT") ?? throw new StatementFormatException($"{trnWhere}: missing <TRNAMT>.");
            var amount = Amount(amountNode);
            var payee = trn.Child("PAYEE")?.Child("NAME")?.Text ?? trn.Child("NAME")?.Text;
            var memo = trn.Child("MEMO")?.Text;
            var to = trn.Child("BANKACCTTO") ?? trn.Child("CCACCTTO");
            var toId = to?.Child("ACCTID")?.Text;
            transactions.Add(new StatementTransaction
            {
                BookingDate = posted,
                ValueDate = Date(trn.Child("DTAVAIL"), trnWhere, "DTAVAIL") ?? Date(trn.Child("DTUSER"), trnWhere, "DTUSER"),
                Amount = amount,
                Currency = trn.Child("CURRENCY")?.Child("CURSYM")?.Text ?? currency,
                CounterpartyName = payee,
                CounterpartyIban = toId is not null && Iban.IsValid(toId) ? Iban.Normalize(toId) : null,
                RemittanceInformation = memo ?? trn.Child("NAME")?.Text,
                EndToEndId = trn.Child("REFNUM")?.Text ?? trn.Child("CHECKNUM")?.Text,
                BankReference = trn.Child("FITID")?.Text,
            });
        }

        var ledger = stmt.Descendants().FirstOrDefault(n => n.Name == "LEDGERBAL");
        decimal? closing = null;
        DateOnly? closingDate = null;
        if (ledger is not null && (ledger.Child("BALAMT")?.Text is not null || ledger.Child("DTASOF")?.Text is not null))
        {
            var balance = ledger.Child("BALAMT");
            if (balance?.Text is null)
            {
                throw new StatementFormatException($"OFX line {ledger.Line}: <LEDGERBAL> has an empty or missing <BALAMT>.");
            }

            closing = Amount(balance);
            closingDate = Date(ledger.Child("DTASOF"), $"OFX <LEDGERBAL> (line {ledger.Line})", "DTASOF");
        }

        return new BankStatementData
        {
            Account = new StatementAccount(iban, number, null),
            Currency = currency,
            OpeningDate = Date(list?.Child("DTSTART"), where, "DTSTART"),
            ClosingBalance = closing,
            ClosingDate = closingDate ?? Date(list?.Child("DTEND"), where, "DTEND"),
            Transactions = transactions,
        };
    }

    private static decimal Amount(OfxNode node)
    {
        var text = node.Text?.Trim();
        // Some banks write a decimal comma; a point is the OFX rule.
        var normalized = text?.Replace(',', '.');
        return normalized is not null && decimal.TryParse(normalized, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new StatementFormatException($"OFX line {node.Line}: <{node.Name}> '{text}' is not an amount.");
    }

    private static DateOnly? Date(OfxNode? node, string where, string name)
    {
        var text = node?.Text;
        if (text is null || text.TrimEnd('0').Length == 0 || text.StartsWith("00000000", StringComparison.Ordinal))
        {
            // Some banks write 00000000 for "no date" (e.g. <DTASOF> of a balance).
            return null;
        }

        return text.Length >= 8 && DateOnly.TryParseExact(text[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new StatementFormatException($"{where}: <{name}> '{text}' (line {node!.Line}) is not a date YYYYMMDD.");
    }
}

/// <summary>An OFX element: a leaf with text or an aggregate with children.</summary>
internal sealed class OfxNode(string name, int line)
{
    public string Name { get; } = name;
    public int Line { get; } = line;
    public string? Text { get; set; }
    public List<OfxNode> Nodes { get; } = [];
    /// <summary>Its end tag, or the end tag of an enclosing aggregate, was read: the element is complete.</summary>
    public bool Closed { get; set; }

    public OfxNode? Child(string childName) => Nodes.FirstOrDefault(n => n.Name == childName);

    public IEnumerable<OfxNode> Children(string childName) => Nodes.Where(n => n.Name == childName);

    /// <summary>Every element below this one, in document order (iterative: linear whatever the depth).</summary>
    public IEnumerable<OfxNode> Descendants()
    {
        var stack = new Stack<(OfxNode Node, int Next)>();
        stack.Push((this, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next >= node.Nodes.Count)
            {
                continue;
            }

            stack.Push((node, next + 1));
            var child = node.Nodes[next];
            yield return child;
            stack.Push((child, 0));
        }
    }
}

/// <summary>Builds the OFX element tree from SGML or XML text, skipping the header.</summary>
internal static class OfxTree
{
    public static OfxNode Read(TextReader reader)
    {
        var root = new OfxNode("#root", 0);
        var stack = new Stack<OfxNode>();
        stack.Push(root);
        var line = 1;
        var text = new StringBuilder();
        var inBody = false;
        var input = new CountingReader(reader);
        int c;
        while ((c = input.Read()) != -1)
        {
            if (c == '\n')
            {
                line++;
            }

            if (c != '<')
            {
                if (inBody)
                {
                    if (text.Length >= StatementLimits.MaxLineLength)
                    {
                        throw new StatementFormatException($"OFX line {line}: a value longer than {StatementLimits.MaxLineLength} characters; not a bank statement.");
                    }

                    text.Append((char)c);
                }

                continue;
            }

            var tagLine = line;
            var tag = new StringBuilder();
            while ((c = input.Read()) != -1 && c != '>')
            {
                if (c == '\n')
                {
                    line++;
                }

                if (tag.Length >= StatementLimits.MaxLineLength)
                {
                    throw new StatementFormatException($"OFX line {tagLine}: a tag longer than {StatementLimits.MaxLineLength} characters; not a bank statement.");
                }

                tag.Append((char)c);
            }

            if (c == -1)
            {
                throw new StatementFormatException($"OFX line {tagLine}: tag '<{Shorten(tag.ToString())}' is not closed by '>'.");
            }

            var name = tag.ToString().Trim();
            if (name.StartsWith("!--", StringComparison.Ordinal) && !name.EndsWith("--", StringComparison.Ordinal))
            {
                // The comment contains '>' characters: read on to its real end "-->".
                var comment = new StringBuilder(name);
                while ((c = input.Read()) != -1)
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    if (c == '>' && comment.Length >= 2 && comment[^1] == '-' && comment[^2] == '-')
                    {
                        break;
                    }

                    comment.Append((char)c);
                }

                text.Clear();
                continue;
            }

            if (name.StartsWith('?') || name.StartsWith('!'))
            {
                text.Clear();
                continue;
            }

            inBody = true;
            var pendingText = WebUtility.HtmlDecode(text.ToString()).Trim();
            text.Clear();
            if (pendingText.Length > 0 && stack.Peek() != root)
            {
                var current = stack.Peek();
                current.Text = pendingText;
                if (!name.StartsWith('/') || name[1..] != current.Name)
                {
                    // SGML leaf without an end tag.
                    stack.Pop().Closed = true;
                }
            }

            if (name.StartsWith('/'))
            {
                var closing = name[1..].Trim();
                if (!stack.Any(n => n.Name == closing))
                {
                    // A stray end tag (a leaf closed twice, an aggregate the bank never opened): nothing to close.
                    continue;
                }

                while (stack.Peek().Name != closing)
                {
                    var implicitlyClosed = stack.Pop();
                    implicitlyClosed.Closed = true;
                    if (implicitlyClosed.Text is null && implicitlyClosed.Nodes.Count > 0)
                    {
                        // An empty SGML leaf (<MEMO> with no value) swallowed its following siblings: give them back.
                        stack.Peek().Nodes.AddRange(implicitlyClosed.Nodes);
                        implicitlyClosed.Nodes.Clear();
                    }
                }

                stack.Pop().Closed = true;
                continue;
            }

            if (name.EndsWith('/'))
            {
                stack.Peek().Nodes.Add(new OfxNode(name.TrimEnd('/').Trim(), tagLine) { Closed = true });
                continue;
            }

            if (stack.Count > StatementLimits.MaxDepth)
            {
                throw new StatementFormatException($"OFX line {tagLine}: elements nested deeper than {StatementLimits.MaxDepth} levels; not a bank statement.");
            }

            var node = new OfxNode(name.Split(' ')[0], tagLine);
            stack.Peek().Nodes.Add(node);
            stack.Push(node);
        }

        if (!inBody)
        {
            throw new StatementFormatException("OFX: no element found after the header.");
        }

        return root;
    }

    private static string Shorten(string s) => s.Length > 30 ? s[..30] + "..." : s;

    /// <summary>Reads characters and refuses a file past <see cref="StatementLimits.MaxCharacters"/>.</summary>
    private sealed class CountingReader(TextReader inner)
    {
        private long count;

        public int Read()
        {
            var c = inner.Read();
            if (c != -1 && ++count > StatementLimits.MaxCharacters)
            {
                throw new StatementFormatException($"OFX: the file is larger than {StatementLimits.MaxCharacters / (1024 * 1024)} MB of text; not a bank statement.");
            }

            return c;
        }
    }
}
