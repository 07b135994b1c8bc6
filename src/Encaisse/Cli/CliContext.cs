using System.CommandLine;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Cli;

/// <summary>
/// What a CLI verb needs from its surroundings: the parsed options, the database (migrated on first use),
/// the tenant, the clock. Verbs that need no database never open one.
/// </summary>
public sealed class CliContext(ParseResult parse)
{
    private DatabaseFactory? database;

    public ParseResult Parse { get; } = parse;
    public bool Json => Parse.GetValue(GlobalOptions.Json);
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public async Task<DatabaseFactory> DatabaseAsync(CancellationToken ct)
    {
        if (database is null)
        {
            DatabaseTarget target;
            try
            {
                target = DatabaseTarget.Resolve(Parse.GetValue(GlobalOptions.Db));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }

            var factory = new DatabaseFactory(target);
            try
            {
                StartupTrace.Mark("database opening");
                await factory.MigrateAsync(ct);
                StartupTrace.Mark("database ready");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new CommandFailedException($"Cannot open {target.Describe()}: {e.GetBaseException().Message}");
            }

            database = factory;
        }

        return database;
    }

    /// <summary>
    /// The tenant named by --tenant / ENCAISSE_TENANT, or the only one in the database. With
    /// <paramref name="createIfMissing"/> an empty database gets a "default" tenant so that a first import works.
    /// </summary>
    public async Task<Tenant> TenantAsync(CancellationToken ct, bool createIfMissing = false)
    {
        var factory = await DatabaseAsync(ct);
        var code = Parse.GetValue(GlobalOptions.Tenant) ?? Environment.GetEnvironmentVariable("ENCAISSE_TENANT");
        if (StartupTrace.Enabled && factory.Target.Provider == DatabaseProvider.Sqlite)
        {
            _ = Storage.CompiledModel.SqliteEncaisseDbModel.Instance.GetEntityTypes().Count();
            StartupTrace.Mark("compiled model loaded");
        }

        await using var db = factory.Create();
        if (StartupTrace.Enabled)
        {
            // The first context of the process: EF's services (and the compiled model when not traced above); then the relational model (tables,
            // columns), which EF otherwise builds lazily inside the first query. Split here only to be measured.
            StartupTrace.Mark("first context");
            _ = db.Model.GetRelationalModel();
            StartupTrace.Mark("relational model");
        }

        if (code is not null)
        {
            var named = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Code == code, ct);
            if (named is not null)
            {
                return named;
            }

            if (!createIfMissing)
            {
                throw new UsageException($"No tenant '{code}' in {factory.Target.Describe()}.");
            }

            return await TenantStore.CreateAsync(db, code, code, Clock, ct);
        }

        var tenants = await db.Tenants.AsNoTracking().OrderBy(t => t.Code).Take(2).ToListAsync(ct);

        return tenants.Count switch
        {
            1 => tenants[0],
            0 when createIfMissing => await TenantStore.CreateAsync(db, "default", "Mon entreprise", Clock, ct),
            0 => throw new UsageException($"The database {factory.Target.Describe()} has no tenant yet: import data or run 'encaisse demo generate' first."),
            _ => throw new UsageException("The database holds several tenants: choose one with --tenant CODE."),
        };
    }

    /// <summary>A context restricted to <paramref name="tenant"/>.</summary>
    /// <remarks>The person at the CLI is its actor: what they change is in the audit trail.</remarks>
    public async Task<EncaisseDb> DbForAsync(Tenant tenant, CancellationToken ct)
    {
        var db = (await DatabaseAsync(ct)).Create(tenant.Id);
        db.Actor = Audit.AuditActor.OfCli();
        return db;
    }

    /// <summary>Today in the tenant's time zone, from the injected clock.</summary>
    public DateOnly Today(Tenant tenant) => BusinessCalendar.Today(Clock, tenant.TimeZone);
}
