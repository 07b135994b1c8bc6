using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Storage;

namespace Encaisse.Web;

internal static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on", DefaultValueFactory = _ => "http://localhost:5080" };
        var demo = new Option<bool>("--demo") { Description = "Generate a demo portfolio first when the database has none" };
        var command = new Command("serve", "Start the web back office, customer portal, REST API and scheduler") { urls, demo };
        command.SetHandler(async (ctx, ct) =>
        {
            var factory = await ctx.DatabaseAsync(ct);
            if (ctx.Parse.GetValue(demo))
            {
                // Two `serve --demo` started together: one generates the portfolio and the users, the other waits
                // and finds them (no unique-key failure at start).
                await using (await StartupLock.AcquireAsync(factory.Target, StartupLock.Demo, ct))
                {
                    var tenant = await Demo.DemoSetup.EnsureAsync(factory, ctx.Clock, ct);
                    if (await Demo.DemoDay.RunOnceAsync(factory, tenant, ctx.Clock, ct) is { } day)
                    {
                        await Console.Out.WriteLineAsync(
                            $"Demo day: {day.Scored} customers scored, {day.RemindersStored} reminders over the last {Demo.DemoDay.ReplayDays} days " +
                            $"({day.AwaitingApproval} to approve, {day.CallsToday} calls due), {day.CreditsToReview} bank credits to review, {day.Unidentified} unidentified.");
                    }

                    await using (var scoped = factory.Create(tenant.Id))
                    {
                        var (key, clear) = Api.ApiKey.Issue(tenant.Id, "demo session", ctx.Clock.GetUtcNow());
                        scoped.Add(key);
                        await scoped.SaveChangesAsync(ct);
                        await Console.Out.WriteLineAsync($"Demo API key (this session): {clear}");
                    }

                    await PrintDemoSignInAsync(factory, ctx.Clock, ct);
                }
            }

            var app = EncaisseServer.Build(new ServerOptions(factory.Target, ctx.Parse.GetValue(urls)!)
            {
                Clock = ctx.Clock,
                MonitorRegistries = !ctx.Parse.GetValue(demo),
                RunLease = RunLease(),
                DashboardMaxAge = DashboardMaxAge(),
            });
            await Console.Out.WriteLineAsync($"Encaisse on {ctx.Parse.GetValue(urls)} ({factory.Target.Describe()}). Ctrl+C to stop.");
            await app.RunAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>ENCAISSE_RUN_LEASE_SECONDS (2 to 3600), else the default lease of the daily run.</summary>
    private static TimeSpan RunLease()
    {
        var value = Environment.GetEnvironmentVariable("ENCAISSE_RUN_LEASE_SECONDS");
        if (string.IsNullOrWhiteSpace(value))
        {
            return Dunning.Scheduling.DailyDunningJob.DefaultLease;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 2 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException("ENCAISSE_RUN_LEASE_SECONDS: a number of seconds between 2 and 3600.");
    }

    /// <summary>ENCAISSE_DASHBOARD_MAX_AGE_SECONDS (0 to 3600; 0 computes the dashboard's figures on every request), else one minute.</summary>
    private static TimeSpan DashboardMaxAge()
    {
        var value = Environment.GetEnvironmentVariable("ENCAISSE_DASHBOARD_MAX_AGE_SECONDS");
        if (string.IsNullOrWhiteSpace(value))
        {
            return Reporting.PortfolioFiguresCache.DefaultMaxAge;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException("ENCAISSE_DASHBOARD_MAX_AGE_SECONDS: a number of seconds between 0 and 3600.");
    }

    /// <summary>Makes sure the demo tenant has its demo users and prints how to sign in.</summary>
    private static async Task PrintDemoSignInAsync(DatabaseFactory factory, TimeProvider clock, CancellationToken ct)
    {
        await using var db = factory.Create();
        var tenant = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Tenants.OrderBy(t => t.Id), ct);
        if (tenant is null)
        {
            return;
        }

        var users = await Users.DemoUsers.EnsureAsync(factory, tenant.Id, clock, ct);
        await Console.Out.WriteLineAsync($"Demo sign-in ({tenant.Name}), password '{Users.DemoUsers.Password}' for every user:");
        foreach (var user in users)
        {
            await Console.Out.WriteLineAsync($"  {user.Login,-14} {user.Role}");
        }
    }
}
