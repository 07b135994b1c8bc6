using System.Text;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// Bank files come in UTF-8 or in a Latin-1/Windows-1252 code page, rarely declared. This decoding reads UTF-8 and
/// maps every byte that is not valid UTF-8 to the Latin-1 character of the same value, so a file in either encoding
/// reads correctly, as a stream.
/// </summary>
public static class TextDecoding
{
    public static Encoding Utf8OrLatin1 { get; } = Create();

    private static Encoding Create()
    {
        var encoding = (Encoding)new UTF8Encoding(false).Clone();
        encoding.DecoderFallback = new Latin1Fallback();
        return encoding;
    }

    public static TextReader Open(Stream stream) => new StreamReader(stream, Utf8OrLatin1, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);

    private sealed class Latin1Fallback : DecoderFallback
    {
        public override int MaxCharCount => 4;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private byte[] bytes = [];
            private int index;

            public override int Remaining => bytes.Length - index;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                bytes = bytesUnknown;
                this.index = 0;
                return bytes.Length > 0;
            }

            public override char GetNextChar() => index < bytes.Length ? (char)bytes[index++] : '\0';

            public override bool MovePrevious()
            {
                if (index == 0)
                {
                    return false;
                }

                index--;
                return true;
            }

            public override void Reset()
            {
                bytes = [];
                index = 0;
            }
        }
    }
}
