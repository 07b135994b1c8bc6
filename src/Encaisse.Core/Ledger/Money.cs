using System.Globalization;

namespace Encaisse.Ledger;

/// <summary>
/// Currency facts and the single rounding rule of Encaisse. Amounts are stored as <c>long</c> minor units
/// (cents for EUR) and computed as <c>decimal</c>; every conversion between the two goes through here.
/// </summary>
public static class Currencies
{
    private static readonly Dictionary<string, int> MinorDigitsByCode = new(StringComparer.Ordinal)
    {
        ["EUR"] = 2, ["USD"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["SEK"] = 2,
        ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["RON"] = 2, ["CNY"] = 2,
        ["MAD"] = 2, ["TND"] = 3, ["XOF"] = 0, ["XPF"] = 0, ["JPY"] = 0, ["KWD"] = 3,
    };

    /// <summary>True when <paramref name="code"/> is a three-letter upper-case ISO 4217 code we know.</summary>
    public static bool IsKnown(string? code) => code is not null && MinorDigitsByCode.ContainsKey(code);

    public static int MinorDigits(string code) =>
        MinorDigitsByCode.TryGetValue(code, out var digits)
            ? digits
            : throw new ArgumentException($"Unknown currency code '{code}'.", nameof(code));

    /// <summary>Rounds to the currency's minor unit, half away from zero (French commercial rounding).</summary>
    public static decimal Round(decimal amount, string currency) =>
        Math.Round(amount, MinorDigits(currency), MidpointRounding.AwayFromZero);

    public static long ToMinor(decimal amount, string currency) =>
        checked((long)(Round(amount, currency) * Pow10(MinorDigits(currency))));

    public static decimal FromMinor(long minor, string currency) => minor / Pow10(MinorDigits(currency));

    /// <summary>Invariant text (1234.56) for files and JSON.</summary>
    public static string FormatInvariant(long minor, string currency) =>
        FromMinor(minor, currency).ToString("F" + MinorDigits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>French text for documents: 1 234,56 €.</summary>
    public static string FormatFrench(long minor, string currency)
    {
        var culture = CultureInfo.GetCultureInfo("fr-FR");
        var digits = MinorDigits(currency);
        var number = FromMinor(minor, currency).ToString("N" + digits.ToString(CultureInfo.InvariantCulture), culture)
            .Replace('\u202F', ' ').Replace('\u00A0', ' ');
        return currency == "EUR" ? number + " €" : number + " " + currency;
    }

    private static decimal Pow10(int digits) => digits switch { 0 => 1m, 1 => 10m, 2 => 100m, 3 => 1000m, _ => (decimal)Math.Pow(10, digits) };
}

/// <summary>An amount in minor units with its currency. Arithmetic refuses to mix currencies.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    public decimal Amount => Currencies.FromMinor(Minor, Currency);

    public static Money Of(decimal amount, string currency) => new(Currencies.ToMinor(amount, currency), currency);

    public static Money Zero(string currency) => new(0, currency);

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + SameCurrency(a, b).Minor), a.Currency);

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - SameCurrency(a, b).Minor), a.Currency);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public override string ToString() => Currencies.FormatInvariant(Minor, Currency) + " " + Currency;

    private static Money SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? b : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
