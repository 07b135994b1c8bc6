using Encaisse.Storage;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

// Scaffolds an EF Core migration for both providers from the current model.
//   dotnet run --project tools/Encaisse.MigrationTool -- add NAME
// tools/reset-migrations.sh drops all migrations and scaffolds "Initial" (only before a first release).
var root = FindRepositoryRoot();
var projectDir = Path.Combine(root, "src", "Encaisse");
if (args.Length == 1 && args[0] == "optimize")
{
    return await WriteCompiledModelAsync(projectDir);
}

if (args.Length < 2 || args[0] != "add")
{
    Console.Error.WriteLine("usage: add NAME | optimize");
    return 2;
}

var name = args[1];
foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
{
    var folder = Path.Combine(projectDir, "Storage", "Migrations", provider.ToString());
    var target = provider == DatabaseProvider.Sqlite
        ? new DatabaseTarget(provider, "Data Source=:memory:")
        : new DatabaseTarget(provider, "Host=localhost;Database=scaffold");
    await using var db = new DatabaseFactory(target).CreateWithoutOpening();
    var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
    if (provider == DatabaseProvider.Sqlite)
    {
        new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
    }
    else
    {
        new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices().ConfigureDesignTimeServices(services);
    }

    var scaffolder = services.BuildServiceProvider().GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(name, "Encaisse", "Storage.Migrations." + provider, "C#");
    var files = scaffolder.Save(projectDir, migration, folder);
    Console.WriteLine($"{provider}: {files.MigrationFile}");
}

return 0;

// Writes the SQLite compiled model (Storage/CompiledModel), which spares every CLI verb the model build (issue 11).
// The tenant filters are left out of the generated code (EF cannot generate query filters) and added back when the
// model is loaded (CompiledModelFilters).
static async Task<int> WriteCompiledModelAsync(string projectDir)
{
    var folder = Path.Combine(projectDir, "Storage", "CompiledModel");
    EncaisseDb.OmitTenantFiltersForCompiledModel = true;
    await using var db = new DatabaseFactory(new DatabaseTarget(DatabaseProvider.Sqlite, "Data Source=:memory:")).CreateWithoutOpening();
    var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices().AddDbContextDesignTimeServices(db);
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices().ConfigureDesignTimeServices(services);
    var scaffolder = services.BuildServiceProvider().GetRequiredService<Microsoft.EntityFrameworkCore.Scaffolding.ICompiledModelScaffolder>();
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    var model = db.GetService<Microsoft.EntityFrameworkCore.Metadata.IDesignTimeModel>().Model;
    var files = scaffolder.ScaffoldModel(model, folder, new Microsoft.EntityFrameworkCore.Scaffolding.CompiledModelCodeGenerationOptions
    {
        ContextType = typeof(SqliteEncaisseDb),
        ModelNamespace = "Encaisse.Storage.CompiledModel",
        Language = "C#",
        UseNullableReferenceTypes = true,
    });
    Console.WriteLine($"Sqlite compiled model: {files.Count} files in {folder}");
    return 0;
}

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Encaisse.slnx")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
