using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Encaisse.Demo;

internal static class DemoCommands
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { Description = "Number of customers (about 24 invoices each over 24 months)", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same portfolio", DefaultValueFactory = _ => 42 };
        var perMonth = new Option<double>("--invoices-per-month") { Description = "Average invoices per customer and month", DefaultValueFactory = _ => 1.0 };
        var generate = new Command("generate", "Generate a realistic French SME portfolio into a new tenant (default code: demo)") { customers, seed, perMonth };
        generate.SetHandler(async (ctx, ct) =>
        {
            var count = ctx.Parse.GetValue(customers);
            var rate = ctx.Parse.GetValue(perMonth);
            if (count is < 1 or > 1_000_000)
            {
                throw new UsageException("--customers: between 1 and 1000000.");
            }

            if (rate is <= 0 or > 100)
            {
                throw new UsageException("--invoices-per-month: between 0 and 100.");
            }

            var code = ctx.Parse.GetValue(GlobalOptions.Tenant) ?? "demo";
            var factory = await ctx.DatabaseAsync(ct);
            DemoWriter.Counts result;
            // Next to a `serve --demo` starting on the same database: one of them creates the tenant, the other says so.
            await using (await Storage.StartupLock.AcquireAsync(factory.Target, Storage.StartupLock.Demo, ct))
            {
                result = await DemoSetup.GenerateAsync(factory, code, new DemoOptions(count, ctx.Parse.GetValue(seed), 24, rate), ctx.Clock,
                    ctx.Json || Console.IsOutputRedirected ? null : AnsiConsole.Console, ct);
            }
            if (ctx.Json)
            {
                CliJson.Write(new { tenant = code, result.Customers, result.Invoices, result.Payments, result.Allocations, result.Disputes, result.Promises });
            }
            else
            {
                await Console.Out.WriteLineAsync($"Tenant '{code}': {result.Customers} customers, {result.Invoices} invoices, {result.Payments} payments, {result.Disputes} disputes, {result.Promises} promises.");
            }

            return ExitCodes.Success;
        });
        return new Command("demo", "Demo data") { generate };
    }
}
