using System.Globalization;

namespace Encaisse.Payments.BankFormats;

/// <summary>
/// Opening balance + movements = closing balance, whenever the statement gives both balances. A statement that does
/// not add up is read and flagged with the difference (ADR 0502); in strict mode it is refused as before (ADR 0500).
/// </summary>
public static class StatementBalance
{
    /// <summary>
    /// The difference closing − (opening + movements), or null when the balances agree or one is missing. In strict mode
    /// a difference throws <see cref="StatementFormatException"/> naming <paramref name="where"/> and the three figures.
    /// </summary>
    public static decimal? Difference(bool strict, decimal? opening, decimal? closing, decimal movements, string where)
    {
        if (opening is null || closing is null)
        {
            return null;
        }

        var expected = opening.Value + movements;
        if (expected == closing.Value)
        {
            return null;
        }

        if (strict)
        {
            throw new StatementFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: balances do not add up: opening {opening.Value} + movements {movements} = {expected}, but the closing balance is {closing.Value}."));
        }

        return closing.Value - expected;
    }
}
