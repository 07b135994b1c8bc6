using Encaisse.Ledger;

namespace Encaisse.Dunning.Letters;

/// <summary>One legal amount printed under the invoices of a letter (late-payment interest, €40 indemnity).</summary>
public sealed record LegalClaimLine(string Label, long AmountMinor, string Currency);

/// <summary>
/// Where letters get the amounts the law allows to claim. By default a run uses the Legal capability's
/// <see cref="Legal.StatutoryLetterClaims"/> at the rates stored in the database; <see cref="NoLegalClaims"/> prints none.
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
