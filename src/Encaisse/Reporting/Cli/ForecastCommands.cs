using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;

namespace Encaisse.Reporting.Cli;

/// <summary><c>encaisse report forecast</c> and <c>encaisse report statement</c>.</summary>
internal static class ForecastCommands
{
    public static Command Forecast()
    {
        var asOf = ReportCommands.AsOfOption();
        var weeks = new Option<int>("--weeks") { Description = "Weeks ahead", DefaultValueFactory = _ => 13 };
        var past = new Option<int>("--past-weeks") { Description = "Past weeks compared with what was forecast", DefaultValueFactory = _ => 8 };
        var command = new Command("forecast", "Cash-in forecast per week from each open invoice's expected payment date") { asOf, weeks, past };
        command.SetHandler(async (ctx, ct) =>
        {
            var w = ctx.Parse.GetValue(weeks);
            var p = ctx.Parse.GetValue(past);
            if (w is < 1 or > 104 || p is < 0 or > 104)
            {
                throw new UsageException("--weeks must be 1 to 104 and --past-weeks 0 to 104.");
            }

            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var reports = await ForecastQuery.RunAsync(db, date, w, p, ct);
            var view = reports.Select(ForecastView.Of).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new { asOf = date, currencies = view });
            }
            else
            {
                foreach (var r in view)
                {
                    await Console.Out.WriteLineAsync($"{r.Currency}: disputed {r.Disputed.ToString(CultureInfo.InvariantCulture)}, later {r.Later.ToString(CultureInfo.InvariantCulture)}");
                    foreach (var week in r.Weeks)
                    {
                        await Console.Out.WriteLineAsync($"  {week.Start:yyyy-MM-dd}\t{week.Expected.ToString(CultureInfo.InvariantCulture)}\t({week.Items} items)");
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Backtest()
    {
        var asOf = ReportCommands.AsOfOption();
        var weeks = new Option<int[]>("--weeks")
        {
            Description = "Backtest horizons in weeks (repeatable)", DefaultValueFactory = _ => [8, 13], AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("forecast-backtest",
            "How the cash-in forecast did: each past week forecast the day before it began, against the payments received") { asOf, weeks };
        command.SetHandler(async (ctx, ct) =>
        {
            var horizons = ctx.Parse.GetValue(weeks) ?? [];
            if (horizons.Length == 0 || horizons.Any(h => h is < 1 or > 104))
            {
                throw new UsageException("--weeks must be 1 to 104.");
            }

            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var reports = await ForecastQuery.RunAsync(db, date, 1, horizons.Max(), ct);
            var view = reports.Select(r => BacktestView.Of(r, horizons)).ToList();
            if (ctx.Json)
            {
                CliJson.Write(new { asOf = date, targetPercent = ForecastBacktest.TargetPercent, currencies = view });
            }
            else
            {
                foreach (var r in view)
                {
                    foreach (var h in r.Horizons)
                    {
                        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{r.Currency} last {h.Weeks} weeks: forecast {h.Forecast}, received {h.Realised}, total error {h.TotalErrorPercent?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} %, mean absolute error per week {h.MeanAbsoluteError}{(h.WithinTarget ? "" : " (outside the ±15 % target)")}"));
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Statement()
    {
        var customer = new Option<string>("--customer") { Description = "Customer external ref", Required = true };
        var output = new Option<string>("--output") { Description = "PDF file to write", Required = true };
        var asOf = ReportCommands.AsOfOption();
        var command = new Command("statement", "Customer statement (relevé de compte) as PDF") { customer, output, asOf };
        command.SetHandler(async (ctx, ct) =>
        {
            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var pdf = await CustomerStatement.RenderAsync(db, tenant, ctx.Parse.GetValue(customer)!, date, ct)
                ?? throw new UsageException($"No customer '{ctx.Parse.GetValue(customer)}'.");
            var path = ctx.Parse.GetValue(output)!;
            try
            {
                await File.WriteAllBytesAsync(path, pdf, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"Cannot write {path}: {e.Message}");
            }

            if (ctx.Json)
            {
                CliJson.Write(new { customer = ctx.Parse.GetValue(customer), asOf = date, output = path, bytes = pdf.Length });
            }
            else
            {
                await Console.Out.WriteLineAsync($"Statement written to {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

/// <summary>JSON shape of a forecast: amounts as decimals in their currency.</summary>
public sealed record ForecastView(string Currency, DateOnly AsOf, IReadOnlyList<ForecastView.Week> Weeks, decimal Later, decimal Disputed,
    IReadOnlyList<ForecastView.PastWeek> Past)
{
    public sealed record Week(DateOnly Start, DateOnly End, decimal Expected, int Items);

    public sealed record PastWeek(DateOnly Start, DateOnly End, decimal Forecast, decimal Realised);

    public static ForecastView Of(CashForecastReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        decimal A(long m) => Currencies.FromMinor(m, r.Currency);
        return new ForecastView(r.Currency, r.AsOf, r.Weeks.Select(w => new Week(w.Start, w.End, A(w.ExpectedMinor), w.Items)).ToList(),
            A(r.LaterMinor), A(r.DisputedMinor), r.Past.Select(p => new PastWeek(p.Start, p.End, A(p.ForecastMinor), A(p.RealisedMinor))).ToList());
    }
}

/// <summary>JSON shape of a forecast backtest: per horizon the totals and errors, then the weeks compared.</summary>
public sealed record BacktestView(string Currency, DateOnly AsOf, IReadOnlyList<BacktestView.Horizon> Horizons, IReadOnlyList<ForecastView.PastWeek> Weeks)
{
    public sealed record Horizon(int Weeks, decimal Forecast, decimal Realised, decimal? TotalErrorPercent, decimal MeanAbsoluteError, bool WithinTarget);

    public static BacktestView Of(CashForecastReport r, IEnumerable<int> horizons)
    {
        ArgumentNullException.ThrowIfNull(r);
        decimal A(long m) => Currencies.FromMinor(m, r.Currency);
        var rows = horizons.Distinct().Order().Select(h => ForecastBacktest.Of(r.Past, h))
            .Select(b => new Horizon(b.Weeks, A(b.ForecastMinor), A(b.RealisedMinor), b.TotalErrorPercent, A(b.MeanAbsoluteErrorMinor), b.WithinTarget))
            .ToList();
        return new BacktestView(r.Currency, r.AsOf, rows, ForecastView.Of(r).Past);
    }
}
