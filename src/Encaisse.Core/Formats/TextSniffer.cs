using System.Text;

namespace Encaisse.Formats;

/// <summary>
/// Guesses how a text file was written: UTF-8 (with or without BOM) or Windows-1252 (Excel "CSV" on a French
/// Windows), and which separator its header line uses.
/// </summary>
public static class TextSniffer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextSniffer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    /// <summary>
    /// UTF-8 when the bytes start with its BOM or decode as valid UTF-8; Windows-1252 otherwise. Give the first
    /// megabyte or so: a file whose first invalid byte comes later is read as UTF-8.
    /// </summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(false);
        }

        if (!complete)
        {
            // Do not judge a multi-byte sequence cut by the end of the sample.
            var cut = head.Length;
            for (var i = 1; i <= 3 && i <= head.Length; i++)
            {
                if ((head[^i] & 0xC0) == 0xC0)
                {
                    cut = head.Length - i;
                    break;
                }

                if ((head[^i] & 0x80) == 0)
                {
                    break;
                }
            }

            head = head[..cut];
        }

        try
        {
            StrictUtf8.GetCharCount(head);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252;
        }
    }

    /// <summary>The separator of a header line: the most frequent of ';', ',', tab and '|' outside quotes (';' on a tie).</summary>
    public static char DetectSeparator(string headerLine)
    {
        ArgumentNullException.ThrowIfNull(headerLine);
        int semicolons = 0, commas = 0, tabs = 0, pipes = 0;
        var quoted = false;
        foreach (var c in headerLine)
        {
            switch (c)
            {
                case '"': quoted = !quoted; break;
                case ';' when !quoted: semicolons++; break;
                case ',' when !quoted: commas++; break;
                case '\t' when !quoted: tabs++; break;
                case '|' when !quoted: pipes++; break;
                default: break;
            }
        }

        var best = ';';
        var max = semicolons;
        foreach (var (sep, count) in new[] { ('\t', tabs), (',', commas), ('|', pipes) })
        {
            if (count > max)
            {
                best = sep;
                max = count;
            }
        }

        return best;
    }
}
