using System.Text;
using Encaisse.Portal;
using Shouldly;

namespace Encaisse.Tests.Portal;

/// <summary>
/// Checks the QR encoder by reading its output back like a scanner would: format information, unmasking,
/// de-interleaving, Reed-Solomon syndromes and the byte-mode segment must give the input again.
/// </summary>
public sealed class QrCodeTests
{
    [Theory]
    [InlineData("HELLO", 1)]
    [InlineData("https://encaisse.example/p/abcdefghijklmnopqrstuvwxyz012345", 4)]
    [InlineData("BCD\n002\n1\nSCT\nAGRIFRPP\nACME Industrie SAS\nFR7630006000011234567890189\nEUR4094.96\n\nRF18539007547034", 6)]
    public void Encodes_in_the_smallest_version_and_reads_back(string text, int version)
    {
        var code = QrCode.Encode(text);
        code.Version.ShouldBe(version);
        Decode(code).ShouldBe(text);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(100)]
    [InlineData(180)]
    [InlineData(213)]
    [InlineData(251)]
    [InlineData(331)]
    public void Every_version_up_to_13_reads_back(int length)
    {
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('A' + (i % 26))));
        Decode(QrCode.Encode(text)).ShouldBe(text);
    }

    [Fact]
    public void The_largest_epc_payload_fits_version_13_and_more_does_not()
    {
        QrCode.Encode(new byte[331]).Version.ShouldBe(13);
        Should.Throw<ArgumentException>(() => QrCode.Encode(new byte[332]));
    }

    [Fact]
    public void Svg_has_a_quiet_zone_and_an_accessible_name()
    {
        var svg = QrCode.Encode("HELLO").ToSvg("Code \"QR\"");
        svg.ShouldContain("viewBox=\"0 0 29 29\"");
        svg.ShouldContain("aria-label=\"Code &quot;QR&quot;\"");
    }

    /// <summary>Writes the symbol as a PGM picture (for a manual check with zbarimg).</summary>
    internal static void WritePgm(QrCode code, string path, int scale = 6)
    {
        var size = (code.Size + 8) * scale;
        var sb = new StringBuilder().Append("P2\n").Append(size).Append(' ').Append(size).Append("\n255\n");
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (mx, my) = ((x / scale) - 4, (y / scale) - 4);
                var dark = mx >= 0 && my >= 0 && mx < code.Size && my < code.Size && code[mx, my];
                sb.Append(dark ? "0 " : "255 ");
            }

            sb.Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static string Decode(QrCode code)
    {
        var size = code.Size;
        // Format information (first copy) must be the BCH code of level M and the chosen mask.
        var format = 0;
        for (var i = 0; i <= 5; i++)
        {
            format |= (code[8, i] ? 1 : 0) << i;
        }

        format |= (code[8, 7] ? 1 : 0) << 6;
        format |= (code[8, 8] ? 1 : 0) << 7;
        format |= (code[7, 8] ? 1 : 0) << 8;
        for (var i = 9; i < 15; i++)
        {
            format |= (code[14 - i, 8] ? 1 : 0) << i;
        }

        var unmasked = format ^ 0x5412;
        (unmasked >> 13).ShouldBe(0, "level M");
        var mask = (unmasked >> 10) & 7;
        mask.ShouldBe(code.Mask);
        format.ShouldBe(QrCode.FormatBits(mask));

        // Read the codewords along the zigzag, removing the mask.
        var bits = new List<bool>();
        for (var right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }

            for (var v = 0; v < size; v++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    var y = ((right + 1) & 2) == 0 ? size - 1 - v : v;
                    if (!code.IsFunction(x, y))
                    {
                        bits.Add(code[x, y] ^ QrCode.MaskBit(mask, x, y));
                    }
                }
            }
        }

        var codewords = new byte[bits.Count / 8];
        for (var i = 0; i < codewords.Length * 8; i++)
        {
            if (bits[i])
            {
                codewords[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }

        // De-interleave with the level-M block table and check every block's syndromes.
        var (ec, g1, d1, g2) = Blocks[code.Version];
        var blockCount = g1 + g2;
        var blocks = Enumerable.Range(0, blockCount).Select(b => new List<byte>()).ToArray();
        var k = 0;
        for (var i = 0; i <= d1; i++)
        {
            for (var b = 0; b < blockCount; b++)
            {
                if (i < (b < g1 ? d1 : d1 + 1))
                {
                    blocks[b].Add(codewords[k++]);
                }
            }
        }

        var data = blocks.SelectMany(b => b).ToList();
        for (var i = 0; i < ec; i++)
        {
            for (var b = 0; b < blockCount; b++)
            {
                blocks[b].Add(codewords[k++]);
            }
        }

        foreach (var block in blocks)
        {
            for (var i = 0; i < ec; i++)
            {
                Syndrome(block, i).ShouldBe((byte)0);
            }
        }

        var stream = data.ToArray();
        int Read(ref int position, int count)
        {
            var value = 0;
            for (var i = 0; i < count; i++, position++)
            {
                value = (value << 1) | ((stream[position >> 3] >> (7 - (position & 7))) & 1);
            }

            return value;
        }

        var at = 0;
        Read(ref at, 4).ShouldBe(0b0100);
        var length = Read(ref at, code.Version < 10 ? 8 : 16);
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)Read(ref at, 8);
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static readonly (int Ec, int G1, int D1, int G2)[] Blocks =
    [
        (0, 0, 0, 0), (10, 1, 16, 0), (16, 1, 28, 0), (26, 1, 44, 0), (18, 2, 32, 0), (24, 2, 43, 0), (16, 4, 27, 0),
        (18, 4, 31, 0), (22, 2, 38, 2), (22, 3, 36, 2), (26, 4, 43, 1), (30, 1, 50, 4), (22, 6, 36, 2), (22, 8, 37, 1),
    ];

    /// <summary>The codeword polynomial evaluated at alpha^i: zero for every i below the EC count when the block is intact.</summary>
    private static byte Syndrome(List<byte> block, int i)
    {
        byte alphaI = 1;
        for (var n = 0; n < i; n++)
        {
            alphaI = ReedSolomon.Multiply(alphaI, 2);
        }

        byte result = 0;
        foreach (var coefficient in block)
        {
            result = (byte)(ReedSolomon.Multiply(result, alphaI) ^ coefficient);
        }

        return result;
    }
}
