using System.Globalization;
using Encaisse.Ledger;
using Encaisse.Legal;

namespace Encaisse.Formats;

/// <summary>
/// Parsing of one cell as French or English users write it. Each parser returns false with a readable reason.
/// </summary>
public static class Cells
{
    private static readonly string[] DateFormats =
    [
        "dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd", "dd-MM-yyyy", "d-M-yyyy", "dd.MM.yyyy", "d.M.yyyy", "yyyyMMdd",
        "dd/MM/yy", "d/M/yy", "yyyy/MM/dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm",
    ];

    /// <summary>
    /// Amounts such as <c>1 234,56</c>, <c>1234.56</c>, <c>1,234.56</c>, <c>1.234,56</c>, <c>-12,5</c>, <c>(12.50)</c>,
    /// <c>12,50 €</c>. With a single separator and no other, it is the decimal separator.
    /// </summary>
    public static bool TryAmount(string text, out decimal amount, out string? reason)
    {
        amount = 0;
        reason = null;
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        if (text.Length > 64)
        {
            reason = "is too long to be an amount";
            return false;
        }

        // A currency code or sign may lead or trail ("EUR 12", "12,50 €"); letters inside the number may not.
        var core = text.AsSpan().Trim().TrimStart("€$£ \u00A0abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ").TrimEnd("€$£ \u00A0abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
        var n = 0;
        var negative = false;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c) || c == '.' || c == ',')
            {
                buffer[n++] = c;
            }
            else if (c == '-' || c == '(' || c == '\u2212')
            {
                negative = true;
            }
            else if (c is ' ' or '\u00A0' or '\u202F' or '\'' or '+' or ')')
            {
                // thousands spaces, apostrophes (Swiss), currency symbols and codes, explicit plus sign
            }
            else
            {
                reason = $"contains '{c}', which is not part of an amount";
                return false;
            }
        }

        var digits = buffer[..n];
        if (digits.IsEmpty || !digits.ContainsAnyInRange('0', '9'))
        {
            reason = "is not an amount (expected e.g. 1 234,56 or 1234.56)";
            return false;
        }

        var lastComma = digits.LastIndexOf(',');
        var lastDot = digits.LastIndexOf('.');
        char? decimalSeparator = (lastComma, lastDot) switch
        {
            ( >= 0, >= 0) => lastComma > lastDot ? ',' : '.',
            ( >= 0, _) => digits.Count(',') == 1 ? ',' : null,
            (_, >= 0) => digits.Count('.') == 1 ? '.' : null,
            _ => null,
        };

        Span<char> clean = stackalloc char[n];
        var m = 0;
        foreach (var c in digits)
        {
            if (c == decimalSeparator)
            {
                clean[m++] = '.';
            }
            else if (char.IsAsciiDigit(c))
            {
                clean[m++] = c;
            }
        }

        if (!decimal.TryParse(clean[..m], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
        {
            reason = "is not an amount (expected e.g. 1 234,56 or 1234.56)";
            return false;
        }

        if (negative)
        {
            amount = -amount;
        }

        return true;
    }

    /// <summary>Dates as dd/MM/yyyy (French), yyyy-MM-dd (ISO), a few variants, or an Excel day number.</summary>
    public static bool TryDate(string text, out DateOnly date, out string? reason)
    {
        reason = null;
        var t = text.Trim();
        if (DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            date = DateOnly.FromDateTime(dt);
            return true;
        }

        // Excel serial day numbers (a date cell read without its format): 1990-2099.
        if (int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var serial) && serial is > 32000 and < 73000)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(serial));
            return true;
        }

        reason = "is not a date (expected dd/mm/yyyy or yyyy-mm-dd)";
        return false;
    }

    /// <summary>ISO 4217 code (case-insensitive) or the € sign; empty means <paramref name="fallback"/>.</summary>
    public static bool TryCurrency(string? text, string fallback, out string currency, out string? reason)
    {
        reason = null;
        currency = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim().ToUpperInvariant();
        if (currency is "€" or "EURO" or "EUROS")
        {
            currency = "EUR";
        }

        if (Currencies.IsKnown(currency))
        {
            return true;
        }

        reason = "is not a currency Encaisse knows (ISO code such as EUR, USD, GBP, CHF)";
        return false;
    }

    /// <summary>Amount in minor units of <paramref name="currency"/>, rounded by the one rounding rule.</summary>
    public static long ToMinor(decimal amount, string currency) => Currencies.ToMinor(amount, currency);

    /// <summary>Digits only (spaces, dots and dashes removed), for SIREN and SIRET.</summary>
    public static string Compact(string text) =>
        new(text.Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray());

    public static bool TrySiren(string text, out string siren, out string? reason)
    {
        siren = Compact(text);
        reason = siren.Length != 9 || !siren.All(char.IsAsciiDigit)
            ? "is not a SIREN (9 digits)"
            : FrenchIdentifiers.IsValidSiren(siren) ? null : "is not a valid SIREN (the check digit is wrong)";
        return reason is null;
    }

    public static bool TrySiret(string text, out string siret, out string? reason)
    {
        siret = Compact(text);
        reason = siret.Length != 14 || !siret.All(char.IsAsciiDigit)
            ? "is not a SIRET (14 digits)"
            : FrenchIdentifiers.IsValidSiret(siret) ? null : "is not a valid SIRET (the check digit is wrong)";
        return reason is null;
    }

    /// <summary>French VAT numbers are checked against their SIREN; other EU numbers by shape only.</summary>
    public static bool TryVat(string text, out string vat, out string? reason)
    {
        vat = Compact(text).ToUpperInvariant();
        reason = null;
        if (vat.StartsWith("FR", StringComparison.Ordinal))
        {
            var check = FrenchIdentifiers.Check(vat);
            if (!check.Valid)
            {
                reason = "is not a valid French VAT number: " + check.Reason;
            }

            return check.Valid;
        }

        if (vat.Length is >= 4 and <= 16 && char.IsAsciiLetterUpper(vat[0]) && char.IsAsciiLetterUpper(vat[1]) && vat[2..].All(char.IsAsciiLetterOrDigit))
        {
            return true;
        }

        reason = "is not a VAT number (two-letter country code followed by the number, e.g. FR12345678901)";
        return false;
    }
}
