using System.CommandLine;
using Encaisse.Ledger;
using Encaisse.Ledger.Storage;
using Encaisse.Storage;

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
        // Read in plain SQL (PositionReader, ADR 1170): a verb that only reads never starts EF.
        List<Tenant> found;
        await using (var connection = await RawConnectionAsync(ct))
        {
            found = await new PositionReader(connection, factory.Target.Provider, Guid.Empty).TenantsAsync(code, ct);
        }

        if (code is not null)
        {
            if (found.Count == 1)
            {
                return found[0];
            }

            if (!createIfMissing)
            {
                throw new UsageException($"No tenant '{code}' in {factory.Target.Describe()}.");
            }

            await using var db = factory.Create();
            return await TenantStore.CreateAsync(db, code, code, Clock, ct);
        }

        switch (found.Count)
        {
            case 1:
                return found[0];
            case 0 when createIfMissing:
                await using (var db = factory.Create())
                {
                    return await TenantStore.CreateAsync(db, "default", "Mon entreprise", Clock, ct);
                }

            case 0:
                throw new UsageException($"The database {factory.Target.Describe()} has no tenant yet: import data or run 'encaisse demo generate' first.");
            default:
                throw new UsageException("The database holds several tenants: choose one with --tenant CODE.");
        }
    }

    /// <summary>An open ADO.NET connection to the database, for the plain-SQL reads of short verbs (<see cref="PositionReader"/>).</summary>
    public async Task<System.Data.Common.DbConnection> RawConnectionAsync(CancellationToken ct) => (await DatabaseAsync(ct)).OpenRawConnection();

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
