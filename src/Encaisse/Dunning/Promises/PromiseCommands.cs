using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Dunning.Promises;

internal static class PromiseCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var root = new Command("promise", "Promises to pay: record, list, cancel, check kept/broken") { by };

        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var amount = new Option<string>("--amount") { Description = "Promised amount, e.g. 1500.00", Required = true };
        var date = new Option<string>("--date") { Description = "Promised payment date (yyyy-mm-dd)", Required = true };
        var channel = new Option<string?>("--channel") { Description = "phone (default), email, portal, letter, api" };
        var note = new Option<string?>("--note") { Description = "Free text" };
        var currency = new Option<string?>("--currency") { Description = "Default: the tenant currency" };
        var add = new Command("add", "Record a promise to pay") { customer, amount, date, channel, note, currency };
        add.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PromiseOperations.RecordAsync(scope, new RecordPromise(ctx.Parse.GetValue(customer)!,
                CliRunner.ParseAmount(ctx.Parse.GetValue(amount)!, "--amount"), CollectionsCli.RequiredDate(ctx.Parse.GetValue(date), "--date"),
                ctx.Parse.GetValue(channel), ctx.Parse.GetValue(note), ctx.Parse.GetValue(currency)), ct),
            o => PrintAll([(PromiseView)o])));

        var ofCustomer = new Option<string?>("--customer") { Description = "Customer reference" };
        var status = new Option<string?>("--status") { Description = "pending, kept, broken, cancelled" };
        var list = new Command("list", "List promises by date") { ofCustomer, status };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PromiseOperations.ListAsync(scope, ctx.Parse.GetValue(ofCustomer), CollectionsCli.ParseEnum<PromiseStatus>(ctx.Parse.GetValue(status), "--status"), ct),
            o => PrintAll((IReadOnlyList<PromiseView>)o)));

        var id = new Argument<string>("id") { Description = "Promise id" };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var cancel = new Command("cancel", "Cancel a pending promise") { id, reason };
        cancel.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PromiseOperations.CancelAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(id), "id"), ctx.Parse.GetValue(reason), ct),
            o => PrintAll([(PromiseView)o])));

        var asOf = new Option<string?>("--as-of") { Description = "Check as of this date (default today)" };
        var check = new Command("check", "Mark pending promises kept or broken from the payments received") { asOf };
        check.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PromiseOperations.CheckAsync(scope, CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of"), ct), o =>
            {
                var changes = (IReadOnlyList<PromiseChange>)o;
                CollectionsCli.Line($"{changes.Count} promise(s) resolved.");
                foreach (var c in changes)
                {
                    CollectionsCli.Line($"{c.Id}  {c.CustomerRef,-14} {c.Status,-7} on {CollectionsCli.Day(c.ResolvedOn)}: paid {CollectionsCli.Amount(c.PaidMinor, c.Currency)} of {CollectionsCli.Amount(c.AmountMinor, c.Currency)}");
                }
            }));

        root.Subcommands.Add(add);
        root.Subcommands.Add(list);
        root.Subcommands.Add(cancel);
        root.Subcommands.Add(check);
        return root;
    }

    private static void PrintAll(IReadOnlyList<PromiseView> promises)
    {
        foreach (var p in promises)
        {
            CollectionsCli.Line($"{p.Id}  {p.CustomerRef,-14} {p.Status,-9} {CollectionsCli.Amount(p.AmountMinor, p.Currency),16} by {CollectionsCli.Day(p.PromisedDate)} (grace to {CollectionsCli.Day(p.GraceEnd)}, {p.Channel})");
        }
    }
}
