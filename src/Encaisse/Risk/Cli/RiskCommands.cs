using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;

namespace Encaisse.Risk.Cli;

/// <summary><c>encaisse risk score|alerts|monitor</c>.</summary>
internal static class RiskCommands
{
    public static Command Build()
    {
        var command = new Command("risk", "Behaviour scores, risk classes, credit limits, alerts and registry monitoring");
        command.Subcommands.Add(ScoreCommand());
        command.Subcommands.Add(AlertsCommand());
        command.Subcommands.Add(MonitorCommand.Build());
        foreach (var onboarding in Onboarding.OnboardingCommands.Build())
        {
            command.Subcommands.Add(onboarding);
        }
        return command;
    }

    private static Command ScoreCommand()
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer (external ref)" };
        var asOf = new Option<string?>("--as-of") { Description = "Date of the evaluation, yyyy-mm-dd (default: today)" };
        var command = new Command("score", "Score customers from their payment history, store their risk class, raise limit alerts") { customer, asOf };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            IReadOnlyList<CustomerRisk> risks;
            try
            {
                risks = await RiskEvaluation.RunAsync(db, tenant, date, ctx.Clock, ct, ctx.Parse.GetValue(customer));
            }
            catch (KeyNotFoundException e)
            {
                throw new UsageException(e.Message);
            }

            if (ctx.Json)
            {
                CliJson.Write(new { asOf = date, customers = risks });
            }
            else
            {
                foreach (var r in risks)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.CustomerRef}\t{r.RiskClass}\t{r.Score}\texposure {r.Exposure} {r.Currency}\tlimit {r.CreditLimit ?? r.RecommendedLimit}\t{string.Join("; ", r.Reasons.Select(x => x.Text))}"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command AlertsCommand()
    {
        var all = new Option<bool>("--all") { Description = "Include resolved alerts" };
        var command = new Command("alerts", "List open alerts (limits, insurance, registry)") { all };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var alerts = await AlertBook.ListAsync(db, ct, ctx.Parse.GetValue(all));
            var view = alerts.Select(a => new { a.Kind, a.Severity, a.Status, a.RaisedOn, a.Message, a.Key }).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new { alerts = view });
            }
            else
            {
                foreach (var a in view)
                {
                    await Console.Out.WriteLineAsync($"{a.RaisedOn:yyyy-MM-dd}\t{a.Severity}\t{a.Kind}\t{a.Message}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
