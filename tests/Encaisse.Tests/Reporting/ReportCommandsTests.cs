using System.Text.Json;
using Encaisse.Reporting;
using Encaisse.Tests.Support;
using MiniExcelLibs;
using Shouldly;

namespace Encaisse.Tests.Reporting;

[Collection("Reporting CLI")]
public sealed class ReportCommandsTests
{
    [Fact]
    public async Task Kpis_json_has_the_documented_fields_and_the_pure_figures()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            await ReportingLedger.SeedAsync(db, tenant);
        }

        var (exit, stdout, stderr) = await CliRun.RunAsync("report", "kpis", "--as-of", "2026-06-30", "--months", "3", "--json", "--db", database.Target.ConnectionString);
        exit.ShouldBe(0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        foreach (var field in new[] { "dsoSimple", "dsoCountback", "bestPossibleDso", "averageDaysDelinquent", "cei", "recoveryRate", "overdueRate", "averageDaysLate", "promiseKeptRate", "trend" })
        {
            root.TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        await using var check = database.For(tenant);
        var expected = KpiSet.From(KpiCalculator.FiguresOf(await PortfolioLoader.LoadAsync(check, default), await PortfolioLoader.LoadPromisesAsync(check, default),
            new DateOnly(2026, 6, 30), KpiOptions.Default).First(f => f.Currency == "EUR"));
        root.GetProperty("currency").GetString().ShouldBe("EUR");
        root.GetProperty("dsoCountback").GetDecimal().ShouldBe(expected.DsoCountback);
        root.GetProperty("averageDaysLate").GetDecimal().ShouldBe(expected.AverageDaysLate!.Value);
        root.GetProperty("trend").GetArrayLength().ShouldBe(3);
        root.GetProperty("otherCurrencies")[0].GetProperty("kpis").GetProperty("currency").GetString().ShouldBe("USD");
    }

    [Fact]
    public async Task Aged_balance_exports_to_xlsx_and_csv_and_rejects_bad_options()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await using (var db = database.For(tenant))
        {
            await ReportingLedger.SeedAsync(db, tenant);
        }

        var dir = Directory.CreateTempSubdirectory("encaisse-report-");
        var xlsx = Path.Combine(dir.FullName, "aged.xlsx");
        var csv = Path.Combine(dir.FullName, "aged.csv");
        var db1 = database.Target.ConnectionString;
        (await CliRun.RunAsync("report", "aged-balance", "--as-of", "2026-06-30", "--by", "segment", "--format", "xlsx", "--output", xlsx, "--db", db1)).Exit.ShouldBe(0);
        (await CliRun.RunAsync("report", "aged-balance", "--as-of", "2026-06-30", "--by", "segment", "--output", csv, "--db", db1)).Exit.ShouldBe(0);
        var (exit, stdout, _) = await CliRun.RunAsync("report", "aged-balance", "--as-of", "2026-06-30", "--by", "segment", "--json", "--db", db1);
        exit.ShouldBe(0);
        using var json = JsonDocument.Parse(stdout);
        var totalEur = json.RootElement.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "EUR");

        var sheet = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var sheetTotal = sheet.Single(r => (string)r["segment"] == "total" && (string)r["currency"] == "EUR");
        Convert.ToDecimal(sheetTotal["balance"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(totalEur.GetProperty("balance").GetDecimal());

        var lines = await File.ReadAllLinesAsync(csv);
        lines[0].ShouldBe("segment,currency,notDue,1-30,31-60,61-90,over90,openInvoices,overdue,credits,balance");
        lines.ShouldContain(l => l.StartsWith("total,EUR,", StringComparison.Ordinal) && l.EndsWith("," + totalEur.GetProperty("balance").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        (await CliRun.RunAsync("report", "aged-balance", "--by", "country", "--db", db1)).Exit.ShouldBe(2);
        (await CliRun.RunAsync("report", "aged-balance", "--buckets", "60,30", "--db", db1)).Exit.ShouldBe(2);
        (await CliRun.RunAsync("report", "kpis", "--as-of", "30/06/2026", "--db", db1)).Err.ShouldContain("yyyy-mm-dd");
        dir.Delete(true);
    }
}
