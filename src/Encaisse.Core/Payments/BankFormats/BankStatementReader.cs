using System.Text;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// Entry point of the bank formats: detects the format from the content and parses every statement. What can be read is
/// read; a statement whose balances do not add up is flagged with the difference (ADR 0502), or refused in strict mode.
/// What cannot be read (malformed, cut, hostile) is refused with the line and the reason, and nothing of the file is
/// returned.
/// </summary>
public static class BankStatementReader
{
    /// <summary>Parses the whole file. Throws <see cref="StatementFormatException"/> with a readable reason when it cannot be read.</summary>
    /// <param name="strict">Refuse statements whose balances do not add up instead of flagging them.</param>
    public static BankStatementFile Read(Stream stream, BankStatementFormat? format = null, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var seekable = stream.CanSeek ? stream : Buffer(stream);
        var detected = format ?? Detect(seekable);
        var statements = Statements(seekable, detected, strict).ToList();
        return new BankStatementFile(detected, statements);
    }

    /// <summary>
    /// Streams the statements one by one. A file cut after some complete statements throws only once the reader reaches
    /// the cut: callers that must not act on part of a file use <see cref="Read"/>.
    /// </summary>
    public static IEnumerable<BankStatementData> Statements(Stream stream, BankStatementFormat format, bool strict = false)
    {
        switch (format)
        {
            case BankStatementFormat.Camt053:
                return Camt053Parser.Parse(stream, strict);
            case BankStatementFormat.Cfonb120:
                return WithReader(stream, r => Cfonb120Parser.Parse(r, strict));
            case BankStatementFormat.Mt940:
                return WithReader(stream, r => Mt940Parser.Parse(r, strict));
            case BankStatementFormat.Ofx:
                return WithReader(stream, OfxParser.Parse);
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static IEnumerable<BankStatementData> WithReader(Stream stream, Func<TextReader, IEnumerable<BankStatementData>> parse)
    {
        using var reader = TextDecoding.Open(stream);
        foreach (var statement in parse(reader))
        {
            yield return statement;
        }
    }

    /// <summary>Recognises the format from the first bytes; the stream is rewound.</summary>
    public static BankStatementFormat Detect(Stream stream)
    {
        var buffer = new byte[8192];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Seek(-read, SeekOrigin.Current);
        var head = TextDecoding.Utf8OrLatin1.GetString(buffer, 0, read).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.Length == 0)
        {
            throw new StatementFormatException("The file is empty.");
        }

        if (head.Contains("OFXHEADER", StringComparison.OrdinalIgnoreCase) || head.Contains("<OFX>", StringComparison.OrdinalIgnoreCase))
        {
            return BankStatementFormat.Ofx;
        }

        if (head.StartsWith('<'))
        {
            if (head.Contains("camt.053", StringComparison.Ordinal) || head.Contains("BkToCstmrStmt", StringComparison.Ordinal))
            {
                return BankStatementFormat.Camt053;
            }

            throw new StatementFormatException("XML file that is neither camt.053 (BkToCstmrStmt) nor OFX.");
        }

        var firstLine = head.Split('\n')[0].TrimEnd('\r');
        if (firstLine.Length is >= 100 and <= 128 && firstLine[..2] is "01" or "04" or "05" or "07" && firstLine[2..7].All(char.IsAsciiDigit)
            || (firstLine.Length >= 240 && firstLine[..2] == "01" && firstLine[2..7].All(char.IsAsciiDigit) && firstLine[120..122] is "01" or "04" or "05" or "07"))
        {
            return BankStatementFormat.Cfonb120;
        }

        if (head.StartsWith(':') || head.StartsWith("{1:", StringComparison.Ordinal) || head.Contains("\n:20:", StringComparison.Ordinal) || head.Contains(":60F:", StringComparison.Ordinal))
        {
            return BankStatementFormat.Mt940;
        }

        throw new StatementFormatException("Unknown bank statement format: expected camt.053 XML, CFONB 120 records, MT940 fields or OFX.");
    }

    private static MemoryStream Buffer(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }

    /// <summary>Parses the --format option values auto|camt053|cfonb120|mt940|ofx (null = auto).</summary>
    public static BankStatementFormat? ParseFormatName(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "camt053" or "camt" or "camt.053" => BankStatementFormat.Camt053,
        "cfonb120" or "cfonb" => BankStatementFormat.Cfonb120,
        "mt940" => BankStatementFormat.Mt940,
        "ofx" => BankStatementFormat.Ofx,
        _ => throw new ArgumentException($"Unknown format '{name}': use auto, camt053, cfonb120, mt940 or ofx."),
    };
}
