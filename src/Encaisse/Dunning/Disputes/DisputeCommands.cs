using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Dunning.Disputes;

internal static class DisputeCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var root = new Command("dispute", "Disputes (litiges): open, list, move through their statuses") { by };

        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var invoices = new Option<string[]>("--invoice") { Description = "Invoice number (repeat for several)", AllowMultipleArgumentsPerToken = true, Required = true };
        var reason = new Option<string>("--reason") { Description = "quality, quantity, price, not-received, already-paid, other", Required = true };
        var amount = new Option<string?>("--amount") { Description = "Contested amount (default: the invoices' open amounts)" };
        var description = new Option<string?>("--description") { Description = "What the customer says" };
        var owner = new Option<string?>("--owner") { Description = "Login of the person resolving it" };
        var channel = new Option<string?>("--channel") { Description = "collector, portal, email, phone, api" };
        var open = new Command("open", "Open a dispute on one or more invoices of a customer") { customer, invoices, reason, amount, description, owner, channel };
        open.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            var request = new OpenDispute(ctx.Parse.GetValue(customer)!, ctx.Parse.GetValue(invoices) ?? [],
                CollectionsCli.ParseEnum<DisputeReason>(ctx.Parse.GetValue(reason), "--reason")!.Value,
                ctx.Parse.GetValue(amount) is { } a ? CliRunner.ParseAmount(a, "--amount") : null,
                ctx.Parse.GetValue(description), ctx.Parse.GetValue(owner), ctx.Parse.GetValue(channel));
            return await DisputeOperations.OpenAsync(scope, request, ct);
        }, Print));

        var status = new Option<string?>("--status") { Description = "open, in-review, resolved-with-credit-note, rejected" };
        var ofCustomer = new Option<string?>("--customer") { Description = "Customer reference" };
        var active = new Option<bool>("--active") { Description = "Only open and in-review disputes" };
        var list = new Command("list", "List disputes, newest first") { status, ofCustomer, active };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await DisputeOperations.ListAsync(scope, CollectionsCli.ParseEnum<DisputeStatus>(ctx.Parse.GetValue(status), "--status"),
                ctx.Parse.GetValue(ofCustomer), ctx.Parse.GetValue(active), ct), o =>
            {
                foreach (var d in (IReadOnlyList<DisputeView>)o)
                {
                    CollectionsCli.Line($"{d.Id}  {d.CustomerRef,-14} {d.Status,-22} {CollectionsCli.Amount(d.AmountMinor, d.Currency),16}  {string.Join(",", d.InvoiceNumbers)}  ({d.Reason}, opened {CollectionsCli.Day(d.OpenedOn)})");
                }
            }));

        var id = new Argument<string>("id") { Description = "Dispute id" };
        var to = new Argument<string>("status") { Description = "in-review, open, resolved-with-credit-note, rejected" };
        var comment = new Option<string?>("--comment") { Description = "Why (kept in the history)" };
        var creditNote = new Option<string?>("--credit-note") { Description = "Credit note number (resolving)" };
        var change = new Command("status", "Move a dispute to another status") { id, to, comment, creditNote };
        change.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await DisputeOperations.ChangeStatusAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(id), "id"),
                CollectionsCli.ParseEnum<DisputeStatus>(ctx.Parse.GetValue(to), "status")!.Value,
                ctx.Parse.GetValue(comment), ctx.Parse.GetValue(creditNote), ct), Print));

        var showId = new Argument<string>("id") { Description = "Dispute id" };
        var show = new Command("show", "Show a dispute with its history") { showId };
        show.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await DisputeOperations.GetAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(showId), "id"), ct), Print));

        root.Subcommands.Add(open);
        root.Subcommands.Add(list);
        root.Subcommands.Add(change);
        root.Subcommands.Add(show);
        return root;
    }

    private static void Print(object o)
    {
        var d = (DisputeView)o;
        CollectionsCli.Line($"Dispute {d.Id}");
        CollectionsCli.Line($"  customer {d.CustomerRef}, invoices {string.Join(", ", d.InvoiceNumbers)}");
        CollectionsCli.Line($"  {d.Status}, {d.Reason}, {CollectionsCli.Amount(d.AmountMinor, d.Currency)}, owner {d.Owner ?? "-"}, opened {CollectionsCli.Day(d.OpenedOn)}, closed {CollectionsCli.Day(d.ClosedOn)}");
        if (d.CreditNoteNumber is not null)
        {
            CollectionsCli.Line($"  credit note {d.CreditNoteNumber}");
        }

        foreach (var h in d.History)
        {
            CollectionsCli.Line($"  {CollectionsCli.Day(h.On)} {h.Actor}: {h.FromStatus?.ToString() ?? "-"} -> {h.ToStatus}{(h.Comment is null ? "" : " (" + h.Comment + ")")}");
        }
    }
}
