using Encaisse.Legal.Storage;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Storage;

/// <summary>
/// Several nodes (or `serve --demo` twice) started at the same moment on a new database: migrations, the settled-total
/// triggers and the shared rates are installed once and every process comes up.
/// </summary>
public class ConcurrentStartupTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Four_nodes_migrating_and_seeding_a_new_database_at_once_all_come_up(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        // One factory per "process": each opens its own connections, as separate servers would.
        var nodes = Enumerable.Range(0, 4).Select(_ => new DatabaseFactory(database.Target)).ToList();

        await Task.WhenAll(nodes.Select(n => Task.Run(() => n.MigrateAsync())));

        await using var db = database.Factory.Create();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        var rates = await db.Set<ReferenceRateRow>().Select(r => r.HalfYear).ToListAsync();
        rates.ShouldNotBeEmpty();
        rates.Distinct().Count().ShouldBe(rates.Count);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_serve_demo_started_together_on_a_new_database_both_come_up(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var db = database.Target.ConnectionString;
        await using var first = ServeProcess.Start(db, null, "--demo");
        await using var second = ServeProcess.Start(db, null, "--demo");

        var up = await Task.WhenAll(first.WaitHealthyAsync(TimeSpan.FromMinutes(4)), second.WaitHealthyAsync(TimeSpan.FromMinutes(4)));

        up[0].ShouldBeTrue(first.Output);
        up[1].ShouldBeTrue(second.Output);
        first.KillHard();
        second.KillHard();
        await using var check = database.Factory.Create();
        (await check.Tenants.CountAsync(t => t.Code == "demo")).ShouldBe(1);
        (await check.Customers.IgnoreQueryFilters().CountAsync()).ShouldBe(200);
    }
}
