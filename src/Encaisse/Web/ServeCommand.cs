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
                await Demo.DemoSetup.EnsureAsync(factory, ctx.Clock, ct);
                await PrintDemoSignInAsync(factory, ctx.Clock, ct);
            }

            var app = EncaisseServer.Build(new ServerOptions(factory.Target, ctx.Parse.GetValue(urls)!)
            {
                Clock = ctx.Clock,
                MonitorRegistries = !ctx.Parse.GetValue(demo),
            });
            await Console.Out.WriteLineAsync($"Encaisse on {ctx.Parse.GetValue(urls)} ({factory.Target.Describe()}). Ctrl+C to stop.");
            await app.RunAsync(ct);
            return ExitCodes.Success;
        });
        return command;
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
