using System.Globalization;

namespace Encaisse.Risk;

/// <summary>
/// A company as the API Recherche d'entreprises describes it (reference/french-law.md §9.1): identity,
/// state (A active / C cessée), legal form (INSEE category code), headcount band, activity code, head office.
/// </summary>
public sealed record CompanyRecord(
    string Siren,
    string LegalName,
    bool Active,
    DateOnly? CreatedOn,
    DateOnly? CeasedOn,
    string? LegalForm,
    string? HeadcountBand,
    string? ActivityCode,
    string? HeadOfficeSiret,
    string? HeadOfficeAddress,
    string? HeadOfficePostalCode,
    string? HeadOfficeCity)
{
    /// <summary>Public annual accounts the registry gives (<c>finances</c>: revenue and net result per year); empty when none.</summary>
    public IReadOnlyList<PublishedAccounts> Accounts { get; init; } = [];
}

public enum InsolvencyKind
{
    Sauvegarde = 0,
    Redressement = 1,
    Liquidation = 2,
}

/// <summary>One BODACC "procédures collectives" notice about a SIREN (reference/french-law.md §9.3).</summary>
public sealed record InsolvencyNotice(
    string NoticeId,
    string Siren,
    DateOnly PublishedOn,
    string? Court,
    string? JudgmentFamily,
    string? JudgmentNature,
    DateOnly? JudgmentDate)
{
    /// <summary>The procedure this notice opens, or null when it does not open one (closure, plan, rectification...).</summary>
    public InsolvencyKind? Opens => InsolvencyNotices.OpeningKind(JudgmentNature, JudgmentFamily);
}

/// <summary>Classification of BODACC judgments and the proof-of-claim deadline (R622-24 Code de commerce).</summary>
public static class InsolvencyNotices
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>
    /// Opening judgments (jugement d'ouverture de sauvegarde / redressement / liquidation judiciaire, and the
    /// conversion of a procedure into liquidation) start the claims deadline; other judgments do not.
    /// </summary>
    public static InsolvencyKind? OpeningKind(string? nature, string? family)
    {
        var text = ((nature ?? "") + " " + (family ?? "")).ToLowerInvariant();
        var opens = text.Contains("ouverture", StringComparison.Ordinal) || text.Contains("conversion", StringComparison.Ordinal)
            || text.Contains("prononçant la liquidation", StringComparison.Ordinal);
        if (!opens || text.Contains("clôture", StringComparison.Ordinal) || text.Contains("cloture", StringComparison.Ordinal))
        {
            return null;
        }

        if (text.Contains("liquidation", StringComparison.Ordinal))
        {
            return InsolvencyKind.Liquidation;
        }

        if (text.Contains("redressement", StringComparison.Ordinal))
        {
            return InsolvencyKind.Redressement;
        }

        return text.Contains("sauvegarde", StringComparison.Ordinal) ? InsolvencyKind.Sauvegarde : null;
    }

    /// <summary>
    /// Deadline to declare a claim to the mandataire: 2 months from the BODACC publication, 4 months for a
    /// creditor outside metropolitan France; months counted from date to date (a missing day gives the month's last).
    /// </summary>
    public static DateOnly ProofOfClaimDeadline(DateOnly publishedOn, bool creditorInMetropolitanFrance) =>
        publishedOn.AddMonths(creditorInMetropolitanFrance ? 2 : 4);

    /// <summary>Metropolitan France: country FR and a postal code that is not overseas (97x, 98x).</summary>
    public static bool IsMetropolitanFrance(string? country, string? postalCode) =>
        (country ?? "FR") == "FR" && !(postalCode?.StartsWith("97", StringComparison.Ordinal) == true || postalCode?.StartsWith("98", StringComparison.Ordinal) == true);

    /// <summary>Judgment dates come as ISO (2020-11-19) or French text (10 décembre 2009, 1er mars 2021).</summary>
    public static DateOnly? ParseJudgmentDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
        {
            return iso;
        }

        trimmed = trimmed.Replace("1er ", "1 ", StringComparison.OrdinalIgnoreCase);
        return DateOnly.TryParseExact(trimmed, ["d MMMM yyyy", "dd MMMM yyyy"], French, DateTimeStyles.AllowWhiteSpaces, out var fr) ? fr : null;
    }
}
