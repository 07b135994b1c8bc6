using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Localization;
using Encaisse.Operations;
using Encaisse.Risk.Registries;

namespace Encaisse.Risk.Onboarding;

/// <summary><c>encaisse risk check|grant|policy</c> (ADR 1830).</summary>
internal static class OnboardingCommands
{
    public static IEnumerable<Command> Build() => [CheckCommand(), GrantCommand(), PolicyCommand()];

    private static Command CheckCommand()
    {
        var reference = new Argument<string>("customer") { Description = "Customer external ref" };
        var recherche = new Option<string?>("--recherche-url") { Description = "API Recherche d'entreprises base URL (default: ENCAISSE_RECHERCHE_ENTREPRISES_URL, then the real service)" };
        var bodacc = new Option<string?>("--bodacc-url") { Description = "BODACC base URL (default: ENCAISSE_BODACC_URL, then the real service)" };
        var command = new Command("check", "Check a customer against the company registry and BODACC now; queued for a retry when a registry is unavailable (exit 1)")
        {
            reference, recherche, bodacc,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var options = RegistryOptions.FromEnvironment();
            options = options with
            {
                RechercheEntreprisesUrl = Url(ctx.Parse.GetValue(recherche), "--recherche-url") ?? options.RechercheEntreprisesUrl,
                BodaccUrl = Url(ctx.Parse.GetValue(bodacc), "--bodacc-url") ?? options.BodaccUrl,
            };
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var customerRef = ctx.Parse.GetValue(reference)!;
            var outcome = (await new OnboardingChecks(db, tenant, ctx.Clock, RegistryMonitor.Create(options, ctx.Clock))
                .CheckNowAsync(customerRef, "manual", db.Actor?.Id, ct)).OrThrow();
            var view = (await OnboardingView.LoadAsync(db, tenant, customerRef, ctx.Today(tenant), ct))!;
            if (ctx.Json)
            {
                CliJson.Write(new { outcome.Status, outcome.Error, outcome.NextAttemptAt, onboarding = OnboardingApi.Shape(view) });
            }
            else
            {
                await WriteAsync(view, outcome);
            }

            return outcome.Status == CheckOutcome.Done ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task WriteAsync(OnboardingView view, CheckOutcome outcome)
    {
        const string fr = Catalogue.French;
        if (outcome.Status == CheckOutcome.Pending)
        {
            await Console.Out.WriteLineAsync(Catalogue.Text(fr, "onboarding.pending") + $" ({outcome.Error}); " +
                Catalogue.Text(fr, "onboarding.nextAttempt", ("at", outcome.NextAttemptAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))));
            return;
        }

        var c = view.Latest!;
        await Console.Out.WriteLineAsync($"{view.CustomerRef}\t{c.CheckedOn:yyyy-MM-dd}\t{(c.Found ? c.Active ? "active" : "ceased" : "unknown")}\t{c.RegistryName}\t" +
            $"{c.LegalForm}\t{c.CreatedOn:yyyy-MM-dd}\t{c.ActivityCode}\t{c.HeadOfficeAddress}");
        if (c.NameDiffers)
        {
            await Console.Out.WriteLineAsync(Catalogue.Text(fr, "onboarding.nameDiffers", ("ours", view.CustomerName), ("registry", c.RegistryName)));
        }

        if (c.AddressDiffers)
        {
            await Console.Out.WriteLineAsync(Catalogue.Text(fr, "onboarding.addressDiffers", ("ours", view.CustomerAddress), ("registry", c.HeadOfficeAddress)));
        }

        if (view.Advice is { } a)
        {
            await Console.Out.WriteLineAsync(Catalogue.Text(fr, a.CreditRefused ? "onboarding.adviceRefused" : "onboarding.advice",
                ("class", a.RiskClass), ("limit", a.StartingLimit), ("days", a.TermsDays), ("percent", a.DepositPercent)));
            foreach (var reason in a.Reasons)
            {
                await Console.Out.WriteLineAsync("  - " + Catalogue.Text(fr, reason.Key, reason.Data));
            }
        }
    }

    private static Command GrantCommand()
    {
        var reference = new Argument<string>("customer") { Description = "Customer external ref" };
        var limit = new Option<string?>("--limit") { Description = "Credit limit (encours) in the tenant's currency, e.g. 5000" };
        var terms = new Option<string?>("--terms") { Description = "Payment terms: net30, 45eom, eom+15, comptant..." };
        var reason = new Option<string?>("--override") { Description = "Reason for granting credit to a ceased company or one in a collective procedure (recorded with your name)" };
        var command = new Command("grant", "Grant a credit limit and / or payment terms (refused to a ceased or insolvent company without --override)")
        {
            reference, limit, terms, reason,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var amount = ctx.Parse.GetValue(limit) is { } text ? CliRunner.ParseAmount(text, "--limit") : (decimal?)null;
            var customer = (await CreditGrants.GrantAsync(db, tenant, ctx.Clock, ctx.Parse.GetValue(reference)!,
                new CreditGrant(amount, ctx.Parse.GetValue(terms), ctx.Parse.GetValue(reason)), ct)).OrThrow();
            var view = new
            {
                customer.ExternalRef, creditLimit = customer.CreditLimitMinor is { } l ? Ledger.Currencies.FromMinor(l, tenant.Currency) : (decimal?)null, customer.PaymentTerms,
            };
            if (ctx.Json)
            {
                CliJson.Write(view);
            }
            else
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{view.ExternalRef}\tlimit {view.creditLimit}\tterms {view.PaymentTerms}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PolicyCommand()
    {
        var policy = new Command("policy", "The credit policy: deposit, terms and starting limit per risk class");
        var show = new Command("show", "Show the credit policy in force");
        show.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            await WritePolicyAsync(ctx, await RiskPolicies.LoadAsync(db, ct));
            return ExitCodes.Success;
        });
        var riskClass = new Option<string>("--class") { Description = "Risk class A to E", Required = true };
        var deposit = new Option<int?>("--deposit") { Description = "Deposit asked on each order, percent (0-100)" };
        var days = new Option<int?>("--terms-days") { Description = "Payment terms, days" };
        var starting = new Option<string?>("--starting-limit") { Description = "Starting credit limit of a new customer of this class" };
        var set = new Command("set", "Change one class's deposit, terms or starting limit") { riskClass, deposit, days, starting };
        set.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var current = await RiskPolicies.LoadAsync(db, ct);
            var name = ctx.Parse.GetValue(riskClass)!.Trim().ToUpperInvariant();
            if (!CreditPolicy.ClassNames.Contains(name))
            {
                throw new UsageException($"--class: '{name}' is not a risk class (A to E).");
            }

            var terms = current.For(name);
            terms = terms with
            {
                DepositPercent = ctx.Parse.GetValue(deposit) ?? terms.DepositPercent,
                TermsDays = ctx.Parse.GetValue(days) ?? terms.TermsDays,
                StartingLimit = ctx.Parse.GetValue(starting) is { } s ? CliRunner.ParseAmount(s, "--starting-limit") : terms.StartingLimit,
            };
            var saved = (await RiskPolicies.SaveAsync(db, current with { Classes = new Dictionary<string, ClassTerms> { [name] = terms } }, ctx.Clock.GetUtcNow(), ct)).OrThrow();
            await WritePolicyAsync(ctx, saved);
            return ExitCodes.Success;
        });
        policy.Subcommands.Add(show);
        policy.Subcommands.Add(set);
        return policy;
    }

    private static async Task WritePolicyAsync(CliContext ctx, CreditPolicy policy)
    {
        if (ctx.Json)
        {
            CliJson.Write(policy);
            return;
        }

        foreach (var name in CreditPolicy.ClassNames)
        {
            var t = policy.For(name);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name}\tdeposit {t.DepositPercent} %\tterms {t.TermsDays} days\tstarting limit {t.StartingLimit}"));
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"young company < {policy.YoungCompanyMonths} months; established ≥ {policy.EstablishedCompanyMonths} months; recent procedure ≤ {policy.RecentProcedureMonths} months"));
    }

    private static Uri? Url(string? value, string option) =>
        value is null ? null : Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) ? uri : throw new UsageException($"{option}: '{value}' is not an absolute URL.");
}
