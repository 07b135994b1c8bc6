using Encaisse.Legal.Rates;
using Encaisse.Localization;

namespace Encaisse.Legal;

/// <summary>
/// A note of the legal rules (terms cap, interest, indemnity): a stable code (catalogue key <c>legalNote.{Code}</c>)
/// and the data its sentence is written from, rendered in the reader's language at display time (ADR 1530). Data
/// values are dates, numbers, strings, a <see cref="HalfYear"/> ("second half of 2026"), a <see cref="TermsSector"/>
/// (<c>legalNote.sector.*</c>), <see cref="PaymentTerms"/> (<c>terms.*</c>), a coded refusal (<c>error.*</c>) or, for <c>reason</c>, an interest-pause
/// code (<c>legalNote.pause.*</c>). <see cref="ToString"/> is the English sentence (CLI, API, logs).
/// </summary>
public sealed record LegalNote(string Code, IReadOnlyDictionary<string, object?> Data)
{
    public const string DueBeforeIssue = "dueBeforeIssue";
    public const string DeliveryAssumed = "deliveryAssumed";
    public const string EndOfMonthDerogation = "eomDerogation";
    public const string PastCap = "pastCap";
    public const string TermsUnreadable = "termsUnreadable";
    public const string TermsExceedCap = "termsExceedCap";
    public const string ProvisionalRates = "provisionalRates";
    public const string MissingRates = "missingRates";
    public const string NoIndemnityInsolvency = "noIndemnityInsolvency";
    public const string ConsumerCosts = "consumerCosts";
    public const string ConsumerNotice = "consumerNotice";
    public const string InterestStopsInsolvency = "interestStopsInsolvency";
    public const string InterestPaused = "interestPaused";
    public const string FloorAboveDefault = "floorAboveDefault";
    public const string RateBelowFloor = "rateBelowFloor";
    public const string ClaimRefused = "claimRefused";

    /// <summary>Every code, for the tests that check each has its sentence in both catalogues.</summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        DueBeforeIssue, DeliveryAssumed, EndOfMonthDerogation, PastCap, TermsUnreadable, TermsExceedCap, ProvisionalRates, MissingRates,
        NoIndemnityInsolvency, ConsumerCosts, ConsumerNotice, InterestStopsInsolvency, InterestPaused, FloorAboveDefault, RateBelowFloor, ClaimRefused,
    ];

    public static LegalNote Of(string code, params (string Name, object? Value)[] data) =>
        new(code, data.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal));

    /// <summary>The catalogue key of the note's sentence.</summary>
    public string Key => "legalNote." + Code;

    /// <summary>The note in <paramref name="language"/> ("fr", "en").</summary>
    public string Text(string? language)
    {
        var args = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in Data)
        {
            args[name] = value switch
            {
                HalfYear half => HalfYearText(language, half),
                TermsSector sector => Catalogue.Text(language, "legalNote.sector." + sector),
                PaymentTerms terms => TermsText(language, terms),
                Operations.OperationError error => error.Message(Catalogue.Language(language)),
                string reason when name == "reason" && Catalogue.Has("legalNote.pause." + reason) => Catalogue.Text(language, "legalNote.pause." + reason),
                _ => value,
            };
        }

        return Catalogue.Text(language, Key, args);
    }

    /// <summary>The English sentence (CLI warnings, API messages, logs).</summary>
    public override string ToString() => Text(Catalogue.English);

    public bool Equals(LegalNote? other) =>
        other is not null && Code == other.Code && Data.Count == other.Data.Count &&
        Data.All(d => other.Data.TryGetValue(d.Key, out var v) && Equals(d.Value, v));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Code, StringComparer.Ordinal);
        foreach (var (name, value) in Data.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>"2026H2" → "2e semestre 2026" / "second half of 2026".</summary>
    public static string HalfYearText(string? language, HalfYear half) =>
        Catalogue.Text(language, half.Half == 1 ? "legalNote.firstHalf" : "legalNote.secondHalf", ("year", half.Year));

    /// <summary>"45 jours fin de mois", "30 days net", "Comptant"… in <paramref name="language"/>.</summary>
    public static string TermsText(string? language, PaymentTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
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
}
