using System.CommandLine;
using Encaisse.Cli;

namespace Encaisse.Payments.Cli;

/// <summary><c>encaisse bank parse|import</c>: read bank statements (parse needs no database).</summary>
internal static class BankCommands
{
    public static Command Build()
    {
        var bank = new Command("bank", "Bank statements: parse and import CAMT.053, CFONB 120, MT940 and OFX files");
        bank.Subcommands.Add(BuildParse());
        bank.Subcommands.Add(BankImportCommand.Build());
        return bank;
    }

    private static Command BuildParse()
    {
        var file = StatementFileOptions.File();
        var format = StatementFileOptions.Format();
        var strict = StatementFileOptions.Strict();
        var noBalanceCheck = StatementFileOptions.NoBalanceCheck();
        var parse = new Command("parse", "Parse a statement file, compare its balances and print its entries (flagged when the balances do not add up)") { file, format, strict, noBalanceCheck };
        parse.SetHandler((ctx, ct) =>
        {
            var parsed = StatementFileOptions.Read(ctx.Parse.GetValue(file)!, ctx.Parse.GetValue(format),
                StatementFileOptions.StrictOf(ctx.Parse.GetValue(strict), ctx.Parse.GetValue(noBalanceCheck)));
            if (ctx.Json)
            {
                CliJson.Write(StatementJson.Of(parsed));
            }
            else
            {
                var invariant = System.Globalization.CultureInfo.InvariantCulture;
                Console.Out.WriteLine($"{StatementJson.FormatName(parsed.Format)}: {parsed.Statements.Count} statement(s), {parsed.TransactionCount} transaction(s)"
                    + (parsed.FlaggedCount > 0 ? $", {parsed.FlaggedCount} flagged" : ""));
                foreach (var s in parsed.Statements)
                {
                    var batches = s.Transactions.Count(t => t.Details.Count > 0);
                    Console.Out.WriteLine($"  {s.Account.Iban ?? s.Account.Number} {s.Currency} opening {s.OpeningBalance?.ToString(invariant) ?? "-"} closing {s.ClosingBalance?.ToString(invariant) ?? "-"}: {s.Transactions.Count} transaction(s)"
                        + (batches > 0 ? $" ({batches} batched, {s.Transactions.Sum(t => t.Details.Count)} details)" : "")
                        + (s.BalanceDifference is { } d ? $"; FLAGGED: balances do not add up, closing − (opening + movements) = {d.ToString(invariant)}" : ""));
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return parse;
    }
}
