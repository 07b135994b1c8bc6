using System.Globalization;
using System.Text;

namespace Encaisse.Payments.Matching;

/// <summary>How invoice numbers and payer names are compared: normalised keys, number candidates in free text, one-typo variants.</summary>
public static class InvoiceText
{
    private static readonly HashSet<string> LegalForms = new(StringComparer.Ordinal)
    {
        "SA", "SAS", "SASU", "SARL", "EURL", "SCI", "SNC", "SCOP", "SE", "GMBH", "AG", "LTD", "LIMITED", "INC", "BV", "NV", "SRL", "SPA", "ETS", "STE", "SOCIETE", "CIE", "ET",
        "SELARL", "SELAS", "SELAFA", "SELURL", "SCP", "SCM", "EIRL", "EI", "GIE", "SCEA", "EARL", "GAEC", "SAEM", "SEM", "SPL", "SCA",
    };

    /// <summary>The digits of an invoice number without leading zeros ("FA-2024-00123" → "202400123"); null when under 3 digits.</summary>
    public static string? Core(string number)
    {
        Span<char> buffer = stackalloc char[Math.Min(number.Length, 64)];
        var length = 0;
        foreach (var c in number)
        {
            if (char.IsAsciiDigit(c) && (length > 0 || c != '0') && length < buffer.Length)
            {
                buffer[length++] = c;
            }
        }

        return length >= 3 ? new string(buffer[..length]) : null;
    }

    /// <summary>The leading letters of an invoice number ("FA" for "FA-2024-1"), upper case; empty when none.</summary>
    public static string Prefix(string number)
    {
        var sb = new StringBuilder();
        foreach (var c in number)
        {
            if (char.IsAsciiLetter(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
            else if (char.IsAsciiDigit(c))
            {
                break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Number candidates of a remittance text: each run of digits, and runs joined when only spaces, dots, dashes or
    /// slashes separate them ("FA 2024 00123" gives 2024, 123 and 202400123), without leading zeros.
    /// </summary>
    public static IEnumerable<string> NumberCandidates(string text)
    {
        var runs = new List<(int Start, int End)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                runs.Add((start, i));
            }
            else
            {
                i++;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < runs.Count; r++)
        {
            var merged = new StringBuilder(text, runs[r].Start, runs[r].End - runs[r].Start, 32);
            if (Strip(merged.ToString()) is { } single && seen.Add(single))
            {
                yield return single;
            }

            for (var next = r + 1; next < runs.Count && next <= r + 3; next++)
            {
                var gap = text.AsSpan(runs[next - 1].End, runs[next].Start - runs[next - 1].End);
                if (gap.Length > 2 || gap.IndexOfAnyExcept(" .-/") >= 0)
                {
                    break;
                }

                merged.Append(text, runs[next].Start, runs[next].End - runs[next].Start);
                if (Strip(merged.ToString()) is { } joined && seen.Add(joined))
                {
                    yield return joined;
                }
            }
        }
    }

    private static string? Strip(string digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.Length is >= 3 and <= 18 ? trimmed : null;
    }

    /// <summary>Every string at one edit (substitution, deletion, insertion, adjacent swap) from a digit string.</summary>
    public static IEnumerable<string> OneEditVariants(string digits)
    {
        var chars = digits.ToCharArray();
        var seen = new HashSet<string>(StringComparer.Ordinal) { digits };
        for (var i = 0; i < digits.Length; i++)
        {
            var deleted = digits.Remove(i, 1);
            if (deleted.Length > 0 && deleted[0] != '0' && seen.Add(deleted))
            {
                yield return deleted;
            }

            for (var d = '0'; d <= '9'; d++)
            {
                if (d != digits[i] && !(i == 0 && d == '0'))
                {
                    chars[i] = d;
                    var substituted = new string(chars);
                    if (seen.Add(substituted))
                    {
                        yield return substituted;
                    }
                }
            }

            chars[i] = digits[i];
            if (i + 1 < digits.Length && digits[i] != digits[i + 1] && !(i == 0 && digits[1] == '0'))
            {
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                var swapped = new string(chars);
                (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                if (seen.Add(swapped))
                {
                    yield return swapped;
                }
            }
        }

        for (var i = 0; i <= digits.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (i == 0 && d == '0')
                {
                    continue;
                }

                var inserted = digits.Insert(i, d.ToString());
                if (seen.Add(inserted))
                {
                    yield return inserted;
                }
            }
        }
    }

    /// <summary>A payer or customer name reduced to comparable words: no accents, upper case, no legal form.</summary>
    public static string? NameKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var decomposed = name.AsSpan().ContainsAnyExceptInRange(' ', '~') ? name.Normalize(NormalizationForm.FormD) : name;
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ');
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalForms.Contains(w));
        var key = string.Join(' ', words);
        return key.Length >= 3 ? key : null;
    }
}
