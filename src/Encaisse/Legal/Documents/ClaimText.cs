using Encaisse.Ledger;
using Encaisse.Localization;

namespace Encaisse.Legal.Documents;

/// <summary>
/// How every document and message words a <see cref="ClaimDecision"/> (from the catalogue, in the reader's language):
/// the credits deducted, the items listed without being claimed and why, the provisional rates, the totals.
/// </summary>
public static class ClaimText
{
    /// <summary>One line per credit deducted: "Avoir AV-120 du 01/11/2026 : 120,00 € déduits".</summary>
    public static IReadOnlyList<string> Credits(ClaimDecision decision, string language)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Credits.Select(c => Catalogue.Text(language,
            c.Credit.Kind == CreditKind.CreditNote ? "claim.credit.creditNote" : "claim.credit.payment",
            ("reference", c.Credit.Reference), ("date", c.Credit.Date), ("amount", new Money(c.DeductedMinor, c.Credit.Currency)))).ToList();
    }

    /// <summary>One line per item listed without being claimed: "FA-9 (échéance 04/12/2026, 500,00 €) : non échue au 02/12/2026, non réclamée".</summary>
    public static IReadOnlyList<string> Listed(ClaimDecision decision, string language)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Listed.Select(i => Catalogue.Text(language, "claim.listed",
            ("invoice", Number(i.Item)), ("due", i.Item.DueDate), ("amount", new Money(i.Item.OpenMinor, i.Item.Currency)),
            ("reason", Reason(i.Reason, decision.AsOf, language)))).ToList();
    }

    /// <summary>Why an item is claimed or listed, in words.</summary>
    public static string Reason(ClaimReason reason, DateOnly asOf, string language) =>
        Catalogue.Text(language, "claim.reason." + Word.Of(reason).Value, ("date", asOf));

    /// <summary>The paragraphs a document prints after its table: credits deducted, items listed and why, provisional rates.</summary>
    public static IReadOnlyList<string> Explanations(ClaimDecision decision, string language)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var paragraphs = new List<string>();
        if (decision.Credits.Count > 0)
        {
            paragraphs.Add(Catalogue.Text(language, "claim.creditsIntro") + " " + string.Join(" ; ", Credits(decision, language)) + ".");
        }

        if (decision.Listed.Any())
        {
            paragraphs.Add(Catalogue.Text(language, "claim.listedIntro") + " " + string.Join(" ; ", Listed(decision, language)) + ".");
        }

        foreach (var half in decision.ProvisionalRates)
        {
            paragraphs.Add(Catalogue.Text(language, "claim.provisionalRate", ("half", Half(half, language)),
                ("latest", decision.ProvisionalLatest is { } latest ? Half(latest, language) : "")));
        }

        return paragraphs;
    }

    /// <summary>Totals lines: claimed before credits, credits deducted (when any), net principal.</summary>
    public static IReadOnlyList<(string Label, string Value)> PrincipalTotals(ClaimDecision decision, string language)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var lines = new List<(string, string)>();
        if (decision.CreditsMinor > 0)
        {
            lines.Add((Catalogue.Text(language, "claim.totals.gross"), Catalogue.Format(new Money(decision.ClaimedGrossMinor, decision.Currency), language)));
            lines.Add((Catalogue.Text(language, "claim.totals.credits"), "- " + Catalogue.Format(new Money(decision.CreditsMinor, decision.Currency), language)));
        }

        lines.Add((Catalogue.Text(language, "claim.totals.net"), Catalogue.Format(new Money(decision.NetPrincipalMinor, decision.Currency), language)));
        return lines;
    }

    /// <summary>"2d semestre 2026" / "2nd half of 2026".</summary>
    public static string Half(Rates.HalfYear half, string language) =>
        Catalogue.Text(language, "halfYear." + half.Half.ToString(System.Globalization.CultureInfo.InvariantCulture), ("year", half.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static string Number(OpenItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Number + (item.InstalmentSequence is { } seq ? $" ({seq})" : "");
    }
}
