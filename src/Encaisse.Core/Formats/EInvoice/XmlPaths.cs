using System.Globalization;
using System.Xml.Linq;

namespace Encaisse.Formats.EInvoice;

/// <summary>Small helpers that walk XML by local names (CII D16B and ZUGFeRD 1.0 share names in other namespaces).</summary>
internal static class XmlPaths
{
    /// <summary>The first element reached by following the local names, each step among the children.</summary>
    public static XElement? At(this XElement? element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current is null)
            {
                return null;
            }

            current = current.Elements().FirstOrDefault(e => e.Name.LocalName == step);
        }

        return current;
    }

    /// <summary>The first element among several alternative paths (for names that differ between versions).</summary>
    public static XElement? AtAny(this XElement? element, params string[][] paths)
    {
        foreach (var path in paths)
        {
            if (element.At(path) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static IEnumerable<XElement> All(this XElement? element, string localName) =>
        element?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    public static string? Text(this XElement? element, params string[] path)
    {
        var value = element.At(path)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static decimal? Amount(this XElement? element, params string[] path) => ParseDecimal(element.At(path)?.Value);

    public static decimal? ParseDecimal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text.Trim()}' is not an amount");
    }

    /// <summary>CII date: <c>DateTimeString format="102"</c> (yyyyMMdd), also 610 (yyyyMM) and 616 (yyyyww) read as their first day.</summary>
    public static DateOnly? CiiDate(XElement? holder)
    {
        var text = holder.At("DateTimeString") ?? holder.At("DateString");
        if (text is null)
        {
            return null;
        }

        var value = text.Value.Trim();
        var format = (string?)text.Attribute("format") ?? "102";
        return format switch
        {
            "102" => DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new FormatException($"'{value}' is not a date (format 102, yyyyMMdd)"),
            "610" => DateOnly.TryParseExact(value + "01", "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : throw new FormatException($"'{value}' is not a month (format 610)"),
            _ => throw new FormatException($"date format {format} is not supported"),
        };
    }

    public static DateOnly? IsoDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > 10)
        {
            trimmed = trimmed[..10];
        }

        return DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new FormatException($"'{value}' is not a date (yyyy-mm-dd)");
    }
}
