namespace Encaisse.Risk;

/// <summary>
/// A credit insurer's limit on a customer (agrément / limite de crédit): amount covered between two dates, and
/// the policy's deadline to declare an overdue invoice (déclaration de menace de sinistre), in days after the due
/// date, which differs per policy. Each row is one decision of the insurer (<see cref="Decision"/>): the rows of a
/// customer are its limit's history, the latest one taken is in force (<see cref="CreditInsurance.Current"/>).
/// </summary>
public sealed class BuyerLimit : Ledger.ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid CustomerId { get; set; }
    /// <summary>Allianz Trade, Atradius, Coface, Groupama...</summary>
    public required string Insurer { get; set; }
    public string? PolicyNumber { get; set; }
    public long AmountMinor { get; set; }
    public string Currency { get; set; } = "EUR";
    public DateOnly StartsOn { get; set; }
    /// <summary>Last day covered; null = until withdrawn.</summary>
    public DateOnly? ExpiresOn { get; set; }
    /// <summary>Days after an invoice's due date by which the insurer must be told it is unpaid.</summary>
    public int DeclarationDays { get; set; } = 60;
    /// <summary>Requested, granted, reduced or withdrawn (a withdrawal carries amount 0).</summary>
    public LimitDecision Decision { get; set; }
    /// <summary>The insurer's reference for the decision (numéro de décision / d'agrément).</summary>
    public string? DecisionReference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public bool ActiveOn(DateOnly date) => StartsOn <= date && (ExpiresOn is null || date <= ExpiresOn);
}
