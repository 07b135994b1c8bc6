using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Payments.Matching;

namespace Encaisse.Payments.Cli;

/// <summary><c>encaisse match --statement FILE --invoices OPEN_INVOICES.csv</c>: run the matching engine without a database.</summary>
internal static class MatchCommand
{
    public static Command Build()
    {
        var statement = new Option<string>("--statement") { Description = "Bank statement file (CAMT.053, CFONB 120, MT940, OFX)", Required = true };
        var invoices = new Option<string>("--invoices") { Description = "Open invoices CSV (invoice import format)", Required = true };
        var format = StatementFileOptions.Format();
        var threshold = new Option<string?>("--threshold") { Description = "Auto-apply confidence threshold 0..1 (default 0.85)" };
        var fee = new Option<string?>("--fee-tolerance") { Description = "Largest bank-fee shortfall accepted as paid in full, e.g. 5.00 (default 5.00)" };
        var strict = StatementFileOptions.Strict();
        var noBalanceCheck = StatementFileOptions.NoBalanceCheck();
        var command = new Command("match", "Match the credits of a statement to open invoices and explain each proposal (no database)")
        {
            statement, invoices, format, threshold, fee, strict, noBalanceCheck,
        };
        command.SetHandler((ctx, ct) =>
        {
            var settings = new MatchSettings();
            if (ctx.Parse.GetValue(threshold) is { } t)
            {
                var value = CliRunner.ParseAmount(t, "--threshold");
                settings = value is >= 0 and <= 1 ? settings with { AutoApplyThreshold = value } : throw new UsageException("--threshold: a number between 0 and 1.");
            }

            if (ctx.Parse.GetValue(fee) is { } f)
            {
                settings = settings with { FeeToleranceMinor = Currencies.ToMinor(CliRunner.ParseAmount(f, "--fee-tolerance"), "EUR") };
            }

            var file = StatementFileOptions.Read(ctx.Parse.GetValue(statement)!, ctx.Parse.GetValue(format),
                StatementFileOptions.StrictOf(ctx.Parse.GetValue(strict), ctx.Parse.GetValue(noBalanceCheck)));
            var open = OpenInvoiceFile.Read(ctx.Parse.GetValue(invoices)!);
            var run = StatementMatching.Run(file, open, null, settings);
            var currencyOf = file.Statements.SelectMany(s => s.Transactions).Select(x => x.Currency).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new
                {
                    matches = run.Matches.Select(m => new
                    {
                        transaction = m.Transaction,
                        invoices = m.Invoices.Select(i => new { number = i.Number, amount = Currencies.FromMinor(i.AmountMinor, currencyOf[m.Transaction]) }),
                        confidence = m.Confidence,
                        auto = m.Auto,
                        reasons = m.ReasonTexts,
                        reasonCodes = m.Reasons,
                    }),
                    unmatched = run.Unmatched,
                });
            }
            else
            {
                foreach (var m in run.Matches)
                {
                    Console.Out.WriteLine($"#{m.Transaction} {(m.Auto ? "AUTO  " : "REVIEW")} {m.Confidence.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} {string.Join(", ", m.Invoices.Select(i => i.Number))}: {string.Join("; ", m.ReasonTexts)}");
                }

                Console.Out.WriteLine($"unmatched: {string.Join(", ", run.Unmatched)}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
