using Microsoft.EntityFrameworkCore;

namespace Encaisse.Storage;

/// <summary>
/// Whether a set of triggers that <see cref="DatabaseFactory.MigrateAsync"/> installs is in the database, by the name of
/// the one trigger of the set that stands for it (each set puts its version in its names).
/// </summary>
public static class DatabaseTriggers
{
    public static async Task<bool> ExistsAsync(EncaisseDb db, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var count = db.Provider == DatabaseProvider.Sqlite
            ? await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'trigger' AND name = {0}", name).SingleAsync(ct)
            : await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM pg_trigger WHERE tgname = {0}", name).SingleAsync(ct);
        return count > 0;
    }
}
