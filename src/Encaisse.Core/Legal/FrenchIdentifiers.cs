namespace Encaisse.Legal;

public enum IdentifierKind
{
    Unknown = 0,
    Siren = 1,
    Siret = 2,
    Vat = 3,
}

/// <summary>Outcome of checking a SIREN, SIRET or French VAT number.</summary>
public sealed record IdentifierCheck(IdentifierKind Kind, bool Valid, string? Vat, string? Reason);

/// <summary>
/// SIREN/SIRET check digits (Luhn, with the La Poste exception) and the French VAT number derived from a SIREN
/// (reference: french-law.md §9.4).
/// </summary>
public static class FrenchIdentifiers
{
    /// <summary>SIREN of La Poste, whose establishments' SIRETs use a different check (sum of digits % 5).</summary>
    public const string LaPosteSiren = "356000000";

    public static bool IsValidSiren(string? siren) => IsDigits(siren, 9) && Luhn(siren!);

    public static bool IsValidSiret(string? siret)
    {
        if (!IsDigits(siret, 14))
        {
            return false;
        }

        if (Luhn(siret!))
        {
            return true;
        }

        return siret!.StartsWith(LaPosteSiren, StringComparison.Ordinal) && siret.Sum(c => c - '0') % 5 == 0;
    }

    /// <summary>FR + two-digit key + SIREN, key = (12 + 3 × (SIREN mod 97)) mod 97.</summary>
    public static string VatFromSiren(string siren)
    {
        if (!IsDigits(siren, 9))
        {
            throw new ArgumentException("A SIREN has 9 digits.", nameof(siren));
        }

        var key = (12 + 3 * (long.Parse(siren, System.Globalization.CultureInfo.InvariantCulture) % 97)) % 97;
        return "FR" + key.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + siren;
    }

    /// <summary>Tells what <paramref name="value"/> is (spaces ignored) and whether it is valid.</summary>
    public static IdentifierCheck Check(string value)
    {
        var compact = new string(value.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-').ToArray()).ToUpperInvariant();
        if (compact.StartsWith("FR", StringComparison.Ordinal))
        {
            if (compact.Length != 13)
            {
                return new IdentifierCheck(IdentifierKind.Vat, false, null, "A French VAT number is FR + 2 characters + 9 digits.");
            }

            var siren = compact[4..];
            if (!IsValidSiren(siren))
            {
                return new IdentifierCheck(IdentifierKind.Vat, false, null, "The SIREN inside the VAT number fails its check digit.");
            }

            var expected = VatFromSiren(siren);
            var key = compact[2..4];
            if (key.All(char.IsDigit))
            {
                return expected == compact
                    ? new IdentifierCheck(IdentifierKind.Vat, true, compact, null)
                    : new IdentifierCheck(IdentifierKind.Vat, false, expected, $"The key should be {expected[2..4]} for this SIREN.");
            }

            // New-style keys with letters cannot be checked offline (only VIES can tell).
            return new IdentifierCheck(IdentifierKind.Vat, true, compact, "Key with letters: format only, confirm with VIES.");
        }

        if (compact.Length == 9 && compact.All(char.IsDigit))
        {
            return IsValidSiren(compact)
                ? new IdentifierCheck(IdentifierKind.Siren, true, VatFromSiren(compact), null)
                : new IdentifierCheck(IdentifierKind.Siren, false, null, "The check digit (Luhn) is wrong.");
        }

        if (compact.Length == 14 && compact.All(char.IsDigit))
        {
            return IsValidSiret(compact)
                ? new IdentifierCheck(IdentifierKind.Siret, true, VatFromSiren(compact[..9]), null)
                : new IdentifierCheck(IdentifierKind.Siret, false, null, "The check digit (Luhn) is wrong.");
        }

        return new IdentifierCheck(IdentifierKind.Unknown, false, null, "Not a SIREN (9 digits), a SIRET (14 digits) or a French VAT number (FR...).");
    }

    /// <summary>Completes 8 digits with the Luhn digit that makes a valid SIREN (used by the demo generator).</summary>
    public static string CompleteSiren(string eightDigits)
    {
        if (!IsDigits(eightDigits, 8))
        {
            throw new ArgumentException("Eight digits expected.", nameof(eightDigits));
        }

        for (var d = 0; d <= 9; d++)
        {
            var candidate = eightDigits + (char)('0' + d);
            if (Luhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one Luhn digit always exists");
    }

    /// <summary>Completes SIREN + 4-digit establishment number with the Luhn digit of a valid SIRET.</summary>
    public static string CompleteSiret(string thirteenDigits)
    {
        for (var d = 0; d <= 9; d++)
        {
            var candidate = thirteenDigits + (char)('0' + d);
            if (Luhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one Luhn digit always exists");
    }

    private static bool IsDigits(string? value, int length) => value is not null && value.Length == length && value.All(char.IsAsciiDigit);

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
