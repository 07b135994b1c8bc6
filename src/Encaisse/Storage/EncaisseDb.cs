using System.Linq.Expressions;
using System.Text;
using Encaisse.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Encaisse.Storage;

/// <summary>
/// The one DbContext. Each capability maps its own entities with <see cref="IEntityTypeConfiguration{T}"/>
/// classes in its <c>Storage</c> folder; they are picked up from this assembly. Every <see cref="ITenantOwned"/>
/// entity gets a query filter on <see cref="TenantId"/>, so no query can cross tenants by accident.
/// Tables and columns are snake_case so that hand-written SQL (bulk paths, benchmarks) reads naturally.
/// </summary>
public abstract class EncaisseDb(DbContextOptions options) : DbContext(options)
{
    /// <summary>The tenant every query is restricted to. Guid.Empty sees nothing (not everything).</summary>
    public Guid TenantId { get; set; }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Who the changes saved through this context are made by; null for the system (scheduler, daily run), which the audit trail does not record.</summary>
    public Audit.AuditActor? Actor { get; set; }

    /// <summary>The action key an operation gives the changes it is about to save (e.g. <c>allocation.manual</c>); null: <c>{object}.{created|updated|deleted}</c>.</summary>
    public string? AuditAction { get; set; }

    /// <summary>Names the action of the changes saved until the returned scope is disposed.</summary>
    public IDisposable AuditAs(string action)
    {
        var previous = AuditAction;
        AuditAction = action;
        return new ActionScope(this, previous);
    }

    private sealed class ActionScope(EncaisseDb db, string? previous) : IDisposable
    {
        public void Dispose() => db.AuditAction = previous;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Audit.AuditTrail.Capture(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Audit.AuditTrail.Capture(this);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<Instalment> Instalments => Set<Instalment>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Allocation> Allocations => Set<Allocation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(EncaisseDb).Assembly);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsOwned())
            {
                // Owned types (addresses) share their owner's table and name their columns explicitly.
                continue;
            }

            entity.SetTableName(SnakeCase(entity.GetTableName() ?? entity.ClrType.Name));

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.GetColumnName()));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName() ?? "pk"));
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName(SnakeCase(fk.GetConstraintName() ?? "fk"));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName() ?? "ix"));
            }

            if (IsFilteredByTenant(entity) && !OmitTenantFiltersForCompiledModel)
            {
                modelBuilder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType, Expression.Constant(this)));
            }
        }
    }

    /// <summary>Set only by the tool that writes the compiled model, which cannot hold query filters: they are added to it at run time.</summary>
    internal static bool OmitTenantFiltersForCompiledModel { get; set; }

    /// <summary>
    /// <c>e =&gt; e.TenantId == context.TenantId</c>. EF recognises the context by its type and parameterises the
    /// property per query, so the context expression may be any expression of a context type (the compiled model uses
    /// a typed null constant: it has no context instance).
    /// </summary>
    internal static LambdaExpression TenantFilter(Type clrType, Expression context)
    {
        var e = Expression.Parameter(clrType, "e");
        var body = Expression.Equal(
            Expression.Property(e, nameof(ITenantOwned.TenantId)),
            Expression.Property(context, nameof(TenantId)));
        return Expression.Lambda(body, e);
    }

    /// <summary>The entity types that get the tenant filter: tenant-owned roots of a hierarchy, owned types aside.</summary>
    internal static bool IsFilteredByTenant(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyEntityType entity) =>
        !entity.IsOwned() && entity.BaseType is null && typeof(ITenantOwned).IsAssignableFrom(entity.ClrType);

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                    (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}

/// <summary>SQLite flavour: exists only so that each provider has its own migration history.</summary>
public sealed class SqliteEncaisseDb(DbContextOptions<SqliteEncaisseDb> options) : EncaisseDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>PostgreSQL flavour: exists only so that each provider has its own migration history.</summary>
public sealed class PostgresEncaisseDb(DbContextOptions<PostgresEncaisseDb> options) : EncaisseDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
