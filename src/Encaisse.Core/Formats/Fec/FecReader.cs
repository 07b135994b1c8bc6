using System.Globalization;

namespace Encaisse.Formats.Fec;

/// <summary>One line of a FEC (Fichier des Écritures Comptables), amounts in the accounting currency.</summary>
public sealed record FecLine(
    int Line,
    string JournalCode,
    string JournalLib,
    string EcritureNum,
    DateOnly EcritureDate,
    string CompteNum,
    string CompteLib,
    string CompAuxNum,
    string CompAuxLib,
    string PieceRef,
    DateOnly PieceDate,
    string EcritureLib,
    decimal Debit,
    decimal Credit,
    string EcritureLet,
    DateOnly? DueDate);

/// <summary>
/// Reads the flat FEC (article A47 A-1 of the Livre des procédures fiscales): a header line with the 18
/// standard column names (extra columns such as DateRglt are allowed), tab or pipe separated, amounts with a
/// decimal comma (Debit/Credit, or Montant + Sens), dates yyyyMMdd. Padded fields are trimmed. Streaming.
/// A file that ends in the middle of a line (its last line has no line break and fewer columns than the others) and an
/// entry (EcritureNum within a JournalCode) whose debits and credits differ make the whole file rejected: both mean
/// the file is cut or corrupt, and reading on would invent documents.
/// </summary>
public static class FecReader
{
    private static readonly string[] RequiredColumns =
    [
        "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
        "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "EcritureLet",
    ];

    public static IEnumerable<FecLine> Read(TextReader input, ImportIssues issues)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(issues);
        var tracking = new TrackingReader(input);
        TextReader reader = tracking;
        var header = ReadLine(reader);
        if (header is null)
        {
            issues.AddFileIssue(null, "The file is empty.");
            yield break;
        }

        var separator = header.Contains('\t', StringComparison.Ordinal) ? '\t' : header.Contains('|', StringComparison.Ordinal) ? '|' : '\0';
        if (separator == '\0')
        {
            issues.AddFileIssue(null, "The first line is not a FEC header (tab- or pipe-separated column names such as JournalCode, CompteNum, Debit, Credit).");
            yield break;
        }

        var names = header.TrimStart('\uFEFF').Split(separator).Select(h => h.Trim()).ToArray();
        int Index(string name) => Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        var missing = RequiredColumns.Where(c => Index(c) < 0).ToList();
        int debit = Index("Debit"), credit = Index("Credit"), montant = Index("Montant"), sens = Index("Sens");
        if ((debit < 0 || credit < 0) && (montant < 0 || sens < 0))
        {
            missing.Add("Debit/Credit (or Montant/Sens)");
        }

        if (missing.Count > 0)
        {
            issues.AddFileIssue(string.Join(", ", missing), "Required FEC column(s) missing from the header line.");
            yield break;
        }

        var idx = RequiredColumns.Select(Index).ToArray();
        var dueDateColumn = Index("DateRglt");
        var lineNumber = 1;
        var expectedCells = names.Length;
        var entries = new Dictionary<(string Journal, string Number), Entry>();
        var next = ReadLine(reader);
        while (next is not null)
        {
            var text = next;
            lineNumber++;
            next = ReadLine(reader);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split(separator);
            if (next is null && !tracking.EndedWithLineBreak && cells.Length < expectedCells)
            {
                issues.AddFileIssue(lineNumber, null, null,
                    $"The file ends in the middle of line {lineNumber} ({cells.Length} of {expectedCells} columns, no line break): it is cut or incomplete.");
                break;
            }

            expectedCells = cells.Length;
            string Cell(int i) => i >= 0 && i < cells.Length ? cells[i].Trim() : "";
            var before = issues.Count;
            var ecritureDate = Date(Cell(idx[3]), names[idx[3]], required: true);
            var pieceDate = Date(Cell(idx[9]), names[idx[9]], required: false) ?? ecritureDate;
            var dueDate = dueDateColumn >= 0 ? Date(Cell(dueDateColumn), names[dueDateColumn], required: false) : null;
            decimal d = 0, c = 0;
            if (debit >= 0 && credit >= 0)
            {
                d = Amount(Cell(debit), names[debit]);
                c = Amount(Cell(credit), names[credit]);
            }
            else
            {
                var amount = Amount(Cell(montant), names[montant]);
                var side = Cell(sens).ToUpperInvariant();
                if (side is "D" or "+1" or "1")
                {
                    d = amount;
                }
                else if (side is "C" or "-1")
                {
                    c = amount;
                }
                else
                {
                    issues.Add(lineNumber, names[sens], side, "is not a side (D for debit, C for credit)");
                }
            }

            if (Cell(idx[4]).Length == 0)
            {
                issues.Add(lineNumber, names[idx[4]], null, "is empty: every FEC line has an account number");
            }

            var key = (Cell(idx[0]), Cell(idx[2]));
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new Entry(lineNumber);
                entries[key] = entry;
            }

            if (issues.Count != before || ecritureDate is null)
            {
                // Reported on its line; the entry's balance cannot be judged without it.
                entry.HasRejectedLine = true;
                continue;
            }

            entry.Debit += d;
            entry.Credit += c;
            yield return new FecLine(lineNumber, Cell(idx[0]), Cell(idx[1]), Cell(idx[2]), ecritureDate.Value, Cell(idx[4]), Cell(idx[5]),
                Cell(idx[6]), Cell(idx[7]), Cell(idx[8]), pieceDate!.Value, Cell(idx[10]), d, c, Cell(idx[11]), dueDate);

            DateOnly? Date(string value, string column, bool required)
            {
                if (value.Length == 0)
                {
                    if (required)
                    {
                        issues.Add(lineNumber, column, null, "is empty but required");
                    }

                    return null;
                }

                if (DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ||
                    Cells.TryDate(value, out date, out _))
                {
                    return date;
                }

                issues.Add(lineNumber, column, value, "is not a date (FEC dates are written yyyymmdd)");
                return null;
            }

            decimal Amount(string value, string column)
            {
                if (value.Length == 0)
                {
                    return 0;
                }

                if (Cells.TryAmount(value, out var amount, out var reason))
                {
                    return amount;
                }

                issues.Add(lineNumber, column, value, reason!);
                return 0;
            }
        }

        foreach (var ((journal, number), entry) in entries)
        {
            if (!entry.HasRejectedLine && entry.Debit != entry.Credit)
            {
                issues.AddFileIssue(entry.FirstLine, names[idx[2]], number, string.Create(CultureInfo.InvariantCulture,
                    $"Entry {number} of journal {journal} (from line {entry.FirstLine}) does not balance: debits {entry.Debit} ≠ credits {entry.Credit}; the file is cut or corrupt."));
            }
        }
    }

    private sealed class Entry(int firstLine)
    {
        public int FirstLine { get; } = firstLine;
        public decimal Debit { get; set; }
        public decimal Credit { get; set; }
        public bool HasRejectedLine { get; set; }
    }

    /// <summary>Passes characters through and remembers whether the last one ended a line.</summary>
    private sealed class TrackingReader(TextReader inner) : TextReader
    {
        public bool EndedWithLineBreak { get; private set; } = true;

        public override int Peek() => inner.Peek();

        public override int Read()
        {
            var c = inner.Read();
            if (c != -1)
            {
                EndedWithLineBreak = c is '\n' or '\r';
            }

            return c;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Reads up to '\n' and drops every trailing '\r' (some exports end lines with \r\r\n).</summary>
    private static string? ReadLine(TextReader reader)
    {
        var line = reader.ReadLine();
        if (line is null)
        {
            return null;
        }

        // TextReader.ReadLine ends a line at "\r\n" or a lone '\r': a "\r\r\n" line end would yield an extra
        // empty line and shift the line numbers, so swallow that remainder.
        if (reader.Peek() == '\r')
        {
            reader.Read();
            if (reader.Peek() == '\n')
            {
                reader.Read();
            }
        }

        return line;
    }
}
