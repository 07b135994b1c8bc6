using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Running;
using Encaisse.Dunning.Timeline;
using Encaisse.Operations;
using Encaisse.Web.Api;

namespace Encaisse.Web.Actions;

/// <summary>
/// <c>encaisse customers assign-collector --collector LOGIN REF...</c> and <c>encaisse customers send-statements REF...</c>:
/// the customers list's bulk actions (<see cref="CustomerBulkActions"/>). Each customer's outcome is printed; the exit
/// code is 0 when all were done, 1 when one or more were refused, 2 when the request itself was (no customer, unknown collector).
/// </summary>
public static class CustomerBulkCommands
{
    public static Command Build()
    {
        var command = new Command("customers", "Bulk actions on customers named by reference");
        command.Subcommands.Add(AssignCollector());
        command.Subcommands.Add(SendStatements());
        return command;
    }

    private static Command AssignCollector()
    {
        var collector = new Option<string>("--collector") { Description = "Login of a user with the collector role", Required = true };
        var refs = new Argument<string[]>("customers") { Description = "Customer references", Arity = ArgumentArity.OneOrMore };
        var command = new Command("assign-collector", "Give customers to a collector (each customer on its own)") { collector, refs };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var result = await CustomerBulkActions.AssignCollectorAsync(db, Acting(ctx, tenant), ctx.Parse.GetValue(collector), ctx.Parse.GetValue(refs) ?? [], ct);
            return await WriteAsync(ctx, result.OrThrow());
        });
        return command;
    }

    private static Command SendStatements()
    {
        var refs = new Argument<string[]>("customers") { Description = "Customer references", Arity = ArgumentArity.OneOrMore };
        var command = new Command("send-statements", "E-mail today's statement to each customer's dunning contact") { refs };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var result = await CustomerBulkActions.SendStatementsAsync(db, tenant, new DunningChannels(), ctx.Clock, Acting(ctx, tenant), ctx.Parse.GetValue(refs) ?? [], ct);
            return await WriteAsync(ctx, result.OrThrow());
        });
        return command;
    }

    private static Acting Acting(CliContext ctx, Ledger.Tenant tenant) => new(Environment.UserName, ctx.Clock.GetUtcNow(), ctx.Today(tenant));

    /// <summary>
    /// Prints a bulk result: one line per item ("ITEM\tdone", or what <paramref name="done"/> says of its value; "ITEM\tcode: message"
    /// when refused) and a count, or the API's JSON with <c>--json</c>; exit 0 when all were done, 1 when one or more were refused.
    /// </summary>
    internal static async Task<int> WriteAsync<T>(CliContext ctx, BulkResult<T> result, Func<T, string>? done = null)
    {
        var view = BulkView.Of(result);
        if (ctx.Json)
        {
            CliJson.Write(view);
        }
        else
        {
            foreach (var item in view.Items)
            {
                await Console.Out.WriteLineAsync(item.Ok ? $"{item.Item}\t{(done is null ? "done" : done((T)item.Value!))}" : $"{item.Item}\t{item.Code}: {item.Message}");
            }

            await Console.Out.WriteLineAsync($"{view.Done} done, {view.Failed} refused");
        }

        return view.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
