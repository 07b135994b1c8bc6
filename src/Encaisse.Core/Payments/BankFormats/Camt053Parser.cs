using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 to .001.08 and later ones of the same shape.
/// Streams the document: each &lt;Stmt&gt; is loaded on its own, nesting depth bounded while reading. One entry
/// (&lt;Ntry&gt;) is one transaction, as the bank counts it; a batched entry keeps its transaction details as
/// <see cref="StatementTransaction.Details"/>. Balances (OPBD/PRCD and CLBD) are compared with the sum of the entries.
/// </summary>
public static class Camt053Parser
{
    public static IEnumerable<BankStatementData> Parse(Stream stream, bool strict = false)
    {
        using var reader = XmlReader.Create(stream, StatementLimits.Xml());
        var sawRoot = false;
        var sawContainer = false;
        var statements = 0;
        while (true)
        {
            bool more;
            try
            {
                more = reader.Read();
            }
            catch (XmlException e)
            {
                throw new StatementFormatException($"camt.053: not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}");
            }

            if (!more)
            {
                break;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth >= StatementLimits.MaxDepth)
            {
                throw TooDeep(reader);
            }

            if (!sawRoot)
            {
                sawRoot = true;
                if (reader.LocalName != "Document" || !reader.NamespaceURI.Contains("camt.053", StringComparison.Ordinal))
                {
                    throw new StatementFormatException($"camt.053: the root element is <{reader.LocalName}> in namespace '{reader.NamespaceURI}', not a camt.053 <Document>.");
                }

                continue;
            }

            if (reader.LocalName == "BkToCstmrStmt")
            {
                sawContainer = true;
                continue;
            }

            if (reader.LocalName == "Stmt")
            {
                XElement element;
                try
                {
                    element = Load(reader);
                }
                catch (XmlException e)
                {
                    throw new StatementFormatException($"camt.053: not well-formed XML at line {e.LineNumber}, position {e.LinePosition}: {e.Message}");
                }

                statements++;
                yield return CamtStatement.Read(element, strict);
            }
        }

        if (!sawContainer)
        {
            throw new StatementFormatException("camt.053: no <BkToCstmrStmt> element in the document.");
        }

        if (statements == 0)
        {
            throw new StatementFormatException("camt.053: <BkToCstmrStmt> contains no <Stmt> element (a statement needs at least one).");
        }
    }

    private static StatementFormatException TooDeep(XmlReader reader) =>
        new($"camt.053 line {(reader as IXmlLineInfo)?.LineNumber}: elements nested deeper than {StatementLimits.MaxDepth} levels; not a bank statement.");

    /// <summary>
    /// Loads the element the reader is on (a &lt;Stmt&gt;) into an XElement, iteratively, refusing nesting deeper
    /// than <see cref="StatementLimits.MaxDepth"/> while reading. Each element carries its line as an annotation.
    /// </summary>
    private static XElement Load(XmlReader reader)
    {
        var info = reader as IXmlLineInfo;
        var root = Start(reader, info);
        if (reader.IsEmptyElement)
        {
            return root;
        }

        var baseDepth = reader.Depth;
        var current = root;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (reader.Depth >= StatementLimits.MaxDepth)
                    {
                        throw TooDeep(reader);
                    }

                    var element = Start(reader, info);
                    current.Add(element);
                    if (!reader.IsEmptyElement)
                    {
                        current = element;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    current.Add(new XText(reader.Value));
                    break;
                case XmlNodeType.EndElement:
                    if (reader.Depth == baseDepth)
                    {
                        // Left on the end tag, as ReadSubtree would: the caller's next Read moves past it.
                        return root;
                    }

                    current = current.Parent!;
                    break;
                default:
                    break;
            }
        }

        throw new StatementFormatException($"camt.053 line {CamtStatement.Line(root)}: the file ends inside <Stmt>.");
    }

    private static XElement Start(XmlReader reader, IXmlLineInfo? info)
    {
        var element = new XElement(XName.Get(reader.LocalName, reader.NamespaceURI));
        element.AddAnnotation(new SourceLine(info?.LineNumber ?? 0));
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (!reader.Name.StartsWith("xmlns", StringComparison.Ordinal))
                {
                    element.SetAttributeValue(XName.Get(reader.LocalName, reader.NamespaceURI), reader.Value);
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        return element;
    }
}

/// <summary>The line of the file an element started on.</summary>
internal sealed record SourceLine(int Line);

/// <summary>Reads one camt.053 &lt;Stmt&gt; element (namespace-agnostic: element local names only).</summary>
internal static class CamtStatement
{
    public static BankStatementData Read(XElement stmt, bool strict)
    {
        var id = Text(stmt, "Id");
        var where = $"camt.053 <Stmt> '{id}' (line {Line(stmt)})";
        var acct = Child(stmt, "Acct") ?? throw new StatementFormatException($"{where}: missing <Acct>.");
        var acctId = Child(acct, "Id");
        var iban = Text(acctId, "IBAN");
        var other = Text(Child(acctId, "Othr"), "Id");
        var bic = Descendant(Child(acct, "Svcr"), "BIC") ?? Descendant(Child(acct, "Svcr"), "BICFI");
        var currency = Text(acct, "Ccy");

        decimal? opening = null, closing = null;
        DateOnly? openingDate = null, closingDate = null;
        foreach (var bal in Children(stmt, "Bal"))
        {
            var code = Descendant(Child(bal, "Tp"), "Cd") ?? Descendant(Child(bal, "Tp"), "Prtry");
            var (amount, ccy) = Amount(bal, where);
            currency ??= ccy;
            var date = DateOf(Child(bal, "Dt"), $"{where} <Bal> {code}");
            switch (code)
            {
                case "OPBD" or "PRCD" when opening is null:
                    opening = amount;
                    openingDate = date;
                    break;
                case "CLBD" when closing is null:
                    closing = amount;
                    closingDate = date;
                    break;
                default:
                    break;
            }
        }

        var transactions = new List<StatementTransaction>();
        var movements = 0m;
        var index = 0;
        foreach (var entry in Children(stmt, "Ntry"))
        {
            index++;
            var entryWhere = $"{where} <Ntry> #{index} (line {Line(entry)})";
            var (amount, ccy) = Amount(entry, entryWhere);
            currency ??= ccy;
            var status = Descendant(Child(entry, "Sts"), "Cd") ?? Text(entry, "Sts");
            if (status is "PDNG" or "INFO")
            {
                continue;
            }

            movements += amount;
            transactions.Add(Transaction(entry, amount, ccy, entryWhere));
        }

        if (currency is null)
        {
            throw new StatementFormatException($"{where}: no currency (neither <Acct><Ccy> nor an amount Ccy attribute).");
        }

        var difference = StatementBalance.Difference(strict, opening, closing, movements, where);
        return new BankStatementData
        {
            Account = new StatementAccount(iban, other ?? iban, bic),
            Currency = currency,
            StatementId = id,
            OpeningBalance = opening,
            OpeningDate = openingDate,
            ClosingBalance = closing,
            ClosingDate = closingDate,
            Transactions = transactions,
            BalanceDifference = difference,
        };
    }

    /// <summary>
    /// One entry, one transaction. A batched entry (several &lt;TxDtls&gt;) keeps its details; the entry then carries
    /// what its details share (counterparty, return reason), their remittance texts joined (so that a batch credit is
    /// one payment whose text names several invoices), and the end-to-end id only when there is one detail.
    /// </summary>
    private static StatementTransaction Transaction(XElement entry, decimal entryAmount, string currency, string where)
    {
        var booking = DateOf(Child(entry, "BookgDt"), where + " <BookgDt>") ?? DateOf(Child(entry, "ValDt"), where + " <ValDt>")
            ?? throw new StatementFormatException($"{where}: no <BookgDt> nor <ValDt>.");
        var valueDate = DateOf(Child(entry, "ValDt"), where + " <ValDt>");
        var entryRef = Text(entry, "AcctSvcrRef");
        var entryInfo = Text(entry, "AddtlNtryInf");
        var reversal = Text(entry, "RvslInd") is "true" or "1";
        var credit = entryAmount >= 0;
        var family = Descendant(Child(Child(Child(entry, "BkTxCd"), "Domn"), "Fmly"), "SubFmlyCd");
        var details = Child(entry, "NtryDtls") is { } d ? Children(d, "TxDtls").Select(t => Detail(t, currency, credit, reversal, family, entryInfo, where)).ToList() : [];
        var first = details.FirstOrDefault();
        if (details.Count <= 1)
        {
            return new StatementTransaction
            {
                BookingDate = booking,
                ValueDate = valueDate,
                Amount = entryAmount,
                Currency = currency,
                CounterpartyName = first?.CounterpartyName,
                CounterpartyIban = first?.CounterpartyIban,
                RemittanceInformation = first is null ? entryInfo : first.RemittanceInformation,
                EndToEndId = first?.EndToEndId,
                BankReference = first?.BankReference ?? entryRef,
                ReturnReason = first is null ? EntryReturn(reversal, family) : first.ReturnReason,
                MandateReference = first?.MandateReference,
            };
        }

        string? Shared(Func<StatementTransactionDetail, string?> field) =>
            details.Select(field).Distinct(StringComparer.Ordinal).ToList() is [{ } only] ? only : null;

        var texts = details.Select(x => x.RemittanceInformation).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new StatementTransaction
        {
            BookingDate = booking,
            ValueDate = valueDate,
            Amount = entryAmount,
            Currency = currency,
            CounterpartyName = Shared(x => x.CounterpartyName),
            CounterpartyIban = Shared(x => x.CounterpartyIban),
            RemittanceInformation = texts.Count > 0 ? string.Join(' ', texts) : entryInfo,
            EndToEndId = null,
            BankReference = entryRef ?? Shared(x => x.BankReference),
            ReturnReason = Shared(x => x.ReturnReason) ?? EntryReturn(reversal, family),
            MandateReference = Shared(x => x.MandateReference),
            Details = details,
        };
    }

    private static string? EntryReturn(bool reversal, string? family) =>
        reversal ? "reversal" : family is "UPDD" or "RRTN" or "RPCR" ? family : null;

    private static StatementTransactionDetail Detail(XElement tx, string currency, bool entryCredit, bool reversal, string? family, string? entryInfo, string where)
    {
        var amountElement = Child(tx, "Amt") ?? Child(Child(Child(tx, "AmtDtls"), "TxAmt"), "Amt");
        decimal? amount = null;
        var credit = entryCredit;
        // A detail in another currency than the account (instructed amount of a foreign payment) is not a part of the entry's amount.
        if (amountElement is not null && (amountElement.Attribute("Ccy")?.Value ?? currency) == currency)
        {
            var value = ParseDecimal(amountElement, where);
            var indicator = Text(tx, "CdtDbtInd") ?? (entryCredit ? "CRDT" : "DBIT");
            credit = indicator != "DBIT";
            amount = credit ? value : -value;
        }

        var parties = Child(tx, "RltdPties");
        var partyName = credit ? PartyName(parties, "Dbtr") ?? PartyName(parties, "UltmtDbtr") : PartyName(parties, "Cdtr") ?? PartyName(parties, "UltmtCdtr");
        var partyIban = Descendant(Child(parties, credit ? "DbtrAcct" : "CdtrAcct"), "IBAN");
        var rmt = Child(tx, "RmtInf");
        var texts = new List<string>();
        texts.AddRange(Children(rmt, "Ustrd").Select(u => u.Value.Trim()));
        texts.AddRange(Children(rmt, "Strd").Select(s => Descendant(Child(s, "CdtrRefInf"), "Ref")).OfType<string>());
        texts.AddRange(Children(rmt, "Strd").SelectMany(s => Children(s, "AddtlRmtInf")).Select(a => a.Value.Trim()));
        if (texts.Count == 0 && (Text(tx, "AddtlTxInf") ?? entryInfo) is { } info)
        {
            texts.Add(info);
        }

        var refs = Child(tx, "Refs");
        var returnCode = Descendant(Child(Child(tx, "RtrInf"), "Rsn"), "Cd") ?? Descendant(Child(tx, "RtrInf"), "Cd") ?? EntryReturn(reversal, family);
        var e2e = Text(refs, "EndToEndId");
        var remittance = string.Join(' ', texts.Where(t => t.Length > 0));
        return new StatementTransactionDetail
        {
            Amount = amount,
            CounterpartyName = partyName,
            CounterpartyIban = partyIban,
            RemittanceInformation = remittance.Length > 0 ? remittance : null,
            EndToEndId = e2e is null or "NOTPROVIDED" ? null : e2e,
            BankReference = Text(refs, "AcctSvcrRef"),
            ReturnReason = returnCode,
            MandateReference = Text(refs, "MndtId"),
        };
    }

    private static string? PartyName(XElement? parties, string role)
    {
        var party = Child(parties, role);
        return Text(party, "Nm") ?? Text(Child(party, "Pty"), "Nm");
    }

    private static (decimal Amount, string Currency) Amount(XElement owner, string where)
    {
        var amt = Child(owner, "Amt") ?? throw new StatementFormatException($"{where}: missing <Amt>.");
        var value = ParseDecimal(amt, where);
        var ccy = amt.Attribute("Ccy")?.Value ?? throw new StatementFormatException($"{where}: <Amt> (line {Line(amt)}) has no Ccy attribute.");
        var indicator = Text(owner, "CdtDbtInd") ?? throw new StatementFormatException($"{where}: missing <CdtDbtInd>.");
        return indicator switch
        {
            "CRDT" => (value, ccy),
            "DBIT" => (-value, ccy),
            _ => throw new StatementFormatException($"{where}: <CdtDbtInd> is '{indicator}', expected CRDT or DBIT."),
        };
    }

    private static decimal ParseDecimal(XElement amt, string where) =>
        decimal.TryParse(amt.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new StatementFormatException($"{where}: <Amt> '{amt.Value}' (line {Line(amt)}) is not a decimal amount.");

    private static DateOnly? DateOf(XElement? holder, string where)
    {
        if (holder is null)
        {
            return null;
        }

        var text = (Text(holder, "Dt") ?? Text(holder, "DtTm"))?.Trim();
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 10 && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        throw new StatementFormatException($"{where}: '{text}' (line {Line(holder)}) is not a date yyyy-mm-dd.");
    }

    internal static int Line(XObject? node) => node?.Annotation<SourceLine>()?.Line ?? (node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0);

    internal static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    internal static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent is null ? [] : parent.Elements().Where(e => e.Name.LocalName == name);

    internal static string? Text(XElement? parent, string name) => Child(parent, name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    internal static string? Descendant(XElement? parent, string name) =>
        parent?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim() is { Length: > 0 } v ? v : null;
}
