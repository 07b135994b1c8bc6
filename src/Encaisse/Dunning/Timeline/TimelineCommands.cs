using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Dunning.Tasks;

namespace Encaisse.Dunning.Timeline;

internal static class TimelineCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var page = new Option<int>("--page") { Description = "Page (1 = newest)", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { Description = "Entries per page", DefaultValueFactory = _ => 50 };
        var kind = new Option<string?>("--kind") { Description = "Only kinds starting with this, e.g. promise or dispute." };
        var lang = new Option<string>("--lang") { Description = "Language of the summaries: fr or en", DefaultValueFactory = _ => "fr" };
        var timeline = new Command("timeline", "A customer's timeline, newest first") { by, customer, page, size, kind, lang };
        timeline.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await TimelineQueries.PageAsync(scope, ctx.Parse.GetValue(customer)!, ctx.Parse.GetValue(page), ctx.Parse.GetValue(size), ctx.Parse.GetValue(kind), ct,
                ctx.Parse.GetValue(lang) == "en" ? "en" : "fr"), o =>
            {
                var p = (TimelinePage)o;
                foreach (var e in p.Entries)
                {
                    CollectionsCli.Line($"{e.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}  {e.Kind,-18} {e.Actor,-10} {e.Summary}");
                }

                CollectionsCli.Line($"page {p.Page}, {p.Entries.Count} of {p.Total} entries");
            }));
        return timeline;
    }

    public static Command BuildNote()
    {
        var by = CollectionsCli.By();
        var root = new Command("note", "Notes on a customer's file") { by };
        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var text = new Argument<string>("text") { Description = "The note" };
        var add = new Command("add", "Add a note") { customer, text };
        add.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await NoteOperations.AddAsync(scope, ctx.Parse.GetValue(customer)!, ctx.Parse.GetValue(text), ct),
            o => CollectionsCli.Line("note " + ((NoteView)o).Id)));
        var ofCustomer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var list = new Command("list", "List a customer's notes, newest first") { ofCustomer };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await NoteOperations.ListAsync(scope, ctx.Parse.GetValue(ofCustomer)!, ct), o =>
            {
                foreach (var n in (IReadOnlyList<NoteView>)o)
                {
                    CollectionsCli.Line($"{n.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}  {n.Author,-10} {n.Text}");
                }
            }));
        root.Subcommands.Add(add);
        root.Subcommands.Add(list);
        return root;
    }
}
