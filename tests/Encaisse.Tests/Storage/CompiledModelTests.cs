using Encaisse.Ledger;
using Encaisse.Storage;
using Encaisse.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Shouldly;

namespace Encaisse.Tests.Storage;

/// <summary>
/// SQLite runs on the compiled model written by the migration tool (ADR 1101): it must describe the same database as
/// the model the configurations build, and keep the tenant filter on every tenant-owned table, which EF cannot
/// generate and <c>CompiledModelFilters</c> adds back. PostgreSQL builds its model; the isolation story runs on both.
/// </summary>
public class CompiledModelTests
{
    private const string Regenerate = "the SQLite compiled model is out of date: run `dotnet run --project tools/Encaisse.MigrationTool -c Release -- optimize`";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_tenant_reads_only_its_own_rows(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var acme = await database.AddTenantAsync("acme");
        var other = await database.AddTenantAsync("other");
        foreach (var (tenant, name) in new[] { (acme, "Acme client"), (other, "Other client") })
        {
            await using var write = database.For(tenant);
            var customer = new Customer { TenantId = tenant.Id, ExternalRef = "C1", LegalName = name };
            write.Customers.Add(customer);
            write.Invoices.Add(new Invoice
            {
                TenantId = tenant.Id, CustomerId = customer.Id, Number = "F-1", Currency = "EUR", GrossMinor = 100_00,
                NetMinor = 100_00, IssueDate = new DateOnly(2026, 11, 1), DueDate = new DateOnly(2026, 12, 1),
            });
            await write.SaveChangesAsync();
        }

        await using var db = database.For(acme);
        (await db.Customers.Select(c => c.LegalName).ToListAsync()).ShouldBe(["Acme client"]);
        (await db.Invoices.CountAsync()).ShouldBe(1);
        (await (from i in db.Invoices join c in db.Customers on i.CustomerId equals c.Id where i.Number == "F-1" select c.LegalName)
            .SingleAsync()).ShouldBe("Acme client");
        db.TenantId = other.Id; // the filter reads the context's tenant at each query, not the one of the first query
        (await db.Customers.Select(c => c.LegalName).ToListAsync()).ShouldBe(["Other client"]);
        await using var nobody = database.Factory.Create();
        (await nobody.Customers.CountAsync()).ShouldBe(0, "a context without a tenant sees nothing");
    }

    [Fact]
    public async Task The_sqlite_context_runs_on_the_compiled_model_and_it_filters_every_tenant_owned_table()
    {
        await using var db = new DatabaseFactory(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:")).CreateWithoutOpening();
        db.Model.ShouldBeAssignableTo<Encaisse.Storage.CompiledModel.SqliteEncaisseDbModel>();
        var unfiltered = db.Model.GetEntityTypes()
            .Where(EncaisseDb.IsFilteredByTenant)
            .Where(e => e.GetDeclaredQueryFilters().Count != 1)
            .Select(e => e.ClrType.Name)
            .ToList();
        unfiltered.ShouldBeEmpty();
        db.Model.GetEntityTypes().Count(EncaisseDb.IsFilteredByTenant).ShouldBeGreaterThan(40);
    }

    [Fact]
    public async Task The_compiled_model_describes_the_database_the_configurations_build()
    {
        await using var db = new DatabaseFactory(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:")).CreateWithoutOpening();
        var built = db.GetService<IDesignTimeModel>().Model;
        var compiled = db.Model;

        Shape(compiled).ShouldBe(Shape(built), Regenerate);
        Tables(compiled).ShouldBe(Tables(built), Regenerate);
    }

    /// <summary>The database the model maps to: tables, columns with their store types, indexes, foreign keys.</summary>
    private static List<string> Tables(IModel model) => model.GetRelationalModel().Tables
        .SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c.Name}:{c.StoreType}:{c.IsNullable}")
            .Concat(t.Indexes.Select(i => $"{t.Name} index {i.Name}({string.Join(",", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")} {i.Filter}"))
            .Concat(t.ForeignKeyConstraints.Select(f => $"{t.Name} fk {f.Name}->{f.PrincipalTable.Name}:{f.OnDeleteAction}"))
            .Concat(t.UniqueConstraints.Select(u => $"{t.Name} unique {u.Name}({string.Join(",", u.Columns.Select(c => c.Name))})")))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>What a stale compiled model would get wrong without changing a table: members, keys, relationships.</summary>
    private static List<string> Shape(IModel model) => model.GetEntityTypes()
        .SelectMany(e => e.GetProperties().Select(p => $"{e.Name}.{p.Name}:{p.ClrType.Name}:{p.IsNullable}:{p.GetValueConverter()?.ProviderClrType.Name}")
            .Concat(e.GetNavigations().Select(n => $"{e.Name}->{n.Name}:{n.TargetEntityType.Name}"))
            .Concat(e.GetKeys().Select(k => $"{e.Name} key {string.Join(",", k.Properties.Select(p => p.Name))}"))
            .Concat(e.GetForeignKeys().Select(f => $"{e.Name} fk {string.Join(",", f.Properties.Select(p => p.Name))}->{f.PrincipalEntityType.Name}:{f.DeleteBehavior}")))
        .Order(StringComparer.Ordinal)
        .ToList();
}
