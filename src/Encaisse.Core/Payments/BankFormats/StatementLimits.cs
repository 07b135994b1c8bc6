using System.Text;
using System.Xml;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// Bounds every reader keeps so that a hostile or broken file is refused quickly instead of taking minutes of CPU or
/// gigabytes of memory: nesting depth, characters in the document, in one line and from entities. Real statements stay
/// far below them (an OFX statement nests about 10 levels, a camt.053 about 15).
/// </summary>
public static class StatementLimits
{
    /// <summary>Deepest element nesting read in XML (camt.053) or OFX.</summary>
    public const int MaxDepth = 64;

    /// <summary>Characters read from one file (about 256 MB of text).</summary>
    public const long MaxCharacters = 256L * 1024 * 1024;

    /// <summary>Characters of one line (MT940, CFONB) or of one OFX tag or value.</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>XML reader settings of the camt.053 parser: no DTD, no resolver, bounded document and entities.</summary>
    public static XmlReaderSettings Xml() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = MaxCharacters,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };
}

/// <summary>
/// Reads lines like <see cref="TextReader.ReadLine"/> ("\n", "\r\n" or "\r" end a line) and also tells whether the last
/// line of the file was ended by a line break: a file cut in the middle of its last line is not.
/// </summary>
internal sealed class LineSource(TextReader reader, string format)
{
    private readonly char[] buffer = new char[1 << 15];
    private readonly StringBuilder line = new();
    private int position;
    private int length;
    private bool skipLineFeed;
    private long characters;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>False when the last line returned ended with the file rather than with a line break.</summary>
    public bool LastLineTerminated { get; private set; } = true;

    public string? ReadLine()
    {
        line.Clear();
        var any = false;
        while (true)
        {
            if (position == length && !Fill())
            {
                if (!any)
                {
                    return null;
                }

                LineNumber++;
                LastLineTerminated = false;
                return line.ToString();
            }

            var c = buffer[position++];
            if (skipLineFeed)
            {
                skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            any = true;
            if (c is '\n' or '\r')
            {
                skipLineFeed = c == '\r';
                LineNumber++;
                LastLineTerminated = true;
                return line.ToString();
            }

            if (line.Length >= StatementLimits.MaxLineLength)
            {
                throw new StatementFormatException($"{format} line {LineNumber + 1}: longer than {StatementLimits.MaxLineLength} characters; not a bank statement.");
            }

            line.Append(c);
        }
    }

    private bool Fill()
    {
        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        characters += length;
        if (characters > StatementLimits.MaxCharacters)
        {
            throw new StatementFormatException($"{format}: the file is larger than {StatementLimits.MaxCharacters / (1024 * 1024)} MB of text; not a bank statement.");
        }

        return length > 0;
    }
}
