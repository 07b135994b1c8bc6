using System.Globalization;

namespace Encaisse.Payments.BankFormats;

/// <summary>Checks that opening balance + movements = closing balance, whenever the statement gives both balances.</summary>
public static class StatementBalance
{
    /// <summary>Throws <see cref="StatementFormatException"/> naming <paramref name="where"/> when the balances disagree.</summary>
    public static void Check(bool enabled, decimal? opening, decimal? closing, decimal movements, string where)
    {
        if (!enabled || opening is null || closing is null)
        {
            return;
        }

        var expected = opening.Value + movements;
        if (expected != closing.Value)
        {
            throw new StatementFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: balances do not add up: opening {opening.Value} + movements {movements} = {expected}, but the closing balance is {closing.Value}."));
        }
    }
}
