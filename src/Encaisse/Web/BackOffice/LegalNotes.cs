using System.Globalization;
using System.Text.RegularExpressions;
using Encaisse.Ledger;
using Encaisse.Legal;
using Encaisse.Localization;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// Payment terms and the legal notes of the invoice and customer pages in the reader's language, from the catalogue
/// (<c>terms.*</c>, <c>legalNote.*</c>). The pure legal rules (<see cref="PaymentTermsRules"/>, <see cref="PenaltyCalculator"/>)
/// still return their notes as English sentences; until they return keys with data, the known sentences are read
/// back here into catalogue messages (one pattern per sentence the rules write). A sentence no pattern knows is shown
/// as written rather than hidden.
/// </summary>
public static partial class LegalNotes
{
    /// <summary>"45 jours fin de mois", "30 days net", "Comptant"… for the stored terms; the text itself when unreadable.</summary>
    public static string Terms(string language, string? text)
    {
        if (!PaymentTerms.TryParse(text, out var terms))
        {
            return text ?? "";
        }

        return terms.Kind switch
        {
            TermsKind.Net when terms.Days == 0 => Catalogue.Text(language, "terms.cash"),
            TermsKind.Net => Catalogue.Text(language, "terms.net", ("days", terms.Days)),
            TermsKind.DaysEndOfMonth => Catalogue.Text(language, "terms.daysEndOfMonth", ("days", terms.Days)),
            TermsKind.EndOfMonthPlus when terms.Days == 0 => Catalogue.Text(language, "terms.endOfMonth"),
            TermsKind.EndOfMonthPlus => Catalogue.Text(language, "terms.endOfMonthPlus", ("days", terms.Days)),
            _ => Catalogue.Text(language, "terms.fixed", ("date", terms.Fixed!.Value)),
        };
    }

    /// <summary>The customer's agreed terms checked against the legal cap, as notes in <paramref name="language"/>.</summary>
    public static IReadOnlyList<string> CustomerTerms(string language, Customer customer, Tenant tenant)
    {
        return PaymentTermsRules.CheckCustomer(customer, tenant).Select(w => Translate(language, w)).ToList();
    }

    /// <summary>Notes of the legal rules (terms, interest) in <paramref name="language"/>.</summary>
    public static IReadOnlyList<string> Translate(string language, IEnumerable<string> notes) =>
        notes.Select(n => Translate(language, n)).Distinct().ToList();

    /// <summary>One note of the legal rules in <paramref name="language"/> (the sentence itself when no pattern knows it).</summary>
    public static string Translate(string language, string note)
    {
        foreach (var (pattern, key) in Known)
        {
            var match = pattern.Match(note);
            if (match.Success)
            {
                var args = pattern.GetGroupNames().Where(g => !int.TryParse(g, CultureInfo.InvariantCulture, out _))
                    .ToDictionary(g => g, g => Argument(language, g, match.Groups[g].Value), StringComparer.Ordinal);
                return Catalogue.Text(language, key, args);
            }
        }

        return note;
    }

    private static object? Argument(string language, string name, string value) => name switch
    {
        _ when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        "half" or "latest" => HalfYearText(language, value),
        "terms" => Terms(language, value),
        "reason" => value switch
        {
            "dispute resolved by a credit note" => Catalogue.Text(language, "legalNote.pause.creditNote"),
            "dispute, rejected, paused by policy" => Catalogue.Text(language, "legalNote.pause.rejectedDispute"),
            _ => value,
        },
        _ => value,
    };

    /// <summary>"2026H2" → "2e semestre 2026" / "second half of 2026".</summary>
    public static string HalfYearText(string language, string half) =>
        half.Length == 6 && half[4] == 'H'
            ? Catalogue.Text(language, half[5] == '1' ? "legalNote.firstHalf" : "legalNote.secondHalf", ("year", half[..4]))
            : half;

    private static readonly (Regex Pattern, string Key)[] Known =
    [
        (ProvisionalPattern(), "legalNote.provisionalRates"),
        (MissingRatesPattern(), "legalNote.missingRates"),
        (NoIndemnityPattern(), "legalNote.noIndemnityInsolvency"),
        (ConsumerCostsPattern(), "legalNote.consumerCosts"),
        (ConsumerNoticePattern(), "legalNote.consumerNotice"),
        (InsolvencyStopPattern(), "legalNote.interestStopsInsolvency"),
        (PausePattern(), "legalNote.interestPaused"),
        (FloorPattern(), "legalNote.floorAboveDefault"),
        (DueBeforeIssuePattern(), "legalNote.dueBeforeIssue"),
        (DeliveryPattern(), "legalNote.deliveryAssumed"),
        (DerogationPattern(), "legalNote.eomDerogation"),
        (PastCapPattern(), "legalNote.pastCap"),
        (TermsExceedPattern(), "legalNote.termsExceedCap"),
        (TermsUnreadablePattern(), "legalNote.termsUnreadable"),
    ];

    [GeneratedRegex(@"^The reference rates of (?<half>\d{4}H[12]) are not known yet: those of (?<latest>\d{4}H[12]) are used provisionally")]
    private static partial Regex ProvisionalPattern();

    [GeneratedRegex(@"^No reference rates for half-year (?<half>\d{4}H[12])")]
    private static partial Regex MissingRatesPattern();

    [GeneratedRegex(@"^No €40 indemnity: the collective procedure")]
    private static partial Regex NoIndemnityPattern();

    [GeneratedRegex(@"^Recovery costs cannot be charged to a consumer")]
    private static partial Regex ConsumerCostsPattern();

    [GeneratedRegex(@"^Consumer debt without a formal notice")]
    private static partial Regex ConsumerNoticePattern();

    [GeneratedRegex(@"^Interest stops at the opening of the collective procedure on (?<date>\d{4}-\d{2}-\d{2})")]
    private static partial Regex InsolvencyStopPattern();

    [GeneratedRegex(@"^No interest from (?<from>\d{4}-\d{2}-\d{2}) to (?<to>\d{4}-\d{2}-\d{2}): (?<reason>.*)\.$")]
    private static partial Regex PausePattern();

    [GeneratedRegex(@"^In (?<half>\d{4}H[12]) the floor for a contractual rate .* exceeds the default rate")]
    private static partial Regex FloorPattern();

    [GeneratedRegex(@"^The due date (?<due>\d{4}-\d{2}-\d{2}) is before the invoice date (?<issued>\d{4}-\d{2}-\d{2})")]
    private static partial Regex DueBeforeIssuePattern();

    [GeneratedRegex(@"^The sector cap counts from delivery")]
    private static partial Regex DeliveryPattern();

    [GeneratedRegex(@"^Beyond 60 days \((?<date>\d{4}-\d{2}-\d{2})\): allowed only under the 45 days end-of-month derogation")]
    private static partial Regex DerogationPattern();

    [GeneratedRegex(@"^The due date (?<due>\d{4}-\d{2}-\d{2}) is past the legal maximum (?<cap>\d{4}-\d{2}-\d{2})")]
    private static partial Regex PastCapPattern();

    [GeneratedRegex(@"^The payment terms '(?<terms>.*)' cannot be read")]
    private static partial Regex TermsUnreadablePattern();

    [GeneratedRegex(@"^The terms '(?<terms>[^']*)' exceed the legal maximum .*: an invoice dated (?<issued>\d{4}-\d{2}-\d{2}) would fall due (?<due>\d{4}-\d{2}-\d{2}), after (?<cap>\d{4}-\d{2}-\d{2})")]
    private static partial Regex TermsExceedPattern();
}
