using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace Encaisse.Formats;

/// <summary>
/// A CSV or Excel (.xlsx) file seen as a header row and data rows of text cells, streamed. CSV: encoding
/// (UTF-8 with or without BOM, else Windows-1252) and separator (';', ',', tab, '|') are detected.
/// Excel: the first sheet; dates become yyyy-mm-dd and numbers invariant text.
/// </summary>
public sealed class TabularFile : IDisposable
{
    private const int SampleBytes = 1 << 20;
    private readonly Stream stream;
    private readonly IEnumerable<TabularRow> rows;

    private TabularFile(Stream stream, string format, IReadOnlyList<string?> headers, IEnumerable<TabularRow> rows, string? encoding, char? separator)
    {
        this.stream = stream;
        Format = format;
        Headers = headers;
        this.rows = rows;
        Encoding = encoding;
        Separator = separator;
    }

    public string Format { get; }
    public string? Encoding { get; }
    public char? Separator { get; }
    public IReadOnlyList<string?> Headers { get; }
    public IEnumerable<TabularRow> Rows => rows;

    /// <summary>How far the reading has come, 0 to 1 (for progress bars).</summary>
    public double Progress => stream.CanSeek && stream.Length > 0 ? Math.Min(1.0, (double)stream.Position / stream.Length) : 0;

    /// <summary>True when <paramref name="path"/> names an Excel workbook (by extension or by its ZIP signature).</summary>
    public static bool IsExcel(string path, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xlsm", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<byte> magic = stackalloc byte[4];
        var read = stream.Read(magic);
        stream.Position = 0;
        return read == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }

    public static TabularFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Open(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="stream"/> (seekable); <paramref name="name"/> only serves to recognise .xlsx.</summary>
    public static TabularFile Open(string name, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return IsExcel(name, stream) ? OpenExcel(stream) : OpenCsv(stream);
    }

    private static TabularFile OpenCsv(Stream stream)
    {
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        stream.Position = 0;
        var encoding = TextSniffer.DetectEncoding(sample.AsSpan(0, length), complete: length < SampleBytes);
        var text = encoding.GetString(sample, 0, length).TrimStart('\uFEFF');
        var end = text.IndexOfAny(['\r', '\n']);
        var separator = TextSniffer.DetectSeparator(end >= 0 ? text[..end] : text);
        var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions
        {
            Delimiter = separator,
            HasHeaders = true,
            MaxBufferSize = 1 << 22,
        });
        var headers = Enumerable.Range(0, csv.FieldCount).Select(i => (string?)csv.GetName(i)).ToList();
        return new TabularFile(stream, "csv", headers, CsvRows(csv), encoding.WebName, separator);
    }

    private static IEnumerable<TabularRow> CsvRows(CsvDataReader csv)
    {
        using (csv)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = csv.Read();
                }
                catch (CsvFormatException e)
                {
                    // A stray quote or a record past the buffer: the import refuses the file with the line, not with a stack trace. RowNumber
                    // already counts the row that failed (data rows from 1); the header is line 1.
                    throw new TabularFormatException(csv.RowNumber + 1, e is CsvRecordTooLargeException
                        ? "a record is too large (a quote is probably never closed)"
                        : "a quote opens a field that is not closed, or a quoted field is followed by other characters", e);
                }

                if (!more)
                {
                    break;
                }

                var cells = new string?[csv.RowFieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = csv.GetString(i);
                }

                // RowNumber counts data rows from 1; the header is line 1 of the file, as a spreadsheet shows it.
                yield return new TabularRow(csv.RowNumber + 1, cells);
            }
        }
    }

    private static TabularFile OpenExcel(Stream stream)
    {
        var enumerator = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().GetEnumerator();
        if (!enumerator.MoveNext())
        {
            enumerator.Dispose();
            return new TabularFile(stream, "xlsx", [], [], null, null);
        }

        var headerRow = enumerator.Current;
        var columns = headerRow.Keys.ToList();
        var headers = columns.Select(k => Text(headerRow[k])).ToList();
        return new TabularFile(stream, "xlsx", headers, ExcelRows(enumerator, columns), null, null);
    }

    private static IEnumerable<TabularRow> ExcelRows(IEnumerator<IDictionary<string, object?>> enumerator, List<string> columns)
    {
        using (enumerator)
        {
            var line = 1;
            while (enumerator.MoveNext())
            {
                line++;
                var row = enumerator.Current;
                var cells = new string?[columns.Count];
                for (var i = 0; i < columns.Count; i++)
                {
                    cells[i] = row.TryGetValue(columns[i], out var value) ? Text(value) : null;
                }

                yield return new TabularRow(line, cells);
            }
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        double n => ((decimal)n).ToString(CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Detects the encoding of a text file from its first megabyte.</summary>
    public static Encoding DetectEncoding(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var sample = new byte[SampleBytes];
        var length = stream.ReadAtLeast(sample, SampleBytes, throwOnEndOfStream: false);
        stream.Position = 0;
        return TextSniffer.DetectEncoding(sample.AsSpan(0, length), complete: length < SampleBytes);
    }

    public void Dispose() => stream.Dispose();
}

/// <summary>A CSV file that cannot be read past <see cref="Line"/> (the file's line as a spreadsheet shows it, header = 1).</summary>
public sealed class TabularFormatException(int line, string reason, Exception inner) : FormatException($"Line {line}: {reason}.", inner)
{
    public int Line { get; } = line;

    public string Reason { get; } = reason;
}
