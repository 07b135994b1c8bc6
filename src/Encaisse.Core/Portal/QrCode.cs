using System.Globalization;
using System.Text;

namespace Encaisse.Portal;

/// <summary>
/// A QR code (ISO/IEC 18004) in byte mode at error-correction level M, versions 1 to 13 — enough for any EPC
/// payload (at most 331 bytes, exactly the capacity of version 13-M). Written here to avoid a dependency.
/// </summary>
public sealed class QrCode
{
    public const int MaxVersion = 13;

    // Level M, per version: EC codewords per block, blocks in group 1, data codewords per group-1 block, blocks in group 2 (one more data codeword each).
    private static readonly (int Ec, int G1, int D1, int G2)[] LevelM =
    [
        (0, 0, 0, 0), (10, 1, 16, 0), (16, 1, 28, 0), (26, 1, 44, 0), (18, 2, 32, 0), (24, 2, 43, 0), (16, 4, 27, 0),
        (18, 4, 31, 0), (22, 2, 38, 2), (22, 3, 36, 2), (26, 4, 43, 1), (30, 1, 50, 4), (22, 6, 36, 2), (22, 8, 37, 1),
    ];

    private static readonly int[][] Alignment =
    [
        [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
    ];

    private readonly bool[,] modules;
    private readonly bool[,] function;

    private QrCode(int version, int mask, bool[,] modules, bool[,] function)
    {
        Version = version;
        Mask = mask;
        this.modules = modules;
        this.function = function;
    }

    public int Version { get; }
    public int Mask { get; }
    public int Size => (Version * 4) + 17;

    /// <summary>True when the module at column <paramref name="x"/>, row <paramref name="y"/> is dark.</summary>
    public bool this[int x, int y] => modules[y, x];

    internal bool IsFunction(int x, int y) => function[y, x];

    public static QrCode Encode(string text) => Encode(Encoding.UTF8.GetBytes(text));

    /// <summary>Encodes the bytes in the smallest version that holds them, with the best of the eight masks.</summary>
    public static QrCode Encode(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var version = 1;
        while (version <= MaxVersion && data.Length > DataCodewords(version) - (version < 10 ? 2 : 3))
        {
            version++;
        }

        if (version > MaxVersion)
        {
            throw new ArgumentException($"At most {DataCodewords(MaxVersion) - 3} bytes fit in a version-{MaxVersion} QR code.", nameof(data));
        }

        var codewords = Interleave(version, DataStream(version, data));
        QrCode? best = null;
        var bestPenalty = int.MaxValue;
        for (var mask = 0; mask < 8; mask++)
        {
            var candidate = Build(version, mask, codewords);
            var penalty = Penalty(candidate.modules);
            if (penalty < bestPenalty)
            {
                best = candidate;
                bestPenalty = penalty;
            }
        }

        return best!;
    }

    /// <summary>The code as an SVG image (one path, a 4-module quiet zone) with an accessible title.</summary>
    public string ToSvg(string title, int pixels = 200)
    {
        var total = Size + 8;
        var path = new StringBuilder();
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                if (modules[y, x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x + 4},{y + 4}h1v1h-1z");
                }
            }
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {total} {total}\" width=\"{pixels}\" height=\"{pixels}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(title)}\" shape-rendering=\"crispEdges\"><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>");
    }

    internal static int DataCodewords(int version)
    {
        var (_, g1, d1, g2) = LevelM[version];
        return (g1 * d1) + (g2 * (d1 + 1));
    }

    /// <summary>Mode indicator, count, bytes, terminator and padding to the version's data capacity.</summary>
    private static byte[] DataStream(int version, byte[] data)
    {
        var bits = new List<bool>();
        void Put(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                bits.Add(((value >> i) & 1) == 1);
            }
        }

        Put(0b0100, 4);
        Put(data.Length, version < 10 ? 8 : 16);
        foreach (var b in data)
        {
            Put(b, 8);
        }

        var capacityBits = DataCodewords(version) * 8;
        Put(0, Math.Min(4, capacityBits - bits.Count));
        Put(0, (8 - (bits.Count % 8)) % 8);
        var result = new byte[DataCodewords(version)];
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i])
            {
                result[i >> 3] |= (byte)(0x80 >> (i & 7));
            }
        }

        for (int i = bits.Count / 8, k = 0; i < result.Length; i++, k++)
        {
            result[i] = (byte)(k % 2 == 0 ? 0xEC : 0x11);
        }

        return result;
    }

    /// <summary>Splits the data in blocks, adds Reed-Solomon codewords to each, interleaves them.</summary>
    private static byte[] Interleave(int version, byte[] data)
    {
        var (ec, g1, d1, g2) = LevelM[version];
        var blocks = new List<(byte[] Data, byte[] Ec)>();
        var offset = 0;
        for (var b = 0; b < g1 + g2; b++)
        {
            var length = b < g1 ? d1 : d1 + 1;
            var block = data[offset..(offset + length)];
            offset += length;
            blocks.Add((block, ReedSolomon.Remainder(block, ec)));
        }

        var result = new List<byte>();
        for (var i = 0; i <= d1; i++)
        {
            result.AddRange(blocks.Where(b => i < b.Data.Length).Select(b => b.Data[i]));
        }

        for (var i = 0; i < ec; i++)
        {
            result.AddRange(blocks.Select(b => b.Ec[i]));
        }

        return [.. result];
    }

    private static QrCode Build(int version, int mask, byte[] codewords)
    {
        var size = (version * 4) + 17;
        var m = new bool[size, size];
        var f = new bool[size, size];
        void Set(int x, int y, bool dark)
        {
            m[y, x] = dark;
            f[y, x] = true;
        }

        // Timing patterns, then finders (with separators) over them.
        for (var i = 0; i < size; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }

        foreach (var (cx, cy) in new[] { (3, 3), (size - 4, 3), (3, size - 4) })
        {
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    var (x, y) = (cx + dx, cy + dy);
                    if (x >= 0 && x < size && y >= 0 && y < size)
                    {
                        var d = Math.Max(Math.Abs(dx), Math.Abs(dy));
                        Set(x, y, d != 2 && d != 4);
                    }
                }
            }
        }

        var positions = Alignment[version];
        foreach (var ay in positions)
        {
            foreach (var ax in positions)
            {
                if ((ax == 6 && ay == 6) || (ax == 6 && ay == positions[^1]) || (ax == positions[^1] && ay == 6))
                {
                    continue; // Would overlap a finder.
                }

                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++)
                    {
                        Set(ax + dx, ay + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                    }
                }
            }
        }

        DrawFormat(Set, size, mask);
        if (version >= 7)
        {
            var remainder = version;
            for (var i = 0; i < 12; i++)
            {
                remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
            }

            var bits = (version << 12) | remainder;
            for (var i = 0; i < 18; i++)
            {
                var dark = ((bits >> i) & 1) == 1;
                var a = size - 11 + (i % 3);
                var b = i / 3;
                Set(a, b, dark);
                Set(b, a, dark);
            }
        }

        // Data in the two-column zigzag from the bottom right, skipping the vertical timing column.
        var bit = 0;
        for (var right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }

            for (var vertical = 0; vertical < size; vertical++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    var upward = ((right + 1) & 2) == 0;
                    var y = upward ? size - 1 - vertical : vertical;
                    if (!f[y, x] && bit < codewords.Length * 8)
                    {
                        m[y, x] = ((codewords[bit >> 3] >> (7 - (bit & 7))) & 1) == 1;
                        bit++;
                    }
                }
            }
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (!f[y, x] && MaskBit(mask, x, y))
                {
                    m[y, x] = !m[y, x];
                }
            }
        }

        return new QrCode(version, mask, m, f);
    }

    /// <summary>Level M (00) and the mask, BCH-protected and XOR-ed with 0x5412, in its two copies plus the dark module.</summary>
    private static void DrawFormat(Action<int, int, bool> set, int size, int mask)
    {
        var bits = FormatBits(mask);
        bool Bit(int i) => ((bits >> i) & 1) == 1;
        for (var i = 0; i <= 5; i++)
        {
            set(8, i, Bit(i));
        }

        set(8, 7, Bit(6));
        set(8, 8, Bit(7));
        set(7, 8, Bit(8));
        for (var i = 9; i < 15; i++)
        {
            set(14 - i, 8, Bit(i));
        }

        for (var i = 0; i < 8; i++)
        {
            set(size - 1 - i, 8, Bit(i));
        }

        for (var i = 8; i < 15; i++)
        {
            set(8, size - 15 + i, Bit(i));
        }

        set(8, size - 8, true);
    }

    internal static int FormatBits(int mask)
    {
        var data = (0b00 << 3) | mask; // Level M is 00.
        var remainder = data;
        for (var i = 0; i < 10; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        }

        return ((data << 10) | remainder) ^ 0x5412;
    }

    internal static bool MaskBit(int mask, int x, int y) => mask switch
    {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => ((x / 3) + (y / 2)) % 2 == 0,
        5 => ((x * y) % 2) + ((x * y) % 3) == 0,
        6 => (((x * y) % 2) + ((x * y) % 3)) % 2 == 0,
        _ => (((x + y) % 2) + ((x * y) % 3)) % 2 == 0,
    };

    /// <summary>The standard's penalty score (runs, 2×2 blocks, finder-like patterns, dark balance): lower reads better.</summary>
    private static int Penalty(bool[,] m)
    {
        var size = m.GetLength(0);
        var penalty = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var a = 0; a < size; a++)
            {
                var run = 1;
                for (var b = 1; b < size; b++)
                {
                    var same = pass == 0 ? m[a, b] == m[a, b - 1] : m[b, a] == m[b - 1, a];
                    run = same ? run + 1 : 1;
                    if (run == 5)
                    {
                        penalty += 3;
                    }
                    else if (run > 5)
                    {
                        penalty++;
                    }
                }

                for (var b = 0; b + 11 <= size; b++)
                {
                    if (FinderLike(m, a, b, pass == 0))
                    {
                        penalty += 40;
                    }
                }
            }
        }

        var dark = 0;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                dark += m[y, x] ? 1 : 0;
                if (x + 1 < size && y + 1 < size && m[y, x] == m[y, x + 1] && m[y, x] == m[y + 1, x] && m[y, x] == m[y + 1, x + 1])
                {
                    penalty += 3;
                }
            }
        }

        var total = size * size;
        penalty += Math.Abs((dark * 20) - (total * 10)) / total * 10;
        return penalty;
    }

    private static readonly bool[] PatternA = [true, false, true, true, true, false, true, false, false, false, false];
    private static readonly bool[] PatternB = [false, false, false, false, true, false, true, true, true, false, true];

    private static bool FinderLike(bool[,] m, int line, int start, bool horizontal)
    {
        bool At(int k) => horizontal ? m[line, start + k] : m[start + k, line];
        var a = true;
        var b = true;
        for (var k = 0; k < 11 && (a || b); k++)
        {
            a &= At(k) == PatternA[k];
            b &= At(k) == PatternB[k];
        }

        return a || b;
    }
}

/// <summary>Reed-Solomon error correction over GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1.</summary>
internal static class ReedSolomon
{
    public static byte Multiply(byte a, byte b)
    {
        var result = 0;
        for (var i = 7; i >= 0; i--)
        {
            result = (result << 1) ^ ((result >> 7) * 0x11D);
            result ^= ((b >> i) & 1) * a;
        }

        return (byte)result;
    }

    /// <summary>Generator polynomial coefficients (highest degree first, leading 1 omitted) for <paramref name="degree"/> EC codewords.</summary>
    public static byte[] Generator(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        byte root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                result[j] = Multiply(result[j], root);
                if (j + 1 < degree)
                {
                    result[j] ^= result[j + 1];
                }
            }

            root = Multiply(root, 0x02);
        }

        return result;
    }

    public static byte[] Remainder(byte[] data, int degree)
    {
        var generator = Generator(degree);
        var result = new byte[degree];
        foreach (var b in data)
        {
            var factor = (byte)(b ^ result[0]);
            Array.Copy(result, 1, result, 0, degree - 1);
            result[degree - 1] = 0;
            for (var i = 0; i < degree; i++)
            {
                result[i] ^= Multiply(generator[i], factor);
            }
        }

        return result;
    }
}
