using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Operations;

namespace Encaisse.Payments.Cli;

/// <summary><c>encaisse bank import FILE</c>: store the transactions (idempotent) and run cash application.</summary>
internal static class BankImportCommand
{
    public static Command Build()
    {
        var file = StatementFileOptions.File();
        var format = StatementFileOptions.Format();
        var strict = StatementFileOptions.Strict();
        var noBalanceCheck = StatementFileOptions.NoBalanceCheck();
        var import = new Command("import", "Import a statement: store new transactions, apply sure matches, queue the others for review") { file, format, strict, noBalanceCheck };
        import.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(file)!;
            var strictness = StatementFileOptions.StrictOf(ctx.Parse.GetValue(strict), ctx.Parse.GetValue(noBalanceCheck));
            if (!System.IO.File.Exists(path))
            {
                throw new UsageException($"{path}: no such file.");
            }

            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            await using var db = await ctx.DbForAsync(tenant, ct);
            await using var content = System.IO.File.OpenRead(path);
            var summary = (await StatementImport.ImportFileAsync(db, content, path, ctx.Parse.GetValue(format), strictness, ctx.Clock, ct)).OrThrow();
            if (ctx.Json)
            {
                CliJson.Write(summary);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{summary.NewTransactions} new transaction(s) in {summary.Statements} statement(s), {summary.AlreadyKnown} already imported; "
                    + $"{summary.AutoMatched} matched automatically, {summary.ToReview} to review, {summary.Unmatched} unidentified, {summary.Returned} returned"
                    + (summary.Flagged > 0 ? $"; {summary.Flagged} statement(s) flagged (balances do not add up): their credits wait for review" : ""));
            }

            return ExitCodes.Success;
        });
        return import;
    }
}
