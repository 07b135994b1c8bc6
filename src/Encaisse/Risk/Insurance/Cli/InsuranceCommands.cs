using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Operations;

namespace Encaisse.Risk.Insurance.Cli;

/// <summary><c>encaisse insurance policy set|show, limit, limits, deadlines, claim</c>: credit insurance (assurance-crédit).</summary>
internal static class InsuranceCommands
{
    public static Command Build()
    {
        var command = new Command("insurance", "Credit insurance (assurance-crédit): policy, buyer limits, declaration deadlines, claim files");
        var policy = new Command("policy", "The tenant's credit-insurance policy");
        policy.Subcommands.Add(PolicySetCommand());
        policy.Subcommands.Add(PolicyShowCommand());
        command.Subcommands.Add(policy);
        command.Subcommands.Add(LimitCommand());
        command.Subcommands.Add(LimitsCommand());
        command.Subcommands.Add(DeadlinesCommand());
        command.Subcommands.Add(ClaimCommand());
        return command;
    }

    private static string Actor => "cli:" + Environment.UserName;

    private static Command PolicySetCommand()
    {
        var insurer = new Option<string?>("--insurer") { Description = "The credit insurer (Allianz Trade, Atradius, Coface...)" };
        var number = new Option<string?>("--policy-number") { Description = "The policy number" };
        var declaration = new Option<int?>("--declaration-days") { Description = "Days after the original due date by which an unpaid invoice must be declared" };
        var maxCredit = new Option<int?>("--max-credit-days") { Description = "Longest payment term the policy covers" };
        var indemnity = new Option<decimal?>("--indemnity") { Description = "Share of a covered loss the insurer pays, in %" };
        var discretionary = new Option<decimal?>("--discretionary-limit") { Description = "Buyers without a named limit are covered up to this amount (0 = none)" };
        var currency = new Option<string?>("--currency") { Description = "Currency of the policy (default: the tenant's)" };
        var keep = new Option<bool?>("--keep-dunning") { Description = "true: keep reminding invoices declared to the insurer (default false: they leave dunning)" };
        var command = new Command("set", "Create or update the policy") { insurer, number, declaration, maxCredit, indemnity, discretionary, currency, keep };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var p = ctx.Parse;
            var saved = (await InsuranceOperations.SetPolicyAsync(db, tenant, new PolicyInput(p.GetValue(insurer), p.GetValue(number), p.GetValue(declaration),
                p.GetValue(maxCredit), p.GetValue(indemnity), p.GetValue(discretionary), p.GetValue(currency), p.GetValue(keep)), ctx.Clock, ct)).OrThrow();
            await WriteAsync(ctx, saved);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PolicyShowCommand()
    {
        var command = new Command("show", "Show the policy");
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var policy = await InsuranceOperations.PolicyAsync(db, ct);
            if (policy is null)
            {
                throw new UsageException(OperationError.NotFound("insurance.noPolicy").Message("en"));
            }

            await WriteAsync(ctx, policy);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(CliContext ctx, InsurancePolicy policy)
    {
        if (ctx.Json)
        {
            CliJson.Write(View(policy));
        }
        else
        {
            var discretionary = policy.DiscretionaryLimitMinor is { } d ? Currencies.FormatInvariant(d, policy.Currency) + " " + policy.Currency : "none";
            var dunning = policy.KeepDunningAfterClaim ? "declared invoices stay in dunning" : "declared invoices leave dunning";
            await Console.Out.WriteLineAsync(FormattableString.Invariant(
                $"{policy.Insurer}{(policy.PolicyNumber is { } n ? " " + n : "")}: declare within {policy.DeclarationDays} days of the due date, credit up to {policy.MaxCreditDays} days, indemnity {Percent(policy.IndemnityPercent)}%, discretionary limit {discretionary}, {dunning}"));
        }
    }

    /// <summary>The percentage as stored, without the scale the database gives it back with (90, not 90.00 or 90.0).</summary>
    private static decimal Percent(decimal value) => decimal.Parse(value.ToString("0.##", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static object View(InsurancePolicy p) => new
    {
        insurer = p.Insurer, policyNumber = p.PolicyNumber, declarationDays = p.DeclarationDays, maxCreditDays = p.MaxCreditDays, indemnityPercent = Percent(p.IndemnityPercent),
        discretionaryLimit = p.DiscretionaryLimitMinor is { } d ? Currencies.FromMinor(d, p.Currency) : (decimal?)null, currency = p.Currency,
        keepDunningAfterClaim = p.KeepDunningAfterClaim,
    };

    private static Command LimitCommand()
    {
        var customer = new Argument<string>("CUSTOMER") { Description = "The customer's reference" };
        var decision = new Option<string>("--decision") { Description = "requested, granted, reduced or withdrawn", Required = true };
        var amount = new Option<decimal?>("--amount") { Description = "The limit's amount (not for withdrawn)" };
        var on = new Option<string?>("--on") { Description = "Date the decision takes effect, yyyy-mm-dd (default today)" };
        var expires = new Option<string?>("--expires") { Description = "Last day covered, yyyy-mm-dd" };
        var reference = new Option<string?>("--reference") { Description = "The insurer's decision reference" };
        var insurer = new Option<string?>("--insurer") { Description = "The insurer (default: the policy's)" };
        var command = new Command("limit", "Record an insurer's decision on a buyer's limit (kept in its history)") { customer, decision, amount, on, expires, reference, insurer };
        command.SetHandler(async (ctx, ct) =>
        {
            var text = ctx.Parse.GetValue(decision);
            if (!Enum.TryParse<LimitDecision>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new UsageException($"--decision: '{text}' is not requested, granted, reduced or withdrawn.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var history = (await InsuranceOperations.RecordLimitAsync(db, tenant, new LimitInput(ctx.Parse.GetValue(customer), parsed, ctx.Parse.GetValue(amount),
                CliRunner.ParseDate(ctx.Parse.GetValue(on), "--on"), CliRunner.ParseDate(ctx.Parse.GetValue(expires), "--expires"), ctx.Parse.GetValue(reference),
                ctx.Parse.GetValue(insurer)), Actor, ctx.Clock, ctx.Today(tenant), ct)).OrThrow();
            await WriteAsync(ctx, history);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command LimitsCommand()
    {
        var customer = new Argument<string>("CUSTOMER") { Description = "The customer's reference" };
        var command = new Command("limits", "A buyer's limit history and the limit in force") { customer };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            await WriteAsync(ctx, (await InsuranceOperations.LimitHistoryAsync(db, ctx.Parse.GetValue(customer), ctx.Today(tenant), ct)).OrThrow());
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(CliContext ctx, LimitHistory history)
    {
        if (ctx.Json)
        {
            CliJson.Write(history);
            return;
        }

        foreach (var d in history.Decisions)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{d.On:yyyy-MM-dd}\t{d.Decision.ToString().ToLowerInvariant()}\t{d.Amount:0.00} {d.Currency}\t{d.Insurer}\t{d.DecisionReference}{(d.InForce ? "\tin force" : "")}"));
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{history.CustomerRef}: limit in force {(history.InForce is { } f ? f.ToString("0.00", CultureInfo.InvariantCulture) + " since " + history.CoverStartsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none")}"));
        foreach (var alert in history.Alerts)
        {
            await Console.Out.WriteLineAsync("ALERT " + alert);
        }
    }

    private static Command DeadlinesCommand()
    {
        var all = new Option<bool>("--all") { Description = "Every open invoice with its cover, not only deadlines within 30 days or missed" };
        var customer = new Option<string?>("--customer") { Description = "Only this customer" };
        var command = new Command("deadlines", "Invoices to declare to the insurer: deadlines within 30/15/7 days and missed, covered and uncovered parts") { all, customer };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var rows = await InsuranceOperations.DeadlinesAsync(db, tenant, ctx.Today(tenant), ct, !ctx.Parse.GetValue(all), ctx.Parse.GetValue(customer));
            if (ctx.Json)
            {
                CliJson.Write(new { deadlines = rows });
            }
            else
            {
                foreach (var r in rows)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{r.DeclarationDeadline:yyyy-MM-dd}\t{r.Stage}\t{r.CustomerRef}\t{r.Invoice}\topen {r.Open} {r.Currency}\tcovered {r.Covered}\tuncovered {r.Uncovered}{(r.UncoveredReason is { } why ? " (" + why + ")" : "")}{(r.DeclaredOn is { } on ? $"\tdeclared {on:yyyy-MM-dd}" : "")}"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClaimCommand()
    {
        var customer = new Option<string>("--customer") { Description = "The customer's reference", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the claim file PDF (it is kept with the customer's documents too)" };
        var command = new Command("claim", "Declare the customer's overdue invoices to the insurer: the claim file (PDF), stored and on the timeline") { customer, output };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var claim = (await InsuranceOperations.ClaimAsync(db, tenant, ctx.Parse.GetValue(customer), Actor, ctx.Clock, ctx.Today(tenant), ct)).OrThrow();
            var path = ctx.Parse.GetValue(output);
            if (path is not null)
            {
                await File.WriteAllBytesAsync(path, claim.Pdf, ct);
            }

            if (ctx.Json)
            {
                CliJson.Write(new { claim, file = path });
            }
            else
            {
                await Console.Out.WriteLineAsync(FormattableString.Invariant(
                    $"{claim.CustomerRef}: {claim.Invoices.Count} invoice(s) declared to {claim.Insurer}, {claim.TotalOpen} {claim.Currency} unpaid, {claim.TotalCovered} covered")
                    + (claim.LeftDunning ? "; they leave dunning" : "") + (path is null ? "" : $" ({path})"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
