using System.CommandLine;
using Encaisse.Cli;

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
            var parsed = StatementFileOptions.Read(path, ctx.Parse.GetValue(format),
                StatementFileOptions.StrictOf(ctx.Parse.GetValue(strict), ctx.Parse.GetValue(noBalanceCheck)));
            var tenant = await ctx.TenantAsync(ct, createIfMissing: true);
            await using var db = await ctx.DbForAsync(tenant, ct);
            ImportSummary summary;
            try
            {
                summary = await StatementImport.ImportAsync(db, parsed, Path.GetFileName(path), ctx.Clock, null, ct);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // The unique natural key refused a transaction another import stored meanwhile: nothing was half-saved.
                throw new CommandFailedException("Another import of the same transactions ran at the same time; run the import again (it only adds what is new).");
            }
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
