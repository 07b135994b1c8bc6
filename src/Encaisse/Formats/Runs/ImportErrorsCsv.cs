using System.Globalization;
using System.Text;

namespace Encaisse.Formats.Runs;

/// <summary>
/// The errors of an import report as a CSV a spreadsheet opens as is: UTF-8 with BOM, ';' separator (Excel in
/// French), one line per error: line, column, value, reason. Cells that a spreadsheet would run as a formula
/// (starting with = + - @ or a tab) are defused by <see cref="CsvCells"/>, the one CSV cell writer.
/// </summary>
public static class ImportErrorsCsv
{
    public static byte[] Write(ImportReport report, bool french)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(Localization.Catalogue.Text(Language(french), "import.errorsCsv.header")).Append("\r\n");
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
        Path.GetFileNameWithoutExtension(importedFile) + Localization.Catalogue.Text(Language(french), "import.errorsCsv.suffix");

    private static string Language(bool french) => french ? Localization.Catalogue.French : Localization.Catalogue.English;

    private static string Cell(string? value) => CsvCells.Text(value, ';');
}
