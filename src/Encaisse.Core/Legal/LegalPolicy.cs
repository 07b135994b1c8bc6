using Encaisse.Ledger;

namespace Encaisse.Legal;

/// <summary>
/// The tenant's penalty policy (CustomerId null) or a customer's own agreed terms (CustomerId set), stored.
/// A customer's row replaces the tenant's for that customer.
/// </summary>
public sealed class LegalPolicy : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid? CustomerId { get; set; }
    /// <summary>Agreed annual penalty rate in percent; null = ECB + 10 points. Refused below 3 × the legal rate.</summary>
    public decimal? ContractualRate { get; set; }
    public HalfYearRatePolicy Policy { get; set; }
    public DayCountBasis Basis { get; set; }
    public bool BaseIncludesTax { get; set; } = true;
    /// <summary>Days given to pay in a formal notice.</summary>
    public int NoticeDays { get; set; } = 8;
    /// <summary>Interest over the days of a closed dispute (ADR 0410).</summary>
    public DisputeInterestPolicy DisputeInterest { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public PenaltyTerms ToTerms() => new()
    {
        ContractualRate = ContractualRate,
        Policy = Policy,
        Basis = Basis,
        BaseIncludesTax = BaseIncludesTax,
        DisputeInterest = DisputeInterest,
    };
}
