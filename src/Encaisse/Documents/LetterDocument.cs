namespace Encaisse.Documents;

/// <summary>A party on a letter: the name and the address lines as they should be printed.</summary>
public sealed record LetterParty(string Name, IReadOnlyList<string> AddressLines)
{
    /// <summary>Identity lines under the sender's letterhead (SIREN, VAT, phone, e-mail).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];
}

public enum ColumnAlign
{
    Left = 0,
    Right = 1,
}

/// <summary>A column of the letter's table, with its share of the text width.</summary>
public sealed record LetterColumn(string Header, double Width, ColumnAlign Align = ColumnAlign.Left);

/// <summary>
/// Everything a French business letter shows, as data: letters, formal notices, statements and legal files are
/// built as a <see cref="LetterDocument"/> and rendered by <see cref="LetterPdf"/>, so layout lives in one place.
/// Text is already formatted (amounts in French format, dates dd/MM/yyyy).
/// </summary>
public sealed record LetterDocument
{
    public required LetterParty Sender { get; init; }
    public required LetterParty Recipient { get; init; }
    /// <summary>"Paris, le 22/11/2026".</summary>
    public required string PlaceAndDate { get; init; }
    /// <summary>Shown above the subject, e.g. "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION".</summary>
    public string? Banner { get; init; }
    /// <summary>Reference lines: "Vos références : 411DUPONT", "Nos références : ...".</summary>
    public IReadOnlyList<string> References { get; init; } = [];
    public required string Subject { get; init; }
    /// <summary>Language of the letter's own words around the texts given ("Objet :" / "Subject:"): fr (default) or en.</summary>
    public string Language { get; init; } = "fr";
    public string? Salutation { get; init; }
    public IReadOnlyList<string> Paragraphs { get; init; } = [];
    public IReadOnlyList<LetterColumn> Columns { get; init; } = [];
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; init; } = [];
    /// <summary>Label/value lines under the table (principal, interest, indemnity, total).</summary>
    public IReadOnlyList<(string Label, string Value)> Totals { get; init; } = [];
    public IReadOnlyList<string> ClosingParagraphs { get; init; } = [];
    /// <summary>
    /// Framed paragraphs printed after the signature (legal reproductions such as L111-8 CPCE, notices); each
    /// entry is one box. Empty by default, so existing letters render unchanged.
    /// </summary>
    public IReadOnlyList<string> BoxedNotices { get; init; } = [];
    public string? SignatureName { get; init; }
    public string? SignatureTitle { get; init; }
    /// <summary>Small print at the bottom of every page (legal identity of the sender).</summary>
    public string? Footer { get; init; }
    /// <summary>PDF title metadata.</summary>
    public string Title => Subject;
}
