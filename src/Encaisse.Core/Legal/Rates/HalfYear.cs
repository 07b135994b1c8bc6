using System.Globalization;

namespace Encaisse.Legal.Rates;

/// <summary>A calendar half-year (semestre): H1 = January–June, H2 = July–December. Written "2026H2".</summary>
public readonly record struct HalfYear(int Year, int Half) : IComparable<HalfYear>
{
    public static HalfYear Of(DateOnly date) => new(date.Year, date.Month <= 6 ? 1 : 2);

    public DateOnly Start => new(Year, Half == 1 ? 1 : 7, 1);

    public DateOnly End => Half == 1 ? new DateOnly(Year, 6, 30) : new DateOnly(Year, 12, 31);

    public HalfYear Next => Half == 1 ? new HalfYear(Year, 2) : new HalfYear(Year + 1, 1);

    public static bool TryParse(string? text, out HalfYear halfYear)
    {
        halfYear = default;
        var t = text?.Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).Replace("S", "H", StringComparison.Ordinal);
        if (t is null || t.Length != 6 || t[4] != 'H' || t[5] is not ('1' or '2') ||
            !int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1999)
        {
            return false;
        }

        halfYear = new HalfYear(year, t[5] - '0');
        return true;
    }

    /// <summary>Parses "2026H2" (also "2026-H2", "2026S2"); throws <see cref="FormatException"/> otherwise.</summary>
    public static HalfYear Parse(string text) =>
        TryParse(text, out var h) ? h : throw new FormatException($"'{text}' is not a half-year such as 2026H2.");

    public int CompareTo(HalfYear other) => (Year * 2 + Half).CompareTo(other.Year * 2 + other.Half);

    public static bool operator <(HalfYear a, HalfYear b) => a.CompareTo(b) < 0;

    public static bool operator >(HalfYear a, HalfYear b) => a.CompareTo(b) > 0;

    public static bool operator <=(HalfYear a, HalfYear b) => a.CompareTo(b) <= 0;

    public static bool operator >=(HalfYear a, HalfYear b) => a.CompareTo(b) >= 0;

    public override string ToString() => Year.ToString("0000", CultureInfo.InvariantCulture) + "H" + Half.ToString(CultureInfo.InvariantCulture);
}
