using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Encaisse.Tests.Storage;

/// <summary>
/// A current schema is recognised by one read of <c>schema_stamp</c> (ADR 1160): the migration stamps the database with
/// this build; a database stamped by another build is checked the longer way and brought up to date before being stamped.
/// </summary>
public class SchemaStampTests
{
    private const string Trigger = Encaisse.Ledger.Storage.PositionTotals.Marker;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_stamps_the_database_with_this_build(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        (await StampAsync(database)).ShouldBe(SchemaStamp.Current);
        await using var connection = database.Factory.OpenRawConnection();
        (await SchemaStamp.MatchesAsync(connection, default)).ShouldBeTrue();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_stamped_by_another_build_is_checked_repaired_and_stamped_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ExecuteAsync(database, $"UPDATE {SchemaStamp.Table} SET stamp = 'another-build'");
        await DropTriggerAsync(database);

        await database.Factory.MigrateAsync();

        (await TriggerCountAsync(database)).ShouldBe(1);
        (await StampAsync(database)).ShouldBe(SchemaStamp.Current);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_without_a_stamp_table_is_recognised_as_current_and_stamped(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ExecuteAsync(database, $"DROP TABLE {SchemaStamp.Table}");

        await database.Factory.MigrateAsync();

        (await StampAsync(database)).ShouldBe(SchemaStamp.Current);
        (await TriggerCountAsync(database)).ShouldBe(1);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_database_stamped_by_this_build_is_not_checked_again(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await DropTriggerAsync(database);

        await database.Factory.MigrateAsync();

        // The one read trusted the stamp: nothing else was looked at (what makes a verb's start cheap).
        (await TriggerCountAsync(database)).ShouldBe(0);
    }

    private static async Task<string?> StampAsync(TestDatabase database)
    {
        await using var db = database.Factory.Create();
        return await db.Database.SqlQueryRaw<string>($"SELECT stamp AS \"Value\" FROM {SchemaStamp.Table} WHERE id = 1").SingleOrDefaultAsync();
    }

    private static async Task DropTriggerAsync(TestDatabase database) =>
        await ExecuteAsync(database, database.Target.Provider == DatabaseProvider.Sqlite ? $"DROP TRIGGER {Trigger}" : $"DROP TRIGGER {Trigger} ON invoices");

    private static async Task<int> TriggerCountAsync(TestDatabase database)
    {
        await using var db = database.Factory.Create();
        return database.Target.Provider == DatabaseProvider.Sqlite
            ? await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = '{Trigger}'").SingleAsync()
            : await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE tgname = '{Trigger}'").SingleAsync();
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var db = database.Factory.Create();
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
