using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Legal.Rates;
using Encaisse.Legal.Storage;
using Encaisse.Operations;

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

        return new Command("rates", "Reference rates: ECB main refinancing rate and legal interest rates per half-year") { list, set, Update() };
    }

    /// <summary><c>rates update</c>: the missing half-years from the ECB Data Portal and the legal interest rates source.</summary>
    private static Command Update()
    {
        var ecbUrl = new Option<string?>("--ecb-url") { Description = $"ECB series URL (default: ENCAISSE_ECB_RATES_URL, then {RateSourceOptions.EcbDefault})" };
        var legalUrl = new Option<string?>("--legal-url") { Description = $"Legal interest rates CSV URL (default: ENCAISSE_LEGAL_RATES_URL, then {RateSourceOptions.LegalDefault})" };
        var from = new Option<string?>("--from") { Description = "Check from this half-year (e.g. 2025H1) instead of the one after the latest known; rows already stored are never replaced" };
        var update = new Command("update", "Fetch the half-years missing up to today's from the ECB and the legal rates source and store them (never replaces a stored rate)")
        {
            ecbUrl, legalUrl, from,
        };
        update.SetHandler(async (ctx, ct) =>
        {
            HalfYear? first = null;
            if (ctx.Parse.GetValue(from) is { } text)
            {
                first = HalfYear.TryParse(text, out var h) ? h : throw new UsageException($"--from: '{text}' is not a half-year such as 2026H2.");
            }

            var options = RateSourceOptions.FromEnvironment();
            options = options with
            {
                EcbUrl = Url(ctx.Parse.GetValue(ecbUrl), "--ecb-url") ?? options.EcbUrl,
                LegalUrl = Url(ctx.Parse.GetValue(legalUrl), "--legal-url") ?? options.LegalUrl,
            };
            var factory = await ctx.DatabaseAsync(ct);
            await using var db = factory.Create();
            using var client = new RateSourceClient(options);
            var report = (await RateUpdate.RunAsync(db, client, ctx.Clock, first, ct)).OrThrow();
            PrintUpdate(ctx, report);
            return ExitCodes.Success;
        });
        return update;
    }

    private static Uri? Url(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new UsageException($"{option}: '{value}' is not an http(s) URL.");

    private static void PrintUpdate(CliContext ctx, RateUpdateReport report)
    {
        if (ctx.Json)
        {
            CliJson.Write(new
            {
                today = report.Today,
                from = report.From,
                to = report.To,
                upToDate = report.UpToDate,
                halfYears = report.HalfYears,
            });
            return;
        }

        if (report.HalfYears.Count == 0)
        {
            Console.Out.WriteLine($"Rates are up to date: every half-year up to {HalfYear.Of(report.Today)} has its own rates.");
            return;
        }

        foreach (var line in report.HalfYears)
        {
            var rates = line.Ecb is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $" ECB {line.Ecb:0.00} %, legal {line.LegalPersonal:0.00} % / {line.LegalOther:0.00} %");
            Console.Out.WriteLine($"{line.HalfYear}  {line.Outcome}{rates}{(line.Reason is null ? "" : " — " + line.Reason)}");
        }

        if (!report.UpToDate)
        {
            Console.Error.WriteLine("encaisse: some half-years stay provisional (computed at the latest known rates) until their rates are published; " +
                "'encaisse rates set' adds them by hand.");
        }
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
