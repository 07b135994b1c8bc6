using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Ledger;
using Encaisse.Operations;

namespace Encaisse.Legal.Cli;

/// <summary><c>encaisse legal prescription</c> and <c>encaisse legal policy</c>.</summary>
internal static class PrescriptionCommand
{
    public static Command Build()
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer" };
        var asOf = new Option<string?>("--as-of") { Description = "Date of the check (default: today)" };
        var all = new Option<bool>("--all") { Description = "List every open invoice, not only alerts and expired ones" };
        var tasks = new Option<bool>("--tasks") { Description = "Also open a collection task per invoice in alert (what the daily job does)" };
        var command = new Command("prescription", "Limitation periods of open invoices (5 years business, 2 years consumer), alert 3 months before") { customer, asOf, all, tasks };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            var items = (await PrescriptionReport.BuildAsync(db, tenant, ctx.Parse.GetValue(customer), date, ct))
                .Where(i => ctx.Parse.GetValue(all) || i.Status.State != PrescriptionState.Running).ToList();
            if (ctx.Parse.GetValue(tasks))
            {
                var created = await PrescriptionAlerts.RaiseAsync(db, tenant, date, ctx.Clock.GetUtcNow(), ct);
                await Console.Error.WriteLineAsync($"{created} collection task(s) opened for prescription alerts.");
            }

            if (ctx.Json)
            {
                CliJson.Write(items.Select(View).ToList());
            }
            else
            {
                foreach (var i in items)
                {
                    Console.Out.WriteLine($"{i.Status.State,-8} {i.Customer,-14} {i.Invoice,-16} expires {i.Status.ExpiresOn:yyyy-MM-dd} (alert {i.Status.AlertOn:yyyy-MM-dd}) open {Currencies.FormatInvariant(i.OpenMinor, i.Currency)} {i.Currency}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static object View(PrescriptionItem i) => new
    {
        customer = i.Customer,
        invoice = i.Invoice,
        dueDate = i.DueDate,
        open = Currencies.FromMinor(i.OpenMinor, i.Currency),
        currency = i.Currency,
        years = i.Status.Years,
        startedOn = i.Status.StartedOn,
        lastInterruption = i.Status.LastInterruption,
        expiresOn = i.Status.ExpiresOn,
        alertOn = i.Status.AlertOn,
        state = i.Status.State,
    };

    public static Command Policy()
    {
        var customer = new Option<string?>("--customer") { Description = "Set the agreed terms of one customer instead of the tenant's policy" };
        var rate = new Option<string?>("--rate") { Description = "Contractual annual rate in percent; 'none' = ECB + 10 points" };
        var policy = new Option<string>("--policy") { Description = "split (default) or start", DefaultValueFactory = _ => "split" };
        var basis = new Option<string>("--basis") { Description = "365 (default) or actual", DefaultValueFactory = _ => "365" };
        var baseOption = new Option<string>("--base") { Description = "ttc (default) or ht", DefaultValueFactory = _ => "ttc" };
        var days = new Option<int>("--notice-days") { Description = "Days given in a formal notice", DefaultValueFactory = _ => 8 };
        var disputes = new Option<string>("--dispute-interest")
        {
            Description = "Interest over a closed dispute's days: pause (default) or claim (a rejected dispute does not stop interest; ADR 0410)",
            DefaultValueFactory = _ => "pause",
        };
        var set = new Command("set", "Store the penalty policy (refuses a rate below 3 × the legal rate of the current half-year)") { customer, rate, policy, basis, baseOption, days, disputes };
        set.SetHandler(async (ctx, ct) =>
        {
            var p = ctx.Parse;
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            Guid? customerId = null;
            if (p.GetValue(customer) is { } reference)
            {
                customerId = db.Customers.Where(c => c.ExternalRef == reference).Select(c => (Guid?)c.Id).SingleOrDefault()
                    ?? throw new UsageException($"No customer '{reference}'.");
            }

            var terms = new PenaltyTerms
            {
                ContractualRate = p.GetValue(rate) is "none" ? null : LegalCli.Rate(p.GetValue(rate), "--rate"),
                Policy = p.GetValue(policy) == "start" ? HalfYearRatePolicy.Start : p.GetValue(policy) == "split" ? HalfYearRatePolicy.Split : throw new UsageException("--policy is split or start."),
                Basis = p.GetValue(basis) == "actual" ? DayCountBasis.Actual : p.GetValue(basis) == "365" ? DayCountBasis.Days365 : throw new UsageException("--basis is 365 or actual."),
                BaseIncludesTax = p.GetValue(baseOption) == "ttc" || (p.GetValue(baseOption) == "ht" ? false : throw new UsageException("--base is ttc or ht.")),
                DisputeInterest = p.GetValue(disputes) switch
                {
                    "pause" => DisputeInterestPolicy.Pause,
                    "claim" => DisputeInterestPolicy.ClaimAll,
                    _ => throw new UsageException("--dispute-interest is pause or claim."),
                },
            };
            (await LegalLedger.SavePolicyAsync(db, tenant, customerId, terms, p.GetValue(days), ctx.Today(tenant), ctx.Clock.GetUtcNow(), ct)).OrThrow();

            var saved = await LegalLedger.PolicyAsync(db, tenant, customerId, ct);
            if (ctx.Json)
            {
                CliJson.Write(LegalViews.Policy(saved));
            }

            return ExitCodes.Success;
        });
        return new Command("policy", "Penalty policy of the tenant or agreed terms of a customer") { set };
    }
}
