using Encaisse.Ledger;

namespace Encaisse.Formats.Runs;

public enum ImportRunStatus
{
    /// <summary>Reading and writing in the background.</summary>
    Running = 0,
    /// <summary>Written (all rows, or the valid ones with skip-invalid).</summary>
    Written = 1,
    /// <summary>Refused: nothing was written (invalid rows in all-or-nothing mode, or an unreadable file).</summary>
    Rejected = 2,
    /// <summary>Stopped by an unexpected error (or the server stopped); nothing was written.</summary>
    Failed = 3,
}

/// <summary>
/// One import started from the back office: who, when, which file, the counts and the outcome, and the full
/// <see cref="ImportReport"/> as JSON (its error list is capped at <see cref="ImportIssues.MaxKept"/>).
/// </summary>
public sealed class ImportRun : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public ImportKind Kind { get; set; }
    public required string FileName { get; set; }
    public long SizeBytes { get; set; }
    public bool SkipInvalid { get; set; }
    /// <summary>Login of the person who started it.</summary>
    public required string StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public ImportRunStatus Status { get; set; }
    public int Records { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Rejected { get; set; }
    public int ErrorCount { get; set; }
    /// <summary>The import report (CliJson shape), once finished.</summary>
    public string? Report { get; set; }
    /// <summary>Why a failed import stopped (exception type and message; never logged).</summary>
    public string? Failure { get; set; }
}
