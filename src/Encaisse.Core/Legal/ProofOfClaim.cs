namespace Encaisse.Legal;

/// <summary>Insolvency time limits (french-law.md §7).</summary>
public static class ProofOfClaim
{
    /// <summary>
    /// R622-24 C. com.: 2 months from the BODACC publication of the opening judgment, 4 months for a creditor
    /// that does not reside in metropolitan France; counted month to month and moved off weekends and holidays.
    /// </summary>
    public static DateOnly Deadline(DateOnly publishedOn, bool creditorOutsideMetropolitanFrance) =>
        FrenchCalendar.MonthsLater(publishedOn, creditorOutsideMetropolitanFrance ? 4 : 2);

    /// <summary>Relevé de forclusion: within 6 months of the publication (L622-26).</summary>
    public static DateOnly ReliefDeadline(DateOnly publishedOn) => FrenchCalendar.MonthsLater(publishedOn, 6);

    /// <summary>True for a French postal code outside metropolitan France (overseas departments and collectivities: 97x, 98x).</summary>
    public static bool IsOutsideMetropolitanFrance(string? country, string? postalCode) =>
        (country ?? "FR") != "FR" || (postalCode is { Length: 5 } pc && (pc.StartsWith("97", StringComparison.Ordinal) || pc.StartsWith("98", StringComparison.Ordinal)));
}
