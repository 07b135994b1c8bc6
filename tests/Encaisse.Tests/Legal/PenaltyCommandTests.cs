using System.Text.Json;
using Shouldly;

namespace Encaisse.Tests.Legal;

[Collection("Console")]
public sealed class PenaltyCommandTests
{
    [Fact]
    public async Task Prints_the_issue_json_shape_without_a_database()
    {
        var (exit, stdout, _) = await LegalCli.RunAsync("legal", "penalty", "--amount", "10000.00", "--due", "2025-06-15", "--paid", "2025-07-15",
            "--payments", "2025-07-01=4000.00", "--json");
        exit.ShouldBe(0);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.EnumerateObject().Select(p => p.Name).ShouldBe(["daysLate", "interest", "indemnity", "total", "periods"]);
        json.GetProperty("daysLate").GetInt32().ShouldBe(30);
        json.GetProperty("interest").GetDecimal().ShouldBe(85.33m);
        json.GetProperty("indemnity").GetRawText().ShouldBe("40.00");
        json.GetProperty("total").GetDecimal().ShouldBe(125.33m);
        var periods = json.GetProperty("periods").EnumerateArray().ToList();
        periods.Count.ShouldBe(3);
        periods[0].EnumerateObject().Select(p => p.Name).ShouldBe(["from", "to", "days", "annualRate", "base", "interest"]);
        periods[0].GetProperty("from").GetString().ShouldBe("2025-06-16");
        periods[0].GetProperty("annualRate").GetDecimal().ShouldBe(13.15m);
        periods[2].GetProperty("base").GetDecimal().ShouldBe(6000.00m);
        periods[2].GetProperty("interest").GetDecimal().ShouldBe(27.96m);
    }

    [Theory]
    [InlineData("start", 108.08)]
    [InlineData("split", 103.97)]
    public async Task Policy_option_selects_the_half_year_rule(string policy, double interest)
    {
        var (exit, stdout, _) = await LegalCli.RunAsync("legal", "penalty", "--amount", "10000.00", "--due", "2025-06-15", "--paid", "2025-07-15",
            "--policy", policy, "--json");
        exit.ShouldBe(0);
        JsonDocument.Parse(stdout).RootElement.GetProperty("interest").GetDecimal().ShouldBe((decimal)interest);
    }

    [Fact]
    public async Task Consumer_with_notice_date()
    {
        var (exit, stdout, _) = await LegalCli.RunAsync("legal", "penalty", "--amount", "2000", "--due", "2025-01-31", "--paid", "2025-04-30",
            "--consumer", "--notice-date", "2025-03-01", "--json");
        exit.ShouldBe(0);
        var json = JsonDocument.Parse(stdout).RootElement;
        json.GetProperty("interest").GetDecimal().ShouldBe(12.20m);
        json.GetProperty("indemnity").GetDecimal().ShouldBe(0m);
    }

    [Theory]
    [InlineData("--amount", "abc", "--amount")]
    [InlineData("--due", "15/06/2025", "--due")]
    [InlineData("--rate", "12.5", "below the legal floor")]
    [InlineData("--policy", "middle", "--policy")]
    [InlineData("--payments", "2025-07-01:4000", "--payments")]
    public async Task Bad_input_exits_with_2_and_a_readable_message(string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--amount"] = "10000.00", ["--due"] = "2024-06-15", ["--paid"] = "2024-07-15" };
        args[option] = value;
        var (exit, _, stderr) = await LegalCli.RunAsync(["legal", "penalty", .. args.SelectMany(kv => new[] { kv.Key, kv.Value }), "--json"]);
        exit.ShouldBe(2);
        stderr.ShouldContain(message);
    }

    [Fact]
    public async Task A_half_year_not_published_yet_is_computed_provisionally_with_a_warning()
    {
        var (exit, stdout, stderr) = await LegalCli.RunAsync("legal", "penalty", "--amount", "100", "--due", "2026-06-30", "--paid", "2026-07-10", "--json");
        exit.ShouldBe(0, stderr);
        stdout.ShouldContain("\"interest\"");
        stderr.ShouldContain("second half of 2026");
        stderr.ShouldContain("provisionally");
    }
}
