using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Dunning.Holds;

internal static class HoldCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var root = new Command("hold", "Pause or exclude customers and invoices from dunning") { by };

        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var reason = new Option<string>("--reason") { Description = "Why dunning stops", Required = true };
        var kind = new Option<string?>("--kind") { Description = "manual (default: pause the customer) or exclusion (customer or --invoice, needs --until)" };
        var until = new Option<string?>("--until") { Description = "Last day of the hold (yyyy-mm-dd)" };
        var invoice = new Option<string?>("--invoice") { Description = "Exclude only this invoice" };
        var add = new Command("add", "Pause or exclude") { customer, reason, kind, until, invoice };
        add.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            var k = CollectionsCli.ParseEnum<DunningHoldKind>(ctx.Parse.GetValue(kind), "--kind")
                ?? (ctx.Parse.GetValue(invoice) is null ? DunningHoldKind.Manual : DunningHoldKind.Exclusion);
            return await DunningHoldOperations.CreateAsync(scope, new CreateHold(ctx.Parse.GetValue(customer)!, k, ctx.Parse.GetValue(reason)!,
                CliRunner.ParseDate(ctx.Parse.GetValue(until), "--until"), ctx.Parse.GetValue(invoice)), ct);
        }, o => Print([(HoldView)o])));

        var ofCustomer = new Option<string?>("--customer") { Description = "Customer reference" };
        var all = new Option<bool>("--all") { Description = "Include ended holds" };
        var list = new Command("list", "List current (and future) holds") { ofCustomer, all };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await DunningHoldOperations.ListAsync(scope, ctx.Parse.GetValue(ofCustomer), !ctx.Parse.GetValue(all), ct),
            o => Print((IReadOnlyList<HoldView>)o)));

        var id = new Argument<string>("id") { Description = "Hold id" };
        var comment = new Option<string?>("--comment") { Description = "Why" };
        var lift = new Command("lift", "End a hold from today") { id, comment };
        lift.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await DunningHoldOperations.LiftAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(id), "id"), ctx.Parse.GetValue(comment), ct),
            o => Print([(HoldView)o])));

        root.Subcommands.Add(add);
        root.Subcommands.Add(list);
        root.Subcommands.Add(lift);
        return root;
    }

    private static void Print(IReadOnlyList<HoldView> holds)
    {
        foreach (var h in holds)
        {
            CollectionsCli.Line($"{h.Id}  {h.CustomerRef,-14} {h.InvoiceNumber ?? "(customer)",-12} {h.Kind,-10} {CollectionsCli.Day(h.From)} .. {CollectionsCli.Day(h.Until)} {(h.ActiveToday ? "active" : "inactive"),-8} {h.Reason}");
        }
    }
}
