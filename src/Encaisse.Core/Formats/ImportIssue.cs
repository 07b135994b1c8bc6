namespace Encaisse.Formats;

/// <summary>What a file holds: the verb of <c>encaisse import KIND FILE</c>.</summary>
public enum ImportKind
{
    Customers = 0,
    Invoices = 1,
    Payments = 2,
    Fec = 3,
}

/// <summary>
/// One problem found in an imported file, precise enough for a person to fix it: the line of the file (1 =
/// header line), the column as headed in the file, the offending value and a readable reason.
/// </summary>
public sealed record ImportIssue(int Line, string? Column, string? Value, string Reason);

/// <summary>
/// Collects the issues of one import. Keeps the first <see cref="MaxKept"/> for the report (a 1M-row file full
/// of errors must not fill memory) but counts every rejected line.
/// </summary>
public sealed class ImportIssues
{
    public const int MaxKept = 1000;
    private readonly List<ImportIssue> kept = [];
    private int lastRejectedLine = -1;

    public IReadOnlyList<ImportIssue> Items => kept;
    public int Count { get; private set; }
    /// <summary>Lines that carried at least one issue (each counted once).</summary>
    public int RejectedLines { get; private set; }
    /// <summary>True when a problem makes the whole file unreadable (missing required column, unknown format).</summary>
    public bool FileRejected { get; private set; }

    public void Add(int line, string? column, string? value, string reason) => Add(new ImportIssue(line, column, value, reason));

    public void Add(ImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        Count++;
        if (kept.Count < MaxKept)
        {
            kept.Add(issue);
        }

        if (issue.Line != lastRejectedLine)
        {
            lastRejectedLine = issue.Line;
            RejectedLines++;
        }
    }

    public void AddFileIssue(string? column, string reason)
    {
        FileRejected = true;
        Add(1, column, null, reason);
    }

    /// <summary>A problem at <paramref name="line"/> that makes the whole file unusable (cut file, unbalanced entry).</summary>
    public void AddFileIssue(int line, string? column, string? value, string reason)
    {
        FileRejected = true;
        Add(line, column, value, reason);
    }

    /// <summary>Counts a line as rejected because of a reason found later (e.g. unknown customer in the database).</summary>
    public void AddLate(ImportIssue issue)
    {
        lastRejectedLine = -1;
        Add(issue);
    }
}
