using System.CommandLine;

namespace Encaisse.Cli;

/// <summary>The verbs of the one executable. Each capability contributes its commands from its own folder.</summary>
public static class CommandTree
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Encaisse: credit management and collections for French SMEs.");
        root.Options.Add(GlobalOptions.Db);
        root.Options.Add(GlobalOptions.Tenant);
        root.Options.Add(GlobalOptions.Json);

        root.Subcommands.Add(Web.ServeCommand.Build());
        root.Subcommands.Add(Web.Api.ApiKeyCommands.Build());
        root.Subcommands.Add(Demo.DemoCommands.Build());
        root.Subcommands.Add(Ledger.Cli.LedgerCommands.Build());
        root.Subcommands.Add(Reporting.Cli.ReportCommands.Build());
        root.Subcommands.Add(Risk.Cli.RiskCommands.Build());
        return root;
    }
}
