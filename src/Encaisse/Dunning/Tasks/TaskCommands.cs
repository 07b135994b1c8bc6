using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Dunning.Tasks;

internal static class TaskCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var root = new Command("task", "Collector tasks: calls of the day, call outcomes") { by };

        var ofCustomer = new Option<string?>("--customer") { Description = "Customer reference" };
        var collector = new Option<string?>("--collector") { Description = "Collector login (tasks assigned to them or to their customers)" };
        var status = new Option<string?>("--status") { Description = "open, done, cancelled" };
        var kind = new Option<string?>("--kind") { Description = "call, proof-of-claim, bounced-email, approve-reminder, review, other" };
        var dueBy = new Option<string?>("--due-by") { Description = "Due on or before this date" };
        var today = new Option<bool>("--today") { Description = "Calls of the day: open calls due today or earlier (needs --collector)" };
        var list = new Command("list", "List tasks by due date") { ofCustomer, collector, status, kind, dueBy, today };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            if (ctx.Parse.GetValue(today))
            {
                var who = ctx.Parse.GetValue(collector) ?? throw new UsageException("--today needs --collector.");
                return await CollectionTaskOperations.CallsOfTheDayAsync(scope, who, CliRunner.ParseDate(ctx.Parse.GetValue(dueBy), "--due-by"), ct);
            }

            return await CollectionTaskOperations.ListAsync(scope, new TaskFilter(ctx.Parse.GetValue(ofCustomer), ctx.Parse.GetValue(collector),
                CollectionsCli.ParseEnum<CollectionTaskStatus>(ctx.Parse.GetValue(status), "--status"),
                CollectionsCli.ParseEnum<CollectionTaskKind>(ctx.Parse.GetValue(kind), "--kind"),
                CliRunner.ParseDate(ctx.Parse.GetValue(dueBy), "--due-by")), ct);
        }, o => Print((IReadOnlyList<TaskView>)o)));

        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var title = new Option<string>("--title") { Description = "What to do", DefaultValueFactory = _ => "Call the customer" };
        var due = new Option<string?>("--due") { Description = "Due date (default today)" };
        var assign = new Option<string?>("--assign") { Description = "Collector login (default: the customer's collector)" };
        var taskKind = new Option<string?>("--kind") { Description = "call (default), review, other..." };
        var add = new Command("add", "Create a task") { customer, title, due, assign, taskKind };
        add.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await CollectionTaskOperations.CreateAsync(scope, new CreateTask(ctx.Parse.GetValue(customer)!, ctx.Parse.GetValue(title)!,
                CliRunner.ParseDate(ctx.Parse.GetValue(due), "--due"),
                CollectionsCli.ParseEnum<CollectionTaskKind>(ctx.Parse.GetValue(taskKind), "--kind") ?? CollectionTaskKind.Call,
                ctx.Parse.GetValue(assign)), ct),
            o => Print([(TaskView)o])));

        var id = new Argument<string>("id") { Description = "Task id" };
        var outcome = new Option<string>("--outcome") { Description = "reached, promise, dispute, wrong-number, call-back, no-answer", Required = true };
        var comment = new Option<string?>("--comment") { Description = "What was said" };
        var amount = new Option<string?>("--amount") { Description = "Promise: amount" };
        var date = new Option<string?>("--date") { Description = "Promise: date; call-back: day to call again" };
        var invoices = new Option<string[]>("--invoice") { Description = "Dispute: invoice number (repeat)", AllowMultipleArgumentsPerToken = true };
        var reason = new Option<string?>("--reason") { Description = "Dispute: quality, quantity, price, not-received, already-paid, other" };
        var logCall = new Command("log-call", "Log the outcome of a call and close its task") { id, outcome, comment, amount, date, invoices, reason };
        logCall.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            var result = CollectionsCli.ParseEnum<CallOutcome>(ctx.Parse.GetValue(outcome), "--outcome")!.Value;
            var day = CliRunner.ParseDate(ctx.Parse.GetValue(date), "--date");
            var request = new LogCall(result, ctx.Parse.GetValue(comment),
                ctx.Parse.GetValue(amount) is { } a ? CliRunner.ParseAmount(a, "--amount") : null,
                result == CallOutcome.Promise ? day : null,
                ctx.Parse.GetValue(invoices),
                CollectionsCli.ParseEnum<DisputeReason>(ctx.Parse.GetValue(reason), "--reason"),
                result == CallOutcome.CallBack ? day : null);
            return await CollectionTaskOperations.LogCallAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(id), "id"), request, ct);
        }, o =>
        {
            var logged = (CallLogged)o;
            Print([logged.Task]);
            if (logged.PromiseId is { } p)
            {
                CollectionsCli.Line($"promise recorded: {p}");
            }

            if (logged.DisputeId is { } d)
            {
                CollectionsCli.Line($"dispute opened: {d}");
            }

            if (logged.NextTaskId is { } n)
            {
                CollectionsCli.Line($"call-back task: {n}");
            }
        }));

        var doneId = new Argument<string>("id") { Description = "Task id" };
        var doneComment = new Option<string?>("--comment") { Description = "Outcome" };
        var complete = new Command("complete", "Mark a task done") { doneId, doneComment };
        complete.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await CollectionTaskOperations.CompleteAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(doneId), "id"), ctx.Parse.GetValue(doneComment), false, ct),
            o => Print([(TaskView)o])));

        root.Subcommands.Add(list);
        root.Subcommands.Add(add);
        root.Subcommands.Add(logCall);
        root.Subcommands.Add(complete);
        return root;
    }

    private static void Print(IReadOnlyList<TaskView> tasks)
    {
        foreach (var t in tasks)
        {
            CollectionsCli.Line($"{t.Id}  {CollectionsCli.Day(t.DueOn)} {t.CustomerRef,-14} {t.Kind,-6} {t.Status,-9} {t.AssignedTo ?? "-",-10} {t.Title}{(t.Outcome is null ? "" : " -> " + t.Outcome)}");
        }
    }
}
