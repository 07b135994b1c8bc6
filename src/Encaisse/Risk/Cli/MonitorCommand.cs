using System.CommandLine;
using Encaisse.Cli;
using Encaisse.Risk.Registries;

namespace Encaisse.Risk.Cli;

/// <summary><c>encaisse risk monitor</c>: the registry watch, on demand (the server runs it daily).</summary>
internal static class MonitorCommand
{
    public static Command Build()
    {
        var customer = new Option<string?>("--customer") { Description = "Only this customer (external ref)" };
        var recherche = new Option<string?>("--recherche-url") { Description = $"API Recherche d'entreprises base URL (default: ENCAISSE_RECHERCHE_ENTREPRISES_URL, then {RegistryOptions.RechercheEntreprisesDefault})" };
        var bodacc = new Option<string?>("--bodacc-url") { Description = $"BODACC Opendatasoft base URL (default: ENCAISSE_BODACC_URL, then {RegistryOptions.BodaccDefault})" };
        var command = new Command("monitor", "Check customers against the company registry and BODACC; freeze dunning and create proof-of-claim tasks on insolvency")
        {
            customer, recherche, bodacc,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var options = RegistryOptions.FromEnvironment();
            options = options with
            {
                RechercheEntreprisesUrl = ParseUrl(ctx.Parse.GetValue(recherche), "--recherche-url") ?? options.RechercheEntreprisesUrl,
                BodaccUrl = ParseUrl(ctx.Parse.GetValue(bodacc), "--bodacc-url") ?? options.BodaccUrl,
            };
            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var outcomes = await RegistryMonitor.Create(options, ctx.Clock).RunAsync(db, tenant, ctx.Today(tenant), ctx.Clock, ct, ctx.Parse.GetValue(customer));
            if (ctx.Json)
            {
                CliJson.Write(new { checkedCustomers = outcomes.Count, outcomes });
            }
            else
            {
                foreach (var o in outcomes)
                {
                    await Console.Out.WriteLineAsync($"{o.CustomerRef}\t{o.Status}\t{o.Detail}");
                }
            }

            return outcomes.Count > 0 && outcomes.All(o => o.Status == "unavailable") ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static Uri? ParseUrl(string? value, string option) =>
        value is null ? null : Uri.TryCreate(value.EndsWith('/') ? value : value + "/", UriKind.Absolute, out var uri) ? uri : throw new UsageException($"{option}: '{value}' is not an absolute URL.");
}
