using System.Globalization;
using System.Text;

namespace Encaisse.Formats.Runs;

/// <summary>
/// The errors of an import report as a CSV a spreadsheet opens as is: UTF-8 with BOM, ';' separator (Excel in
/// French), one line per error: line, column, value, reason. Cells that a spreadsheet would run as a formula
/// (starting with = + - @) are prefixed with an apostrophe.
/// </summary>
public static class ImportErrorsCsv
{
    public static byte[] Write(ImportReport report, bool french)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(french ? "Ligne;Colonne;Valeur;Motif" : "Line;Column;Value;Reason").Append("\r\n");
        foreach (var error in report.Errors)
        {
            text.Append(error.Line.ToString(CultureInfo.InvariantCulture)).Append(';')
                .Append(Cell(error.Column)).Append(';')
                .Append(Cell(error.Value)).Append(';')
                .Append(Cell(error.Reason)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>A suggested download name: the file's name without extension + "-erreurs.csv" / "-errors.csv".</summary>
    public static string FileNameFor(string importedFile, bool french) =>
        Path.GetFileNameWithoutExtension(importedFile) + (french ? "-erreurs.csv" : "-errors.csv");

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
