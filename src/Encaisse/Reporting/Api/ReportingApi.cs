using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Web.Api;

namespace Encaisse.Reporting.Api;

/// <summary>
/// GET /api/v1/reports/aged-balance and /api/v1/reports/kpis: the figures a dashboard shows, as JSON, or as
/// a file with <c>format=csv|xlsx</c>.
/// </summary>
public static class ReportingApi
{
    public static void MapReportingApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var reports = api.MapGroup("/reports").WithTags("Reporting");

        reports.MapGet("/aged-balance", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? asOf, string? by,
            string? buckets, string? collector, string? format, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var date = ParseDate(asOf, "asOf", errors) ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            var grouping = (by ?? "customer").ToLowerInvariant() switch
            {
                "customer" => AgedBalanceGrouping.Customer,
                "segment" => AgedBalanceGrouping.Segment,
                "collector" => AgedBalanceGrouping.Collector,
                _ => Error(errors, "by", "Use customer, segment or collector.", AgedBalanceGrouping.Customer),
            };
            var aging = AgingBuckets.Default;
            try
            {
                aging = AgingBuckets.Parse(buckets);
            }
            catch (ArgumentException)
            {
                errors["buckets"] = ["Upper bounds in days, positive and increasing, e.g. 30,60,90."];
            }

            var export = ParseFormat(format, errors);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var view = ReportViews.Of(await AgedBalanceQuery.RunAsync(db, date, aging, grouping, ct, collector));
            return export is { } f ? await FileAsync(ReportExport.Table(view), f, $"aged-balance-{date:yyyy-MM-dd}", ct) : Results.Ok(view);
        });

        reports.MapGet("/kpis", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? asOf, int? months,
            int? window, string? collector, string? format, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var date = ParseDate(asOf, "asOf", errors) ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            if (months is < 1 or > 120)
            {
                errors["months"] = ["Between 1 and 120."];
            }

            if (window is < 1 or > 24)
            {
                errors["window"] = ["Between 1 and 24."];
            }

            var export = ParseFormat(format, errors);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var options = KpiOptions.Default with { WindowMonths = window ?? 3 };
            var reportsRun = await KpiQuery.RunAsync(db, date, months ?? 12, options, ct, collector);
            var view = ReportViews.Of(reportsRun, date, tenant.Required.Currency, collector, options.WindowMonths);
            return export is { } f ? await FileAsync(ReportExport.Table(view), f, $"kpis-{date:yyyy-MM-dd}", ct) : Results.Ok(view);
        });

        MapForecastAndStatement(reports);
    }

    private static void MapForecastAndStatement(RouteGroupBuilder reports)
    {
        reports.MapGet("/forecast", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? asOf, int? weeks, int? pastWeeks, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var date = ParseDate(asOf, "asOf", errors) ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            if (weeks is < 1 or > 104 || pastWeeks is < 0 or > 104)
            {
                errors["weeks"] = ["weeks 1 to 104, pastWeeks 0 to 104."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var reportsRun = await ForecastQuery.RunAsync(db, date, weeks ?? 13, pastWeeks ?? 8, ct);
            return Results.Ok(reportsRun.Select(Cli.ForecastView.Of));
        });

        reports.MapGet("/forecast/backtest", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? asOf, int[]? weeks, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var date = ParseDate(asOf, "asOf", errors) ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            var horizons = weeks is { Length: > 0 } ? weeks : [8, 13];
            if (horizons.Any(h => h is < 1 or > 104))
            {
                errors["weeks"] = ["weeks 1 to 104."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var reportsRun = await ForecastQuery.RunAsync(db, date, 1, horizons.Max(), ct);
            return Results.Ok(reportsRun.Select(r => Cli.BacktestView.Of(r, horizons)));
        });

        reports.MapGet("/statement", async (EncaisseDb db, RequestTenant tenant, TimeProvider clock, string? customer, string? asOf, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var date = ParseDate(asOf, "asOf", errors) ?? BusinessCalendar.Today(clock, tenant.Required.TimeZone);
            if (string.IsNullOrWhiteSpace(customer))
            {
                errors["customer"] = ["The customer's external ref."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var pdf = await CustomerStatement.RenderAsync(db, tenant.Required, customer!, date, ct);
            return pdf is null
                ? Results.Problem(statusCode: 404, title: "Unknown customer", detail: $"No customer with reference '{customer}'.")
                : Results.File(pdf, "application/pdf", $"releve-{customer}-{date:yyyy-MM-dd}.pdf");
        });
    }

    internal static DateOnly? ParseDate(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
        {
            return d;
        }

        errors[name] = [$"'{value}' is not a date in the form yyyy-mm-dd."];
        return null;
    }

    private static ExportFormat? ParseFormat(string? format, Dictionary<string, string[]> errors) => format?.ToLowerInvariant() switch
    {
        null or "json" => null,
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => Error<ExportFormat?>(errors, "format", "Use json, csv or xlsx.", null),
    };

    private static T Error<T>(Dictionary<string, string[]> errors, string key, string message, T fallback)
    {
        errors[key] = [message];
        return fallback;
    }

    private static async Task<IResult> FileAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> table, ExportFormat format, string name, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await ReportExport.WriteAsync(stream, table, format, ct);
        stream.Position = 0;
        return Results.File(stream, ReportExport.ContentType(format), name + (format == ExportFormat.Xlsx ? ".xlsx" : ".csv"));
    }
}
