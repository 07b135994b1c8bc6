using System.Globalization;
using System.Text;

namespace Encaisse.Payments.Matching;

/// <summary>ISO 11649 structured creditor references ("RF" + 2 check digits + up to 21 characters), mod-97 checked.</summary>
public static class CreditorReference
{
    /// <summary>The RF reference of an invoice number (its letters and digits), e.g. FA-2024-001 → RF.. FA2024001.</summary>
    public static string Create(string reference)
    {
        var body = Iban.Normalize(reference) ?? throw new ArgumentException("An RF reference needs letters or digits.", nameof(reference));
        if (body.Length > 21)
        {
            throw new ArgumentException("An RF reference holds at most 21 characters.", nameof(reference));
        }

        var check = 98 - Iban.Mod97(body + "RF00");
        return "RF" + check.ToString("00", CultureInfo.InvariantCulture) + body;
    }

    /// <summary>True when <paramref name="value"/> (spaces allowed) is RF + check digits that verify mod 97.</summary>
    public static bool IsValid(string? value)
    {
        var compact = Iban.Normalize(value);
        return compact is { Length: >= 5 and <= 25 } && compact.StartsWith("RF", StringComparison.Ordinal)
            && char.IsAsciiDigit(compact[2]) && char.IsAsciiDigit(compact[3])
            && Iban.Mod97(compact[4..] + compact[..4]) == 1;
    }

    /// <summary>The part after the check digits.</summary>
    public static string Body(string value) => Iban.Normalize(value)![4..];

    /// <summary>The valid RF references in free text ("RF" + characters, possibly grouped by spaces); the longest valid prefix of each run.</summary>
    public static IEnumerable<string> Find(string text)
    {
        foreach (var run in FindCandidates(text))
        {
            for (var length = run.Length; length >= 5; length--)
            {
                if (IsValid(run[..length]))
                {
                    yield return run[..length];
                    break;
                }
            }
        }
    }

    /// <summary>RF candidates in free text: "RF" followed by digits/letters, possibly grouped by spaces in fours.</summary>
    public static IEnumerable<string> FindCandidates(string text)
    {
        var upper = text.ToUpperInvariant();
        var start = 0;
        while ((start = upper.IndexOf("RF", start, StringComparison.Ordinal)) >= 0)
        {
            if (start > 0 && char.IsAsciiLetterOrDigit(upper[start - 1]))
            {
                start += 2;
                continue;
            }

            var sb = new StringBuilder("RF");
            var i = start + 2;
            while (i < upper.Length && sb.Length < 25)
            {
                var c = upper[i];
                if (char.IsAsciiLetterOrDigit(c))
                {
                    sb.Append(c);
                }
                else if (c != ' ')
                {
                    break;
                }

                i++;
            }

            if (sb.Length >= 5 && char.IsAsciiDigit(sb[2]) && char.IsAsciiDigit(sb[3]))
            {
                yield return sb.ToString();
            }

            start += 2;
        }
    }
}
