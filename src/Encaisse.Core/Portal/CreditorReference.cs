using System.Text;

namespace Encaisse.Portal;

/// <summary>
/// ISO 11649 structured creditor reference ("RF" + 2 check digits + up to 21 letters or digits), the reference a
/// payer quotes on a SEPA transfer so that the payment matches automatically.
/// </summary>
public static class CreditorReference
{
    public const int MaxBodyLength = 21;

    /// <summary>
    /// The RF reference for an invoice number or customer reference: letters and digits kept (upper-cased), other
    /// characters dropped; longer than 21 characters keeps the last 21 (the distinctive end of a number).
    /// </summary>
    public static string From(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var body = new StringBuilder();
        foreach (var c in source.ToUpperInvariant())
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                body.Append(c);
            }
        }

        if (body.Length == 0)
        {
            throw new ArgumentException("A creditor reference needs at least one letter or digit.", nameof(source));
        }

        var text = body.Length > MaxBodyLength ? body.ToString(body.Length - MaxBodyLength, MaxBodyLength) : body.ToString();
        var check = 98 - Mod97(text + "RF00");
        return "RF" + check.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + text;
    }

    /// <summary>True when <paramref name="reference"/> (spaces allowed) is a well-formed RF reference with valid check digits.</summary>
    public static bool IsValid(string? reference)
    {
        if (reference is null)
        {
            return false;
        }

        var compact = reference.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact.Length is < 5 or > 25 || !compact.StartsWith("RF", StringComparison.Ordinal) ||
            !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]) || !compact[4..].All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c)))
        {
            return false;
        }

        return Mod97(compact[4..] + compact[..4]) == 1;
    }

    /// <summary>Groups of four for printing: RF18 5390 0754 7034.</summary>
    public static string Printable(string reference) =>
        string.Join(' ', reference.Chunk(4).Select(chunk => new string(chunk)));

    /// <summary>ISO 7064 MOD 97-10 over the text with letters as 10..35, computed digit by digit (no big integers).</summary>
    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder;
    }
}
