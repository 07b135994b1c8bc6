using System.Globalization;
using Encaisse.Ledger;

namespace Encaisse.Web.BackOffice;

/// <summary>
/// The language of the current request and the formatting that goes with it. French by default; English when
/// the person chose it (language switch cookie) or their profile says so.
/// </summary>
public sealed class Ui
{
    public const string CookieName = "encaisse-lang";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public string Lang { get; set; } = "fr";

    public bool IsFrench => Lang != "en";

    public CultureInfo Culture => IsFrench ? French : English;

    /// <summary>An operation's error as a notice in the request's language (the catalogue's <c>error.*</c> text).</summary>
    public string Problem(Operations.OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Message(Lang);
    }

    /// <summary>
    /// A refusal shown on a page: a coded refusal as its sentence in the request's language (and, when it refused several
    /// fields, the others named); a bare list of fields (code <c>invalid</c> or <c>*.invalid</c>, whose reasons are the
    /// API's English) as "incomplete or invalid input" with the fields named.
    /// </summary>
    public string Refusal(Operations.OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var fields = error.Fields.Select(f => f.Field).Distinct(StringComparer.Ordinal).ToList();
        if (fields.Count > 0 && (error.Code == "invalid" || error.Code.EndsWith(".invalid", StringComparison.Ordinal)))
        {
            return T("act.invalid") + " (" + string.Join(", ", fields) + ")";
        }

        var others = error.Fields.Skip(1).Select(f => f.Field).Distinct(StringComparer.Ordinal).ToList();
        return others.Count == 0 ? Problem(error) : Problem(error) + " " + Text("act.otherFields", ("fields", others));
    }

    /// <summary>The catalogue text for <paramref name="key"/> in the request's language (the key itself when unknown).</summary>
    public string T(string key) => Localization.Catalogue.Text(Lang, key);

    /// <summary>A catalogue message (<c>fr.json</c> / <c>en.json</c>) in the request's language, with its arguments.</summary>
    public string Text(string key, params (string Name, object? Value)[] args) => Localization.Catalogue.Text(Lang, key, args);

    /// <summary>A stored vocabulary word (a channel such as "phone", "portal") in the request's language; the word itself when unknown.</summary>
    public string Word(string? value) =>
        string.IsNullOrEmpty(value) ? "" : Localization.Catalogue.Has("word." + value) ? Localization.Catalogue.Text(Lang, "word." + value) : value;

    /// <summary>A reminder's step (outbox key step:N…) as people read it.</summary>
    public string Step(string? stepKey) => Dunning.StepNames.Of(Lang, stepKey);

    /// <summary>1 234,56 € in French, €1,234.56 in English.</summary>
    public string Money(long minor, string currency = "EUR")
    {
        if (IsFrench)
        {
            return Currencies.FormatFrench(minor, currency);
        }

        var digits = Currencies.MinorDigits(currency);
        var number = Currencies.FromMinor(minor, currency).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), English);
        return currency == "EUR" ? (minor < 0 ? "-€" + number.TrimStart('-') : "€" + number) : number + " " + currency;
    }

    public string Date(DateOnly date) => date.ToString(IsFrench ? "dd/MM/yyyy" : "d MMM yyyy", Culture);

    public string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    public string Instant(DateTimeOffset at, string timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return local.ToString(IsFrench ? "dd/MM/yyyy HH:mm" : "d MMM yyyy HH:mm", Culture);
    }

    /// <summary>
    /// A task's title in the request's language when Encaisse wrote it (<see cref="Dunning.Tasks.TaskTitles"/>), else as
    /// stored, with the language it is in (<c>fr</c>) for the element's <c>lang</c> attribute (null: the page's).
    /// </summary>
    public (string Text, string? Language) TaskTitle(string title, string? titleText) => Dunning.Tasks.TaskTitles.Shown(title, titleText, Lang);

    /// <summary>The hour and minute <paramref name="at"/> shows on the clocks of <paramref name="timeZone"/> (14:05 in both languages).</summary>
    public string Time(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(timeZone)).ToString("HH:mm", CultureInfo.InvariantCulture);

    public string Number(long value) => value.ToString("N0", Culture).Replace('\u202F', ' ').Replace('\u00A0', ' ');

    /// <summary>Resolves the language: explicit ?lang=, then the cookie, then the profile, then French.</summary>
    public static string Resolve(string? query, string? cookie, string? profile)
    {
        foreach (var candidate in new[] { query, cookie, profile })
        {
            if (candidate is "fr" or "en")
            {
                return candidate;
            }
        }

        return "fr";
    }
}
