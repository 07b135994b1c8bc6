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
        var noBalanceCheck = StatementFileOptions.NoBalanceCheck();
        var parse = new Command("parse", "Parse a statement file, check its balances and print its transactions") { file, format, noBalanceCheck };
        parse.SetHandler((ctx, ct) =>
        {
            var parsed = StatementFileOptions.Read(ctx.Parse.GetValue(file)!, ctx.Parse.GetValue(format), !ctx.Parse.GetValue(noBalanceCheck));
            if (ctx.Json)
            {
                CliJson.Write(StatementJson.Of(parsed));
            }
            else
            {
                Console.Out.WriteLine($"{StatementJson.FormatName(parsed.Format)}: {parsed.Statements.Count} statement(s), {parsed.TransactionCount} transaction(s)");
                foreach (var s in parsed.Statements)
                {
                    Console.Out.WriteLine($"  {s.Account.Iban ?? s.Account.Number} {s.Currency} opening {s.OpeningBalance?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} closing {s.ClosingBalance?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}: {s.Transactions.Count} transaction(s)");
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return parse;
    }
}
