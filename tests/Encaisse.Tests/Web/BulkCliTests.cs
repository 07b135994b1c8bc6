using System.Text.Json;
using Encaisse.Tests.Reporting;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Web;

/// <summary><c>encaisse customers assign-collector</c>: each customer's result, exit 1 when one was refused, 2 when the request was.</summary>
public sealed class BulkCliTests
{
    [Fact]
    public async Task Assign_collector_prints_each_customer_and_exits_by_the_worst_outcome()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        var tenant = await database.AddTenantAsync();
        await WebSeed.AddAsync(database.Factory, tenant);
        var db = database.Target.ConnectionString;

        var (exit, stdout, _) = await CliRun.RunAsync("customers", "assign-collector", "--collector", "marie", "411BERNARD", "411NOPE", "--json", "--db", db);
        exit.ShouldBe(1);
        var body = JsonDocument.Parse(stdout).RootElement;
        body.GetProperty("done").GetInt32().ShouldBe(1);
        body.GetProperty("items")[1].GetProperty("code").GetString().ShouldBe("customer.notFound");

        (await CliRun.RunAsync("customers", "assign-collector", "--collector", "marie", "411LEROY", "--db", db)).Exit.ShouldBe(0);
        var refused = await CliRun.RunAsync("customers", "assign-collector", "--collector", "claire", "411DUPONT", "--db", db);
        refused.Exit.ShouldBe(2);
        refused.Err.ShouldContain("Choose a user with the collector role.");

        await using var context = database.For(tenant);
        (await context.Customers.Where(c => c.ExternalRef == "411BERNARD" || c.ExternalRef == "411LEROY").Select(c => c.Collector).ToListAsync()).ShouldAllBe(c => c == "marie");
    }
}
