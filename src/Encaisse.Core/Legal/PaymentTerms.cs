using System.Globalization;
using System.Text.RegularExpressions;

namespace Encaisse.Legal;

public enum TermsKind
{
    /// <summary>"net30": N days after the invoice date (net0 = cash).</summary>
    Net = 0,
    /// <summary>"45eom": N jours fin de mois, computed with an <see cref="EndOfMonthMethod"/>.</summary>
    DaysEndOfMonth = 1,
    /// <summary>"eom+15": fin de mois + N days (always end of month first).</summary>
    EndOfMonthPlus = 2,
    /// <summary>"fixed:2025-03-31": an agreed calendar date.</summary>
    FixedDate = 3,
}

/// <summary>The two computations of "N jours fin de mois" that the CEPC admits (french-law.md §1.1).</summary>
public enum EndOfMonthMethod
{
    /// <summary>Method A: end of the invoice month, then + N days.</summary>
    EndThenDays = 0,
    /// <summary>Method B: invoice date + N days, then end of that month.</summary>
    DaysThenEnd = 1,
}

/// <summary>
/// Agreed payment terms as written on a customer (<c>net30</c>, <c>45eom</c>, <c>eom+15</c>, <c>fixed:2025-03-31</c>;
/// French aliases <c>45fdm</c>, <c>fdm+15</c>, <c>comptant</c>). Pure.
/// </summary>
public sealed partial record PaymentTerms(TermsKind Kind, int Days, DateOnly? Fixed = null)
{
    public static bool TryParse(string? text, out PaymentTerms terms)
    {
        terms = new PaymentTerms(TermsKind.Net, 0);
        var t = Compact(text);
        if (t is "cash" or "comptant" or "receipt" or "net0" or "areception" or "reception" or "areceptiondefacture" or "paiementareception"
            or "paiementcomptant" or "dueonreceipt" or "onreceipt")
        {
            return true;
        }

        if (t.StartsWith("fixed:", StringComparison.Ordinal))
        {
            if (DateOnly.TryParseExact(t["fixed:".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                terms = new PaymentTerms(TermsKind.FixedDate, 0, date);
                return true;
            }

            return false;
        }

        var m = Pattern().Match(t);
        if (!m.Success)
        {
            return false;
        }

        var days = m.Groups["n"].Success ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        if (days > 365)
        {
            return false;
        }

        terms = m.Groups["net"].Success ? new PaymentTerms(TermsKind.Net, days)
            : m.Groups["eomplus"].Success ? new PaymentTerms(TermsKind.EndOfMonthPlus, days)
            : new PaymentTerms(TermsKind.DaysEndOfMonth, days);
        return true;
    }

    public static PaymentTerms Parse(string text) =>
        TryParse(text, out var terms) ? terms
        : throw new FormatException($"'{text}' is not payment terms such as net30, 45eom, eom+15 or fixed:2025-03-31.");

    /// <summary>The due date of an invoice issued on <paramref name="invoiceDate"/>.</summary>
    public DateOnly DueDate(DateOnly invoiceDate, EndOfMonthMethod method = EndOfMonthMethod.EndThenDays) => Kind switch
    {
        TermsKind.Net => invoiceDate.AddDays(Days),
        TermsKind.EndOfMonthPlus => EndOfMonth(invoiceDate).AddDays(Days),
        TermsKind.DaysEndOfMonth => method == EndOfMonthMethod.EndThenDays
            ? EndOfMonth(invoiceDate).AddDays(Days)
            : EndOfMonth(invoiceDate.AddDays(Days)),
        TermsKind.FixedDate => Fixed!.Value,
        _ => throw new InvalidOperationException("unknown terms kind"),
    };

    public static DateOnly EndOfMonth(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    public override string ToString() => Kind switch
    {
        TermsKind.Net => "net" + Days.ToString(CultureInfo.InvariantCulture),
        TermsKind.DaysEndOfMonth => Days.ToString(CultureInfo.InvariantCulture) + "eom",
        TermsKind.EndOfMonthPlus => "eom+" + Days.ToString(CultureInfo.InvariantCulture),
        _ => "fixed:" + Fixed!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Lower case without spaces, accents or filler words, with the French and English phrases people write on
    /// contracts reduced to the short forms: "45 jours fin de mois" → 45fdm, "30 jours net" / "à 30 jours" → 30,
    /// "fin de mois + 15 jours" / "fin de mois le 15" → fdm+15, "60 days end of month" → 60eom, "30 days net" → 30.
    /// </summary>
    private static string Compact(string? text)
    {
        var t = (text ?? "").Trim().ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        var plain = new System.Text.StringBuilder(t.Length);
        foreach (var c in t)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && !char.IsWhiteSpace(c) && c is not ('.' or ',' or '\'' or '’'))
            {
                plain.Append(c);
            }
        }

        var s = plain.ToString();
        foreach (var (from, to) in Phrases)
        {
            s = s.Replace(from, to, StringComparison.Ordinal);
        }

        return s.StartsWith('a') && s.Length > 1 && char.IsAsciiDigit(s[1]) ? s[1..] : s;
    }

    private static readonly (string From, string To)[] Phrases =
    [
        ("findemois", "fdm"), ("daysendofmonth", "eom"), ("endofmonth", "eom"), ("daysnet", ""), ("joursnets", ""), ("joursnet", ""),
        ("jours", ""), ("jour", ""), ("j", ""), ("fdmle", "fdm+"), ("netnet", "net"),
    ];

    [GeneratedRegex(@"^(?:(?<net>net)(?<n>\d{1,3})|(?<n>\d{1,3})(?:eom|fdm|jfdm)|(?<eomplus>eom|fdm)(?:\+(?<n>\d{1,3}))?|(?<net>)(?<n>\d{1,3}))$")]
    private static partial Regex Pattern();
}
