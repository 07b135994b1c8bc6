using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Encaisse.Legal.Rates;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Encaisse.Storage;

/// <summary>
/// Says, with a few plain queries on one connection, whether a database is already what <see cref="DatabaseFactory.MigrateAsync"/>
/// would make of it: the latest migration of this build applied, the triggers of this build installed, the shipped rates
/// seeded. Anything missing or unreadable answers "no" and the full migration runs (under the startup lock). Runs only when
/// the database does not carry this build's <see cref="SchemaStamp"/> (the first start of a new build, ADR 1160).
/// </summary>
internal static class SchemaCheck
{
    /// <summary>The triggers <c>MigrateAsync</c> installs, by the name of one of each set (their version is in the name).</summary>
    private static readonly string[] Triggers =
    [
        "allocations_settled_totals_v3",
        Ledger.Storage.PositionTotals.Marker,
        Ledger.Storage.CustomerNameVersions.Marker,
        "kpi_months_v1_invoice_insert",
        Audit.Storage.AppendOnly.TriggerPrefix,
    ];

    public static async Task<bool> IsCurrentAsync(DatabaseFactory factory, CancellationToken ct)
    {
        try
        {
            await using var connection = factory.OpenRawConnection();
            var sqlite = factory.Target.Provider == DatabaseProvider.Sqlite;
            var latest = await ScalarAsync(connection, "SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\"", ct) as string;
            if (latest != LatestMigration(sqlite ? typeof(SqliteEncaisseDb) : typeof(PostgresEncaisseDb)))
            {
                return false;
            }

            foreach (var trigger in Triggers)
            {
                var sql = sqlite
                    ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{trigger}%'"
                    : $"SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE '{trigger}%'";
                if (Convert.ToInt64(await ScalarAsync(connection, sql, ct), CultureInfo.InvariantCulture) == 0)
                {
                    return false;
                }
            }

            return await RatesSeededAsync(connection, ct);
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Every shipped half-year is stored: as shipped, or overridden by a person.</summary>
    private static async Task<bool> RatesSeededAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT half_year, ecb_rate, legal_rate_personal, legal_rate_other, source FROM reference_rates";
        var stored = new Dictionary<string, (decimal Ecb, decimal Personal, decimal Other, string Source)>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                stored[reader.GetString(0)] = (Number(reader.GetValue(1)), Number(reader.GetValue(2)), Number(reader.GetValue(3)), reader.GetString(4));
            }
        }

        return RateTable.Embedded.All.All(r => stored.TryGetValue(r.HalfYear.ToString(), out var row)
            && (row.Source != Legal.Storage.ReferenceRateRow.Embedded
                || (row.Ecb == r.EcbRate && row.Personal == r.LegalRatePersonal && row.Other == r.LegalRateOther)));
    }

    private static decimal Number(object value) => Convert.ToDecimal(value, CultureInfo.InvariantCulture);

    /// <summary>The id of the newest migration compiled for <paramref name="context"/> (from the attributes; no model is built).</summary>
    private static string LatestMigration(Type context) =>
        typeof(DatabaseFactory).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == context && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .Select(t => t.GetCustomAttribute<MigrationAttribute>()!.Id)
            .Max(StringComparer.Ordinal) ?? "";

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
