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
        root.Subcommands.Add(Dunning.Disputes.DisputeCommands.Build());
        root.Subcommands.Add(Dunning.Promises.PromiseCommands.Build());
        root.Subcommands.Add(Dunning.PaymentPlans.PaymentPlanCommands.Build());
        root.Subcommands.Add(Dunning.Tasks.TaskCommands.Build());
        root.Subcommands.Add(Dunning.Holds.HoldCommands.Build());
        root.Subcommands.Add(Dunning.Timeline.TimelineCommands.Build());
        root.Subcommands.Add(Dunning.Timeline.TimelineCommands.BuildNote());
        root.Subcommands.Add(Formats.Cli.ImportCommand.Build());
        root.Subcommands.Add(Legal.Cli.LegalCommands.Build());
        root.Subcommands.Add(Legal.Cli.RatesCommands.Build());
        root.Subcommands.Add(Payments.Cli.BankCommands.Build());
        root.Subcommands.Add(Payments.Cli.MatchCommand.Build());
        root.Subcommands.Add(Payments.Cli.SepaCommands.Build());
        root.Subcommands.Add(Dunning.Cli.DunningCommands.Build());
        root.Subcommands.Add(Web.Users.UserCommands.Build());
        root.Subcommands.Add(Web.Actions.CustomerBulkCommands.Build());
        root.Subcommands.Add(Portal.Cli.PortalCommands.Build());
        root.Subcommands.Add(Reporting.Cli.ReportCommands.Build());
        root.Subcommands.Add(Risk.Cli.RiskCommands.Build());
        root.Subcommands.Add(Risk.Factoring.Cli.FactoringCommands.Build());
        root.Subcommands.Add(Risk.Insurance.Cli.InsuranceCommands.Build());
        root.Subcommands.Add(EInvoicing.Cli.EInvoiceCommands.Build());
        root.Subcommands.Add(Audit.Cli.AuditCommands.Build());
        root.Subcommands.Add(Privacy.Cli.GdprCommands.Build());
        return root;
    }
}
