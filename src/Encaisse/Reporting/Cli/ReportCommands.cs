using System.CommandLine;
using System.Globalization;
using Encaisse.Cli;
using Encaisse.Ledger;

namespace Encaisse.Reporting.Cli;

/// <summary><c>encaisse report ...</c>: aged balance, KPIs (and exports to .xlsx / CSV).</summary>
internal static class ReportCommands
{
    public static Command Build()
    {
        var command = new Command("report", "Receivables reports: aged balance, KPIs, forecast, statements");
        command.Subcommands.Add(AgedBalanceCommand());
        command.Subcommands.Add(KpisCommand());
        command.Subcommands.Add(TrendCommand());
        command.Subcommands.Add(ForecastCommands.Forecast());
        command.Subcommands.Add(ForecastCommands.Backtest());
        command.Subcommands.Add(ForecastCommands.Statement());
        return command;
    }

    internal static Option<string?> AsOfOption() => new("--as-of") { Description = "Date of the report, yyyy-mm-dd (default: today)" };

    internal static Option<string?> FormatOption() => new("--format") { Description = "Export format: xlsx or csv (with --output)" };

    internal static Option<string?> OutputOption() => new("--output") { Description = "File to write the export to" };

    internal static ExportFormat? ParseFormat(string? format, string? output)
    {
        if (format is null && output is null)
        {
            return null;
        }

        if (output is null)
        {
            throw new UsageException("--format needs --output FILE.");
        }

        format ??= Path.GetExtension(output).TrimStart('.');
        return format.ToLowerInvariant() switch
        {
            "xlsx" => ExportFormat.Xlsx,
            "csv" => ExportFormat.Csv,
            _ => throw new UsageException($"--format: '{format}' is not xlsx or csv."),
        };
    }

    internal static async Task ExportAsync(string output, IReadOnlyList<IReadOnlyDictionary<string, object?>> table, ExportFormat format, CancellationToken ct)
    {
        try
        {
            await using var file = File.Create(output);
            await ReportExport.WriteAsync(file, table, format, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"Cannot write {output}: {e.Message}");
        }
    }

    private static Command AgedBalanceCommand()
    {
        var asOf = AsOfOption();
        var by = new Option<string>("--by") { Description = "Group by customer, segment or collector", DefaultValueFactory = _ => "customer" };
        var buckets = new Option<string?>("--buckets") { Description = "Upper bounds of the lateness buckets in days (default 30,60,90)" };
        var collector = new Option<string?>("--collector") { Description = "Only the customers of this collector" };
        var format = FormatOption();
        var output = OutputOption();
        var command = new Command("aged-balance", "Balance âgée: open amounts by lateness bucket, as of any date") { asOf, by, buckets, collector, format, output };
        command.SetHandler(async (ctx, ct) =>
        {
            var grouping = ParseGrouping(ctx.Parse.GetValue(by)!);
            AgingBuckets aging;
            try
            {
                aging = AgingBuckets.Parse(ctx.Parse.GetValue(buckets));
            }
            catch (ArgumentException e)
            {
                throw new UsageException("--buckets: " + e.Message.Split(" (Parameter", StringSplitOptions.None)[0]);
            }

            var exportFormat = ParseFormat(ctx.Parse.GetValue(format), ctx.Parse.GetValue(output));
            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var view = ReportViews.Of(await AgedBalanceQuery.RunAsync(db, date, aging, grouping, ct, ctx.Parse.GetValue(collector)));
            if (exportFormat is { } f)
            {
                await ExportAsync(ctx.Parse.GetValue(output)!, ReportExport.Table(view), f, ct);
            }

            if (ctx.Json)
            {
                CliJson.Write(view);
            }
            else if (exportFormat is null)
            {
                PrintAgedBalance(view);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command KpisCommand()
    {
        var asOf = AsOfOption();
        var months = new Option<int>("--months") { Description = "Months of trend (one point per month end)", DefaultValueFactory = _ => 12 };
        var window = new Option<int>("--window") { Description = "Months of the window of simple DSO, CEI, recovery and lateness", DefaultValueFactory = _ => 3 };
        var collector = new Option<string?>("--collector") { Description = "Only the customers of this collector" };
        var format = FormatOption();
        var output = OutputOption();
        var command = new Command("kpis", "DSO (simple, countback), best possible DSO, ADD, CEI, recovery, overdue rate, days late, promises kept")
        {
            asOf, months, window, collector, format, output,
        };
        command.SetHandler(async (ctx, ct) =>
        {
            var trendMonths = ctx.Parse.GetValue(months);
            var windowMonths = ctx.Parse.GetValue(window);
            if (trendMonths is < 1 or > 120 || windowMonths is < 1 or > 24)
            {
                throw new UsageException("--months must be 1 to 120 and --window 1 to 24.");
            }

            var exportFormat = ParseFormat(ctx.Parse.GetValue(format), ctx.Parse.GetValue(output));
            var tenant = await ctx.TenantAsync(ct);
            var date = CliRunner.ParseDate(ctx.Parse.GetValue(asOf), "--as-of") ?? ctx.Today(tenant);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var options = KpiOptions.Default with { WindowMonths = windowMonths };
            var reports = await KpiQuery.RunAsync(db, date, trendMonths, options, ct, ctx.Parse.GetValue(collector));
            var view = ReportViews.Of(reports, date, tenant.Currency, ctx.Parse.GetValue(collector), windowMonths);
            if (exportFormat is { } f)
            {
                await ExportAsync(ctx.Parse.GetValue(output)!, ReportExport.Table(view), f, ct);
            }

            if (ctx.Json)
            {
                CliJson.Write(view);
            }
            else if (exportFormat is null)
            {
                PrintKpis(view);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>report trend [--rebuild]</c>: computes the closed months of the KPI trend now (what the daily run does).</summary>
    private static Command TrendCommand()
    {
        var months = new Option<int>("--months") { Description = "Month ends to keep (the dashboard shows 12)", DefaultValueFactory = _ => KpiMonths.DefaultMonths };
        var rebuild = new Option<bool>("--rebuild") { Description = "Drop the stored months and compute them all again" };
        var command = new Command("trend", "KPI trend kept per closed month: compute the missing or stale months (the daily run does it)") { months, rebuild };
        command.SetHandler(async (ctx, ct) =>
        {
            var count = ctx.Parse.GetValue(months);
            if (count is < 1 or > 120)
            {
                throw new UsageException("--months must be 1 to 120.");
            }

            var tenant = await ctx.TenantAsync(ct);
            await using var db = await ctx.DbForAsync(tenant, ct);
            var refresh = await KpiMonths.RefreshAsync(db, ctx.Today(tenant), ct, count, rebuild: ctx.Parse.GetValue(rebuild));
            var stored = await KpiMonths.ListAsync(db, ct);
            if (ctx.Json)
            {
                CliJson.Write(new { refresh.Months, refresh.Computed, refresh.Fresh, refresh.Raced, Stored = stored.Select(m => new { m.MonthEnd, m.Fresh }) });
            }
            else
            {
                Console.Out.WriteLine($"KPI trend: {refresh.Computed} month(s) computed, {refresh.Fresh} already fresh, {refresh.Raced} changed meanwhile (stale until the next run)");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static AgedBalanceGrouping ParseGrouping(string value) => value.ToLowerInvariant() switch
    {
        "customer" => AgedBalanceGrouping.Customer,
        "segment" => AgedBalanceGrouping.Segment,
        "collector" => AgedBalanceGrouping.Collector,
        _ => throw new UsageException($"--by: '{value}' is not customer, segment or collector."),
    };

    private static void PrintAgedBalance(ReportViews.AgedBalanceView view)
    {
        Console.Out.WriteLine($"Aged balance on {view.AsOf:yyyy-MM-dd} by {view.GroupBy.ToString().ToLowerInvariant()}");
        Console.Out.WriteLine(string.Join('\t', new[] { "key", "currency" }.Concat(view.Buckets).Append("credits").Append("balance")));
        foreach (var row in view.Rows.Concat(view.Totals))
        {
            Console.Out.WriteLine(string.Join('\t', new[] { row.Key, row.Currency }
                .Concat(view.Buckets.Select(b => row.Buckets[b].ToString(CultureInfo.InvariantCulture)))
                .Append(row.Credits.ToString(CultureInfo.InvariantCulture)).Append(row.Balance.ToString(CultureInfo.InvariantCulture))));
        }
    }

    private static void PrintKpis(ReportViews.KpiReportView view)
    {
        string F(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "-";
        Console.Out.WriteLine($"KPIs on {view.AsOf:yyyy-MM-dd} ({view.Currency ?? "no data"}, window {view.WindowMonths} months)");
        Console.Out.WriteLine($"  DSO countback {F(view.DsoCountback)} d, simple {F(view.DsoSimple)} d, best possible {F(view.BestPossibleDso)} d, ADD {F(view.AverageDaysDelinquent)} d");
        Console.Out.WriteLine($"  CEI {F(view.Cei)} %, recovery {F(view.RecoveryRate)} %, overdue {F(view.OverdueRate)} %, days late {F(view.AverageDaysLate)}, promises kept {F(view.PromiseKeptRate)} %");
        foreach (var other in view.OtherCurrencies)
        {
            Console.Out.WriteLine($"  {other.Kpis.Currency}: DSO countback {F(other.Kpis.DsoCountback)} d, overdue {F(other.Kpis.OverdueRate)} %");
        }
    }
}
