using System.Text.Json;
using Encaisse.Tests.Dunning.Running;
using Encaisse.Tests.Support;
using Shouldly;

namespace Encaisse.Tests.Dunning.Cli;

[Collection("Console")]
public class DunningCliTests
{
    [Fact]
    public async Task Plans_dry_run_and_bad_input_through_the_real_command_line()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        var customer = await DunningTestData.AddCustomerAsync(database, tenant, "411CLI");
        await DunningTestData.AddInvoiceAsync(database, tenant, customer, "FA-CLI", new DateOnly(2026, 3, 16), 99m);
        var db = database.Target.ConnectionString;

        var (code, output) = await RunAsync("--db", db, "--json", "dunning", "plans");
        code.ShouldBe(0);
        JsonDocument.Parse(output).RootElement.EnumerateArray().Select(p => p.GetProperty("steps").GetArrayLength()).ShouldBe([6, 6]);

        (code, output) = await RunAsync("--db", db, "--json", "dunning", "run", "--as-of", "2026-03-29", "--dry-run");
        code.ShouldBe(0);
        var action = JsonDocument.Parse(output).RootElement.GetProperty("actions").EnumerateArray().ShouldHaveSingleItem();
        action.GetProperty("stepKey").GetString().ShouldBe("step:2"); // the first step that applies, not the one reached
        action.GetProperty("invoices")[0].GetString().ShouldBe("FA-CLI");

        (code, _) = await RunAsync("--db", db, "dunning", "run", "--as-of", "29/03/2026");
        code.ShouldBe(2);
        (code, _) = await RunAsync("--db", db, "dunning", "approve", "not-a-guid");
        code.ShouldBe(2);
        (code, output) = await RunAsync("--db", db, "dunning", "preview", "--customer", "411CLI", "--step", "2", "--as-of", "2026-03-20");
        code.ShouldBe(0);
        output.ShouldContain("Subject: Relance : factures échues");
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var (code, output, _) = await ConsoleCapture.RunCliAsync(args);
        return (code, output);
    }
}
