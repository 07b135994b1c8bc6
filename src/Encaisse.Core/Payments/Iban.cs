using System.Text;

namespace Encaisse.Payments;

/// <summary>ISO 13616 IBAN normalisation and mod-97 check (also used for ISO 11649 RF references and SEPA creditor identifiers).</summary>
public static class Iban
{
    /// <summary>Upper-case, without spaces; null when empty.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    public static bool IsValid(string? value)
    {
        var iban = Normalize(value);
        return iban is { Length: >= 15 and <= 34 } && char.IsAsciiLetterUpper(iban[0]) && char.IsAsciiLetterUpper(iban[1])
            && char.IsAsciiDigit(iban[2]) && char.IsAsciiDigit(iban[3]) && Mod97(iban[4..] + iban[..4]) == 1;
    }

    /// <summary>The remainder mod 97 of the number obtained by replacing letters with 10..35 (ISO 7064 MOD 97-10); -1 for other characters.</summary>
    public static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            int value;
            if (char.IsAsciiDigit(c))
            {
                value = c - '0';
                remainder = ((remainder * 10) + value) % 97;
            }
            else if (char.IsAsciiLetter(c))
            {
                value = char.ToUpperInvariant(c) - 'A' + 10;
                remainder = ((remainder * 100) + value) % 97;
            }
            else
            {
                return -1;
            }
        }

        return remainder;
    }
}
