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
            }

            var app = EncaisseServer.Build(new ServerOptions(factory.Target, ctx.Parse.GetValue(urls)!) { Clock = ctx.Clock });
            await Console.Out.WriteLineAsync($"Encaisse on {ctx.Parse.GetValue(urls)} ({factory.Target.Describe()}). Ctrl+C to stop.");
            await app.RunAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
