using Encaisse.Ledger;

namespace Encaisse.Dunning.Letters;

/// <summary>One legal amount printed under the invoices of a letter (late-payment interest, €40 indemnity).</summary>
public sealed record LegalClaimLine(string Label, long AmountMinor, string Currency);

/// <summary>
/// Where letters get the amounts the law allows to claim. The default is the Legal capability's
/// <see cref="Legal.StatutoryLetterClaims"/>; <see cref="NoLegalClaims"/> prints none (tests that check layout only).
/// </summary>
public interface ILegalClaimsSource
{
    IReadOnlyList<LegalClaimLine> ClaimsFor(Customer customer, IReadOnlyList<OpenItem> items, DateOnly asOf);
}

public sealed class NoLegalClaims : ILegalClaimsSource
{
    public static NoLegalClaims Instance { get; } = new();

    public IReadOnlyList<LegalClaimLine> ClaimsFor(Customer customer, IReadOnlyList<OpenItem> items, DateOnly asOf) => [];
}
