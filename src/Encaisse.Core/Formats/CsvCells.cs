using System.Globalization;

namespace Encaisse.Formats;

/// <summary>
/// The one way Encaisse writes a CSV cell (every export: reports, aged balance, import errors). Text that a spreadsheet would run as
/// a formula (starting with <c>= + - @</c>, a tab or a carriage return) is prefixed with an apostrophe, so <c>=HYPERLINK(…)</c> in a
/// customer reference stays text; numbers are written as they are (invariant culture), so a negative amount stays a number; a cell
/// holding the separator, a quote or a line break is quoted.
/// </summary>
public static class CsvCells
{
    /// <summary>A cell for any value: numbers as invariant text, everything else (dates included) as escaped invariant text.</summary>
    public static string Cell(object? value, char separator) => value switch
    {
        null => "",
        int or long or decimal or double or float or short or byte => Quote(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture), separator),
        IFormattable f => Text(f.ToString(null, CultureInfo.InvariantCulture), separator),
        _ => Text(value.ToString(), separator),
    };

    /// <summary>A text cell, defused and quoted when needed.</summary>
    public static string Text(string? value, char separator)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return Quote(value, separator);
    }

    /// <summary>One line of cells (without the line break).</summary>
    public static string Line(IEnumerable<object?> values, char separator) => string.Join(separator, values.Select(v => Cell(v, separator)));

    private static string Quote(string value, char separator) =>
        value.IndexOf(separator, StringComparison.Ordinal) >= 0 || value.IndexOfAny(['"', '\r', '\n']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
