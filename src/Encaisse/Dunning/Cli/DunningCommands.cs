using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Dunning.Api;
using Encaisse.Dunning.Channels;
using Encaisse.Dunning.Plans;
using Encaisse.Dunning.Running;
using Encaisse.Operations;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Dunning.Cli;

/// <summary><c>encaisse dunning plans|run|days|actions|approve|reject|approve-many|reject-many|preview|bounce</c>.</summary>
internal static class DunningCommands
{
    public static Command Build() => new("dunning", "Dunning: plans, daily run, outbox actions, approvals, previews, bounces")
    {
        Plans(), Run(), Days(), Actions(), Approve(), Reject(), ApproveMany(), RejectMany(), Preview(), Bounce(), DunningSettingsCommand.Build(),
    };

    /// <summary>The scheduler's daily runs (docs/adr/0352): phase, holder, what each phase did, what is left for next time.</summary>
    private static Command Days()
    {
        var limit = new Option<int>("--limit") { Description = "How many days, latest first", DefaultValueFactory = _ => 14 };
        var command = new Command("days", "The daily runs of `serve`: phase, lease, report (registry checks left for next time, sends)") { limit };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var runs = (await db.Set<Scheduling.DailyRun>().AsNoTracking().OrderByDescending(r => r.RunOn).Take(Math.Clamp(ctx.Parse.GetValue(limit), 1, 366)).ToListAsync(ct))
                .Select(r => new
                {
                    r.RunOn,
                    r.CoversFrom,
                    Phase = r.Phase.ToString().ToLowerInvariant(),
                    r.Claims,
                    r.LeaseOwner,
                    r.LeaseExpiresAt,
                    r.StartedAt,
                    r.FinishedAt,
                    r.LastError,
                    Report = Scheduling.DailyRunReport.FromJson(r.Report),
                }).ToList();
            if (ctx.Json)
            {
                CliJson.Write(runs);
                return ExitCodes.Success;
            }

            foreach (var r in runs)
            {
                var s = r.Report?.Sending;
                await Console.Out.WriteLineAsync($"{r.RunOn:yyyy-MM-dd} (covers from {r.CoversFrom:yyyy-MM-dd}) {r.Phase,-10} claims {r.Claims}" +
                    (r.Report?.Registry is { } g ? $"; registry {g.Checked} checked, {g.Unchecked} unchecked, {g.Unavailable} unavailable" : "") +
                    (r.Report?.Planning is { } p ? $"; stored {p.Stored}" : "") +
                    (s is null ? "" : $"; sent {s.Sent}, retrying {s.Retrying}, failed {s.Failed}, to review {s.Interrupted + s.MayHaveLeft}, released {s.Released}") +
                    (r.Phase is "done" or "superseded" ? "" : $"; held by {r.LeaseOwner} until {r.LeaseExpiresAt:O}") +
                    (r.LastError is null ? "" : $"; {r.LastError}"));
                foreach (var note in r.Report?.Notes ?? [])
                {
                    await Console.Out.WriteLineAsync("  " + note);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Plans()
    {
        var command = new Command("plans", "List the tenant's dunning plans and their steps (defaults are created on first use)");
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            await DunningSetup.EnsureAsync(db, ctx.Clock, ct);
            var plans = (await db.Set<DunningPlan>().AsNoTracking().Include(p => p.Steps).OrderBy(p => p.Name).ToListAsync(ct))
                .Select(p => PlanView.Of(p, tenant.Currency)).ToList();
            if (ctx.Json)
            {
                CliJson.Write(plans);
                return ExitCodes.Success;
            }

            foreach (var p in plans)
            {
                await Console.Out.WriteLineAsync($"{p.Name}{(p.IsDefault ? " [default]" : "")} kind={p.ForKind?.ToString() ?? "any"} segment={p.ForSegment ?? "-"} risk={p.ForRiskClass ?? "-"} ({p.Id})");
                foreach (var s in p.Steps)
                {
                    await Console.Out.WriteLineAsync($"  {s.Number}. {s.OffsetDays,4:+0;-0;0} days  {s.Channel,-6} {s.Tone,-12} {s.TemplateKey}{(s.NeedsApproval ? "  (approval)" : "")}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run()
    {
        var asOf = new Option<string?>("--as-of") { Description = "Business date to plan for (yyyy-mm-dd); default today in the tenant's time zone" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be planned; store and send nothing" };
        var command = new Command("run", "Plan today's reminders, store them in the outbox, send what is due") { asOf, dryRun };
        command.SetHandler(async (ctx, ct) =>
        {
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of");
            var tenant = await ctx.TenantAsync(ct);
            var factory = await ctx.DatabaseAsync(ct);
            var report = await new DunningRunner(factory, ctx.Clock, new DunningChannels())
                .RunAsync(tenant, new DunningRunOptions { AsOf = date, DryRun = ctx.Parse.GetValue(dryRun) }, ct);
            if (ctx.Json)
            {
                CliJson.Write(report);
            }
            else
            {
                await Console.Out.WriteLineAsync($"Dunning {(report.DryRun ? "dry run" : "run")} for {report.AsOf:yyyy-MM-dd}: {report.Actions.Count} action(s); stored {report.Stored}, sent {report.Sent}, retrying {report.Retrying}, failed {report.Failed}, may have left {report.MayHaveLeft} (to review), skipped {report.Skipped}, cancelled {report.Cancelled}, awaiting approval {report.AwaitingApproval}, interrupted {report.Interrupted}, released {report.Released}, broken promises {report.BrokenPromises}; next check {report.NextCheck:yyyy-MM-dd}");
                foreach (var a in report.Actions)
                {
                    await Console.Out.WriteLineAsync($"  {a.CustomerRef,-16} {a.StepKey,-8} cycle {a.Cycle} {a.Channel,-6} {a.Tone,-12} {a.Level,4}d {string.Join(' ', a.Invoices)} -> {a.Status}");
                }
            }

            return report.Failed + report.MayHaveLeft > 0 ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static Command Actions()
    {
        var status = new Option<string?>("--status") { Description = "planned, awaitingApproval, sending, sent, failed, skipped, cancelled" };
        var customer = new Option<string?>("--customer") { Description = "Customer reference" };
        var command = new Command("actions", "List outbox actions") { status, customer };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var query = db.Set<DunningAction>().AsNoTracking();
            if (ctx.Parse.GetValue(status) is { } s)
            {
                if (!Enum.TryParse<DunningActionStatus>(s, ignoreCase: true, out var parsed))
                {
                    throw new UsageException($"--status: '{s}' is not one of planned, awaitingApproval, sending, sent, failed, skipped, cancelled.");
                }

                query = query.Where(a => a.Status == parsed);
            }

            if (ctx.Parse.GetValue(customer) is { } reference)
            {
                var id = await db.Customers.Where(c => c.ExternalRef == reference).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct)
                    ?? throw new UsageException($"--customer: no customer '{reference}'.");
                query = query.Where(a => a.CustomerId == id);
            }

            var rows = await query.OrderByDescending(a => a.PlannedOn).ThenBy(a => a.Id).Take(1000).Select(ActionView.Projection).ToListAsync(ct);
            if (ctx.Json)
            {
                CliJson.Write(rows);
            }
            else
            {
                foreach (var a in rows)
                {
                    await Console.Out.WriteLineAsync($"{a.Id} {a.PlannedOn:yyyy-MM-dd} {a.StepKey,-8} c{a.Cycle} {a.Channel,-6} {a.Status,-16} {a.AmountText} {a.Currency} {a.Subject}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Approve()
    {
        var id = new Argument<string>("id") { Description = "Action id" };
        var by = new Option<string?>("--by") { Description = "Who approves" };
        var command = new Command("approve", "Approve an action waiting for approval; the next run sends it") { id, by };
        command.SetHandler(async (ctx, ct) => await DecideAsync(ctx, ctx.Parse.GetValue(id)!, (db, guid) =>
            DunningApprovals.ApproveAsync(db, guid, ctx.Parse.GetValue(by) ?? Environment.UserName, ctx.Clock.GetUtcNow(), ct), ct));
        return command;
    }

    private static Command Reject()
    {
        var id = new Argument<string>("id") { Description = "Action id" };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var by = new Option<string?>("--by") { Description = "Who rejects" };
        var command = new Command("reject", "Reject an action waiting for approval (it is skipped)") { id, reason, by };
        command.SetHandler(async (ctx, ct) => await DecideAsync(ctx, ctx.Parse.GetValue(id)!, (db, guid) =>
            DunningApprovals.RejectAsync(db, guid, ctx.Parse.GetValue(by) ?? Environment.UserName, ctx.Parse.GetValue(reason), ctx.Clock.GetUtcNow(), ct), ct));
        return command;
    }

    /// <summary>
    /// The approvals queue's bulk "approve and send" (<c>POST /dunning/actions/approve</c>): each reminder through
    /// <see cref="ApprovalDecisions.ApproveAndSendManyAsync"/>, one line (or JSON item) per reminder.
    /// </summary>
    private static Command ApproveMany()
    {
        var ids = new Argument<string[]>("ids") { Description = "Action ids", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string?>("--by") { Description = "Who approves" };
        var command = new Command("approve-many", "Approve and send at once each action waiting for approval (as the approvals queue's bulk action)") { ids, by };
        command.SetHandler(async (ctx, ct) =>
        {
            var guids = Ids(ctx.Parse.GetValue(ids));
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var result = await ApprovalDecisions.ApproveAndSendManyAsync(db, tenant, new DunningChannels(), ctx.Clock, guids, ctx.Parse.GetValue(by) ?? Environment.UserName, ct);
            return await Encaisse.Web.Actions.CustomerBulkCommands.WriteAsync(ctx, result, Outcome);
        });
        return command;
    }

    /// <summary>The bulk rejection with one reason (<c>POST /dunning/actions/reject</c>, <see cref="ApprovalDecisions.RejectManyAsync"/>).</summary>
    private static Command RejectMany()
    {
        var ids = new Argument<string[]>("ids") { Description = "Action ids", Arity = ArgumentArity.OneOrMore };
        var reason = new Option<string?>("--reason") { Description = "Why (required, the same for every action)" };
        var by = new Option<string?>("--by") { Description = "Who rejects" };
        var command = new Command("reject-many", "Reject each action waiting for approval with one reason (as the approvals queue's bulk action)") { ids, reason, by };
        command.SetHandler(async (ctx, ct) =>
        {
            var guids = Ids(ctx.Parse.GetValue(ids));
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var result = await ApprovalDecisions.RejectManyAsync(db, ctx.Clock, guids, ctx.Parse.GetValue(by) ?? Environment.UserName, ctx.Parse.GetValue(reason), ct);
            return await Encaisse.Web.Actions.CustomerBulkCommands.WriteAsync(ctx, result.OrThrow(), Outcome);
        });
        return command;
    }

    /// <summary>The ids as given (each must be an action id), refused whole like the API's request when none or too many.</summary>
    private static List<Guid> Ids(string[]? values)
    {
        var guids = new List<Guid>();
        foreach (var value in values ?? [])
        {
            guids.Add(Guid.TryParse(value, out var guid) ? guid : throw new UsageException($"'{value}' is not an action id."));
        }

        if (Encaisse.Web.Api.BulkApi.CheckIds(guids) is { } refused)
        {
            throw new Encaisse.Operations.OperationFailedException(refused);
        }

        return guids;
    }

    private static string Outcome(ApprovalDecision decision) => decision.Outcome switch
    {
        ApprovalOutcome.Sent => "sent",
        ApprovalOutcome.Rejected => "rejected",
        ApprovalOutcome.NoLongerDue => $"approved, then cancelled: {decision.SendError}",
        _ => $"approved, not sent yet: {decision.SendError}",
    } + $" ({decision.CustomerRef})";

    private static async Task<int> DecideAsync(CliContext ctx, string id, Func<Encaisse.Storage.EncaisseDb, Guid, Task<ApprovalResult>> decide, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            throw new UsageException($"'{id}' is not an action id.");
        }

        var tenant = await ctx.TenantAsync(ct);
        await using var db = await ctx.DbForAsync(tenant, ct);
        var result = await decide(db, guid);
        if (ctx.Json)
        {
            CliJson.Write(new { id = guid, result });
        }

        return result switch
        {
            ApprovalResult.Done => ExitCodes.Success,
            ApprovalResult.NotFound => throw new UsageException($"No dunning action {guid}."),
            _ => throw new CommandFailedException($"Action {guid} is not waiting for approval."),
        };
    }

    private static Command Preview()
    {
        var customer = new Option<string>("--customer") { Description = "Customer reference", Required = true };
        var step = new Option<int>("--step") { Description = "Step number in the customer's plan", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Business date (yyyy-mm-dd)" };
        var command = new Command("preview", "Render a step's message for a customer with its real invoices (nothing stored or sent)") { customer, step, asOf };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            PreviewResult? result;
            try
            {
                result = await DunningPreview.RenderAsync(db, tenant, ctx.Parse.GetValue(customer)!, ctx.Parse.GetValue(step), date, ctx.Clock, null, ct);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            if (result is null)
            {
                throw new UsageException($"--customer: no customer '{ctx.Parse.GetValue(customer)}'.");
            }

            if (ctx.Json)
            {
                CliJson.Write(result);
            }
            else
            {
                await Console.Out.WriteLineAsync($"Channel: {result.Channel}  Template: {result.TemplateKey} ({result.Language})  Invoices: {string.Join(", ", result.Invoices)}");
                await Console.Out.WriteLineAsync("Subject: " + result.Subject);
                await Console.Out.WriteLineAsync(result.PdfBytes is { } n ? $"[letter PDF, {n} bytes]" : result.Body);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Bounce()
    {
        var file = new Argument<string>("file") { Description = "A bounce (DSN) mail file, .eml" };
        var command = new Command("bounce", "Ingest a bounce: mark the address failing and open a task") { file };
        command.SetHandler(async (ctx, ct) =>
        {
            var path = ctx.Parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"No file '{path}'.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            await using var stream = File.OpenRead(path);
            var result = await DunningBounces.IngestAsync(db, stream, ctx.Clock, ct);
            if (ctx.Json)
            {
                CliJson.Write(result);
            }
            else
            {
                await Console.Out.WriteLineAsync(result.Matched ? $"Bounce recorded for action {result.ActionId}; task {result.TaskId} opened." : "Not matched: " + result.Detail);
            }

            return result.Matched ? ExitCodes.Success : throw new CommandFailedException("Bounce not matched: " + result.Detail);
        });
        return command;
    }
}
