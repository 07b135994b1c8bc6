namespace Encaisse.Dunning;

public enum CustomerDocumentKind
{
    /// <summary>Relevé de compte sent to the customer.</summary>
    Statement = 0,
    /// <summary>Mise en demeure (escalation).</summary>
    FormalNotice = 1,
    /// <summary>Letter of a collection agency with the R124-4 CPCE mentions (escalation).</summary>
    AgencyLetter = 2,
    /// <summary>Requête en injonction de payer file (escalation).</summary>
    PaymentOrder = 3,
    /// <summary>Déclaration de créance to the mandataire of a collective procedure.</summary>
    ProofOfClaim = 4,
    /// <summary>Claim file (déclaration de menace de sinistre) sent to the credit insurer.</summary>
    InsuranceClaim = 5,
}

/// <summary>
/// A PDF produced for one customer by a person (a statement e-mailed, an escalation letter or file), kept as
/// evidence with its hash and offered for download on the customer page.
/// </summary>
public sealed class CustomerDocument : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    public CustomerDocumentKind Kind { get; set; }
    public required string FileName { get; set; }
    public required byte[] Content { get; set; }
    /// <summary>SHA-256 (hex) of <see cref="Content"/>.</summary>
    public required string ContentHash { get; set; }
    /// <summary>The business date the document speaks as of.</summary>
    public DateOnly AsOf { get; set; }
    /// <summary>E-mail address it was sent to, when it was sent (never logged).</summary>
    public string? SentTo { get; set; }
    /// <summary>The mail server's answer when sent.</summary>
    public string? Outcome { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
