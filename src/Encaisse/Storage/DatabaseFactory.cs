using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Storage;

/// <summary>Creates contexts for a <see cref="DatabaseTarget"/> and applies migrations at start.</summary>
/// <remarks>
/// The options are built once per factory, and on PostgreSQL the contexts come from a pool (ADR 1561): a back-office
/// request creates three to six contexts, and building each one's internal services (translators, model lookup, options
/// comparison) cost more CPU than the queries of a simple page. A context taken from the pool is handed out with its
/// tenant, actor and audit action set here, so nothing of its previous use survives.
/// </remarks>
public sealed class DatabaseFactory(DatabaseTarget target)
{
    /// <summary>Contexts kept for reuse on PostgreSQL (EF's default pool size).</summary>
    private const int PoolSize = 1024;

    private readonly Lazy<DbContextOptions> options = new(() => BuildOptions(target));
    private readonly Lazy<Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<PostgresEncaisseDb>?> pool = new(() =>
        target.Provider == DatabaseProvider.Postgres
            ? new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<PostgresEncaisseDb>(
                (DbContextOptions<PostgresEncaisseDb>)BuildOptions(target), PoolSize)
            : null);

    public DatabaseTarget Target { get; } = target;

    public EncaisseDb Create(Guid tenantId = default)
    {
        if (pool.Value is { } contexts)
        {
            EncaisseDb pooled = contexts.CreateDbContext();
            pooled.TenantId = tenantId;
            pooled.Actor = null;
            pooled.AuditAction = null;
            return pooled;
        }

        var db = CreateWithoutOpening(tenantId);
        if (Target.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (the web pages) go on while an import or a dunning run writes.
            db.Database.OpenConnection();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
        }

        return db;
    }

    /// <summary>A context that has not touched the database yet, never pooled (design-time tools).</summary>
    public EncaisseDb CreateWithoutOpening(Guid tenantId = default)
    {
        EncaisseDb db = options.Value switch
        {
            DbContextOptions<SqliteEncaisseDb> sqlite => new SqliteEncaisseDb(sqlite),
            DbContextOptions<PostgresEncaisseDb> postgres => new PostgresEncaisseDb(postgres),
            _ => throw new InvalidOperationException("Unknown provider"),
        };
        db.TenantId = tenantId;
        return db;
    }

    private static DbContextOptions BuildOptions(DatabaseTarget target) => target.Provider switch
    {
        DatabaseProvider.Sqlite => new DbContextOptionsBuilder<SqliteEncaisseDb>()
            .UseSqlite(target.ConnectionString, o => o.CommandTimeout(600)).Options,
        DatabaseProvider.Postgres => new DbContextOptionsBuilder<PostgresEncaisseDb>()
            .UseNpgsql(ForContexts(target.ConnectionString), o => o.CommandTimeout(600)).Options,
        _ => throw new InvalidOperationException("Unknown provider"),
    };

    /// <summary>How many statements each pooled PostgreSQL connection keeps prepared when the connection string does not say (ADR 1571).</summary>
    internal const int AutoPreparedStatements = 128;

    /// <summary>
    /// The session settings every context connection starts with on PostgreSQL when the connection string gives no
    /// <c>Options</c> (ADR 1555): the reporting queries' aggregates are short scans that LLVM compilation slows down, and
    /// their per-document sums should stay in memory. Set once at connection start, not per statement, because pooled
    /// connections are not reset.
    /// </summary>
    internal const string SessionOptions = "-c jit=off -c work_mem=64MB";

    /// <summary>
    /// The contexts' connection string on PostgreSQL; each rule applies unless the string already says something on it.
    /// <list type="bullet">
    /// <item>Npgsql's automatic preparation (ADR 1571): a statement run a few times on a physical connection is prepared
    /// there, so PostgreSQL no longer parses it on every run.</item>
    /// <item>No reset when a connection goes back to the pool (ADR 1555): the reset was seven statements, each its own
    /// transaction on the server, sent at every reopening, and a page reopens three or four times. Nothing the contexts
    /// do changes their session: settings come from <see cref="SessionOptions"/>, temporary tables drop at commit, and
    /// Npgsql still rolls back a transaction left open.</item>
    /// <item>The session settings of <see cref="SessionOptions"/>.</item>
    /// </list>
    /// </summary>
    internal static string ForContexts(string connectionString)
    {
        // A key written with no value (Options= for a pooler that refuses start-up options) counts as said.
        bool Says(params string[] keys) => keys.Any(key => System.Text.RegularExpressions.Regex.IsMatch(
            connectionString, $@"(^|;)\s*{key.Replace(" ", @"\s*")}\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Says("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPreparedStatements;
        }

        if (!Says("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Says("Options"))
        {
            builder.Options = SessionOptions;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Brings the schema to the latest migration, installs the triggers and seeds the shared rates. Safe to call on
    /// every start, by several processes at once: they take turns (<see cref="StartupLock"/>), the later ones find
    /// the work done.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        // Every CLI verb and server start comes here: when the database is already current (the usual case) one read
        // of its stamp says so (ADR 1160); a database stamped by another build (or not yet) is checked by a few plain
        // queries, without building the EF model or the migrations machinery (CLI start-up, issue 11), then stamped.
        await using (var connection = OpenRawConnection())
        {
            if (await SchemaStamp.MatchesAsync(connection, cancellationToken))
            {
                return;
            }
        }

        if (await SchemaCheck.IsCurrentAsync(this, cancellationToken))
        {
            await StampAsync(cancellationToken);
            return;
        }

        await using var exclusive = await StartupLock.AcquireAsync(Target, StartupLock.Schema, cancellationToken);
        await using var db = Create();
        await db.Database.MigrateAsync(cancellationToken);
        // Triggers keeping invoices.settled_minor (ADR 0610); not expressible in the EF model, so not in the migration.
        await Ledger.Storage.SettledTotals.EnsureAsync(db, cancellationToken);
        // The per-customer totals behind balances, kept by triggers on invoices and payments (ADR 1100).
        await Ledger.Storage.PositionTotals.EnsureAsync(db, cancellationToken);
        // The number that says when the customers a search names may have changed, kept by triggers on customers (ADR 1553).
        await Ledger.Storage.CustomerNameVersions.EnsureAsync(db, cancellationToken);
        // The KPI months kept for the dashboard's trend, marked stale by triggers on backdated writes (ADR 1510).
        await Reporting.KpiMonths.EnsureAsync(db, cancellationToken);
        // The audit trail refuses UPDATE and DELETE (ADR 1610).
        await Audit.Storage.AppendOnly.EnsureAsync(db, cancellationToken);
        // Global reference data shipped with the code (ECB and legal interest rates).
        await Legal.Storage.ReferenceRateStore.SeedAsync(db, DateTimeOffset.UtcNow, cancellationToken);
        await StampAsync(cancellationToken);
    }

    /// <summary>Stamps a database found current; a database that refuses the write (read-only file) is checked again next time.</summary>
    private async Task StampAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = OpenRawConnection();
            await SchemaStamp.WriteAsync(connection, ct);
        }
        catch (System.Data.Common.DbException)
        {
            // The stamp only spares the next start the longer check.
        }
    }

    /// <summary>Opens a raw ADO.NET connection for set-based bulk paths.</summary>
    public System.Data.Common.DbConnection OpenRawConnection()
    {
        System.Data.Common.DbConnection connection = Target.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(Target.ConnectionString)
            : new Npgsql.NpgsqlConnection(Target.ConnectionString);
        connection.Open();
        return connection;
    }
}
