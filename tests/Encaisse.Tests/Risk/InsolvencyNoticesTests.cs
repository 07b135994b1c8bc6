using Encaisse.Risk;
using Shouldly;

namespace Encaisse.Tests.Risk;

public sealed class InsolvencyNoticesTests
{
    [Theory]
    [InlineData("Jugement d'ouverture d'une procédure de sauvegarde", "Jugement d'ouverture", InsolvencyKind.Sauvegarde)]
    [InlineData("Jugement d'ouverture d'une procédure de redressement judiciaire", "Jugement d'ouverture", InsolvencyKind.Redressement)]
    [InlineData("Jugement d'ouverture de liquidation judiciaire", "Jugement d'ouverture", InsolvencyKind.Liquidation)]
    [InlineData("Jugement de conversion en liquidation judiciaire", "Jugement de conversion", InsolvencyKind.Liquidation)]
    [InlineData("Jugement de clôture pour insuffisance d'actif", "Jugement de clôture", null)]
    [InlineData("Jugement arrêtant le plan de redressement", "Jugement arrêtant le plan", null)]
    [InlineData(null, null, null)]
    public void Opening_judgments_are_recognised(string? nature, string? family, InsolvencyKind? expected) =>
        InsolvencyNotices.OpeningKind(nature, family).ShouldBe(expected);

    [Theory]
    [InlineData("2026-06-10", true, "2026-08-10")]
    [InlineData("2026-06-10", false, "2026-10-10")]
    [InlineData("2026-12-31", true, "2027-02-28")] // de quantième à quantième; no 31 February
    [InlineData("2027-11-30", false, "2028-03-30")]
    public void Proof_of_claim_deadline_is_two_months_or_four_outside_metropolitan_france(string published, bool metropolitan, string expected) =>
        InsolvencyNotices.ProofOfClaimDeadline(DateOnly.Parse(published, System.Globalization.CultureInfo.InvariantCulture), metropolitan)
            .ShouldBe(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("FR", "75002", true)]
    [InlineData("FR", "97400", false)]
    [InlineData("FR", "98800", false)]
    [InlineData("BE", "1000", false)]
    public void Metropolitan_france_excludes_overseas_and_abroad(string country, string postalCode, bool expected) =>
        InsolvencyNotices.IsMetropolitanFrance(country, postalCode).ShouldBe(expected);

    [Theory]
    [InlineData("2020-11-19", "2020-11-19")]
    [InlineData("10 décembre 2009", "2009-12-10")]
    [InlineData("1er mars 2021", "2021-03-01")]
    [InlineData("n/a", null)]
    public void Judgment_dates_in_iso_or_french_text(string text, string? expected) =>
        InsolvencyNotices.ParseJudgmentDate(text).ShouldBe(expected is null ? null : DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
}
