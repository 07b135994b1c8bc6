namespace Encaisse.Formats;

/// <summary>Rows created and rows updated (matched by their key) for one entity.</summary>
public sealed record ImportCounts(int Created, int Updated)
{
    /// <summary>Allocations the ledger's rules refused or cut (they would have settled more than is open or available).</summary>
    public int Refused { get; init; }
}

/// <summary>
/// What an import did, the same for the CLI (<c>--json</c>) and the API: counts created / updated / rejected
/// and the errors (line, column, value, reason). <see cref="Written"/> is false when the file was rejected and
/// nothing was written.
/// </summary>
public sealed class ImportReport
{
    public required ImportKind Kind { get; init; }
    public required string File { get; init; }
    public string? Format { get; set; }
    public string? Encoding { get; set; }
    public string? Separator { get; set; }
    public bool Written { get; set; }
    public bool SkipInvalid { get; set; }
    /// <summary>Records read from the file (after grouping instalment rows).</summary>
    public int Records { get; set; }
    /// <summary>Created / updated of the file's main entity (customers, invoices, payments; invoices for FEC).</summary>
    public int Created { get; set; }
    public int Updated { get; set; }
    /// <summary>Lines rejected (each counted once however many problems it has).</summary>
    public int Rejected { get; set; }
    public ImportCounts? Customers { get; set; }
    public ImportCounts? Invoices { get; set; }
    public ImportCounts? Payments { get; set; }
    public ImportCounts? Allocations { get; set; }
    /// <summary>FEC only: the open invoices (not fully lettered) and their total in minor units.</summary>
    public int? OpenInvoices { get; set; }
    public long? OpenInvoicesMinor { get; set; }
    /// <summary>FEC: first day of the file's fiscal year (part of a document's identity).</summary>
    public DateOnly? FiscalYearStart { get; set; }
    /// <summary>FEC: "imported" (no earlier fiscal year in the ledger: à-nouveaux are receivables) or "reconciled" (they settle the earlier years' open items).</summary>
    public string? OpeningBalances { get; set; }
    /// <summary>FEC: documents whose piece number another fiscal year holds already, stored with the year ("VE0123/2024").</summary>
    public int? NumbersWithYear { get; set; }
    /// <summary>FEC, reconciled: this year's lettering of à-nouveaux written on the earlier years' invoices.</summary>
    public ImportCounts? CarriedForward { get; set; }
    /// <summary>FEC, reconciled: lettered on à-nouveaux but finding no earlier open invoice (cents); the books and the ledger disagree by this much.</summary>
    public long? OpeningUnplacedMinor { get; set; }
    public int ErrorCount { get; set; }
    public IReadOnlyList<ImportIssue> Errors { get; set; } = [];
    public IReadOnlyList<string> IgnoredColumns { get; set; } = [];
    /// <summary>Invoices and FEC: the mandatory invoice mentions the imported invoices lack (warnings, not errors).</summary>
    public Legal.MentionWarnings? Mentions { get; set; }
    /// <summary>Invoices file with a factor column: the invoices sold to their factor once written, and those the sale refused.</summary>
    public ImportFactoringReport? Factoring { get; set; }
}
