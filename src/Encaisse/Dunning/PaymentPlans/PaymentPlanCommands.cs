using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Timeline;

namespace Encaisse.Dunning.PaymentPlans;

internal static class PaymentPlanCommands
{
    public static Command Build()
    {
        var by = CollectionsCli.By();
        var root = new Command("plan", "Payment plans (échéanciers): add, list, check instalments") { by };

        var customer = new Argument<string>("customer") { Description = "Customer reference (ExternalRef)" };
        var instalments = new Option<string[]>("--instalment") { Description = "DATE=AMOUNT, e.g. 2026-12-15=500.00 (repeat)", AllowMultipleArgumentsPerToken = true };
        var total = new Option<string?>("--total") { Description = "Total of the plan (with --count and --first: equal monthly instalments)" };
        var count = new Option<int?>("--count") { Description = "Number of equal monthly instalments" };
        var first = new Option<string?>("--first") { Description = "First due date (yyyy-mm-dd)" };
        var request = new Option<bool>("--request") { Description = "The customer asks for it: accept automatically within the tenant's rules, else leave for review" };
        var channel = new Option<string?>("--channel") { Description = "collector (default), portal, api" };
        var add = new Command("add", "Create a payment plan") { customer, instalments, total, count, first, request, channel };
        add.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            var given = (ctx.Parse.GetValue(instalments) ?? []).Select(ParseInstalment).ToList();
            var body = new CreatePaymentPlan(ctx.Parse.GetValue(customer)!,
                ctx.Parse.GetValue(total) is { } t ? CliRunner.ParseAmount(t, "--total") : null,
                given, ctx.Parse.GetValue(count), CliRunner.ParseDate(ctx.Parse.GetValue(first), "--first"), ctx.Parse.GetValue(channel));
            return ctx.Parse.GetValue(request)
                ? await PaymentPlanOperations.RequestAsync(scope, body, ct)
                : await PaymentPlanOperations.CreateAsync(scope, body, ct);
        }, o => Print([(PaymentPlanView)o])));

        var ofCustomer = new Option<string?>("--customer") { Description = "Customer reference" };
        var status = new Option<string?>("--status") { Description = "requested, active, completed, defaulted, cancelled" };
        var list = new Command("list", "List payment plans with their instalments") { ofCustomer, status };
        list.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PaymentPlanOperations.ListAsync(scope, ctx.Parse.GetValue(ofCustomer), CollectionsCli.ParseEnum<PaymentPlanStatus>(ctx.Parse.GetValue(status), "--status"), ct),
            o => Print((IReadOnlyList<PaymentPlanView>)o)));

        var asOf = new Option<string?>("--as-of") { Description = "Check as of this date (default today)" };
        var check = new Command("check", "Mark active plans completed or defaulted from the payments received") { asOf };
        check.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
            await PaymentPlanOperations.CheckAsync(scope, CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of"), ct),
            o => Print((IReadOnlyList<PaymentPlanView>)o)));

        var id = new Argument<string>("id") { Description = "Payment plan id" };
        var accept = new Option<bool>("--accept") { Description = "Accept the requested plan" };
        var refuse = new Option<bool>("--refuse") { Description = "Refuse it" };
        var comment = new Option<string?>("--comment") { Description = "Why" };
        var review = new Command("review", "Accept or refuse a requested plan") { id, accept, refuse, comment };
        review.SetHandler((ctx, ct) => CollectionsCli.RunAsync(ctx, by, ct, async scope =>
        {
            if (ctx.Parse.GetValue(accept) == ctx.Parse.GetValue(refuse))
            {
                throw new UsageException("Give exactly one of --accept or --refuse.");
            }

            return await PaymentPlanOperations.ReviewAsync(scope, CollectionsCli.ParseId(ctx.Parse.GetValue(id), "id"), ctx.Parse.GetValue(accept), ctx.Parse.GetValue(comment), ct);
        }, o => Print([(PaymentPlanView)o])));

        root.Subcommands.Add(add);
        root.Subcommands.Add(list);
        root.Subcommands.Add(check);
        root.Subcommands.Add(review);
        return root;
    }

    private static InstalmentRequest ParseInstalment(string text)
    {
        var parts = text.Split('=', 2);
        if (parts.Length != 2)
        {
            throw new UsageException($"--instalment: '{text}' is not DATE=AMOUNT (e.g. 2026-12-15=500.00).");
        }

        return new InstalmentRequest(CollectionsCli.RequiredDate(parts[0], "--instalment"), CliRunner.ParseAmount(parts[1], "--instalment"));
    }

    private static void Print(IReadOnlyList<PaymentPlanView> plans)
    {
        foreach (var p in plans)
        {
            CollectionsCli.Line($"{p.Id}  {p.CustomerRef,-14} {p.Status,-9} {CollectionsCli.Amount(p.TotalMinor, p.Currency),16}, paid {CollectionsCli.Amount(p.PaidMinor, p.Currency)}{(p.ReviewNote is null ? "" : "  (" + p.ReviewNote + ")")}");
            foreach (var i in p.Instalments)
            {
                CollectionsCli.Line($"    #{i.Sequence} {CollectionsCli.Day(i.DueDate)} {CollectionsCli.Amount(i.AmountMinor, p.Currency),16}  {i.State}");
            }
        }
    }
}
