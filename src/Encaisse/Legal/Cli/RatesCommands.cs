using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;

namespace Encaisse.Legal.Cli;

/// <summary><c>encaisse rates list|set</c>: the ECB and legal interest rates per half-year (global, all tenants).</summary>
internal static class RatesCommands
{
    public static Command Build()
    {
        var list = new Command("list", "List the reference rates per half-year (embedded file + overrides)");
        list.SetHandler(async (ctx, ct) =>
        {
            var factory = await ctx.DatabaseAsync(ct);
            await using var db = factory.Create();
            var table = await ReferenceRateStore.LoadAsync(db, ct);
            Print(ctx, table.All.ToList());
            return ExitCodes.Success;
        });

        var halfYear = new Option<string>("--half-year") { Description = "Half-year, e.g. 2026H2", Required = true };
        var ecb = new Option<string>("--ecb") { Description = "ECB main refinancing rate in force on the first day of the half-year, in percent", Required = true };
        var legalPro = new Option<string>("--legal-pro", "--legal-personal") { Description = "Legal interest rate for creditors who are natural persons acting outside their trade (particuliers), in percent", Required = true };
        var legalOther = new Option<string>("--legal-other") { Description = "Legal interest rate for all other cases (autres cas), in percent", Required = true };
        var set = new Command("set", "Add or correct the rates of a half-year (stored as an override)") { halfYear, ecb, legalPro, legalOther };
        set.SetHandler(async (ctx, ct) =>
        {
            if (!HalfYear.TryParse(ctx.Parse.GetValue(halfYear), out var half))
            {
                throw new UsageException($"--half-year: '{ctx.Parse.GetValue(halfYear)}' is not a half-year such as 2026H2.");
            }

            var rate = new ReferenceRate(half, Percent(ctx.Parse.GetValue(ecb)!, "--ecb"), Percent(ctx.Parse.GetValue(legalPro)!, "--legal-pro"),
                Percent(ctx.Parse.GetValue(legalOther)!, "--legal-other"));
            if (ReferenceRateStore.Validate(rate) is { } problem)
            {
                throw new UsageException(problem);
            }

            var factory = await ctx.DatabaseAsync(ct);
            await using var db = factory.Create();
            var saved = await ReferenceRateStore.SetAsync(db, rate, ctx.Clock.GetUtcNow(), ct);
            Print(ctx, [saved]);
            return ExitCodes.Success;
        });

        return new Command("rates", "Reference rates: ECB main refinancing rate and legal interest rates per half-year") { list, set };
    }

    internal static object View(ReferenceRate r) => new
    {
        halfYear = r.HalfYear.ToString(),
        ecb = r.EcbRate,
        defaultPenaltyRate = r.DefaultPenaltyRate,
        legalPersonal = r.LegalRatePersonal,
        legalOther = r.LegalRateOther,
        contractualFloor = r.ContractualFloor,
        source = r.Source,
    };

    private static void Print(CliContext ctx, IReadOnlyList<ReferenceRate> rates)
    {
        if (ctx.Json)
        {
            CliJson.Write(rates.Select(View).ToList());
            return;
        }

        Console.Out.WriteLine("half-year   ECB   ECB+10  legal-pro  legal-other  3×legal  source");
        foreach (var r in rates)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.HalfYear,-9} {r.EcbRate,5:0.00} {r.DefaultPenaltyRate,7:0.00} {r.LegalRatePersonal,10:0.00} {r.LegalRateOther,12:0.00} {r.ContractualFloor,8:0.00}  {r.Source}"));
        }
    }

    private static decimal Percent(string value, string option) =>
        decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var rate)
            ? rate
            : throw new UsageException($"{option}: '{value}' is not a percentage such as 2.15.");
}
