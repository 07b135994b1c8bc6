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

    /// <summary>
    /// R622-24 al. 2 in both directions: the 2 months become 4 when the creditor does not live in the territory where the
    /// court sits — metropolitan France, or the one overseas department or collectivity of the court. The court sits
    /// where the debtor has its registered office, so the debtor's address stands for it.
    /// </summary>
    public static DateOnly Deadline(DateOnly publishedOn, string? creditorCountry, string? creditorPostalCode, string? debtorCountry, string? debtorPostalCode) =>
        Deadline(publishedOn, Territory(creditorCountry, creditorPostalCode) != Territory(debtorCountry, debtorPostalCode));

    /// <summary>"metropole", an overseas department or collectivity ("outre-mer-974"), or a foreign country ("BE").</summary>
    public static string Territory(string? country, string? postalCode)
    {
        var c = string.IsNullOrWhiteSpace(country) ? "FR" : country.Trim().ToUpperInvariant();
        if (c != "FR")
        {
            return c;
        }

        // 971-978 and 98x: overseas departments and collectivities; 975 Saint-Pierre-et-Miquelon, 977/978 Saint-Barthélemy/Saint-Martin.
        return postalCode is { Length: 5 } pc && (pc.StartsWith("97", StringComparison.Ordinal) || pc.StartsWith("98", StringComparison.Ordinal))
            ? "outre-mer-" + pc[..3]
            : "metropole";
    }

    /// <summary>Relevé de forclusion: within 6 months of the publication (L622-26).</summary>
    public static DateOnly ReliefDeadline(DateOnly publishedOn) => FrenchCalendar.MonthsLater(publishedOn, 6);

    /// <summary>True for a French postal code outside metropolitan France (overseas departments and collectivities: 97x, 98x).</summary>
    public static bool IsOutsideMetropolitanFrance(string? country, string? postalCode) =>
        (country ?? "FR") != "FR" || (postalCode is { Length: 5 } pc && (pc.StartsWith("97", StringComparison.Ordinal) || pc.StartsWith("98", StringComparison.Ordinal)));
}
